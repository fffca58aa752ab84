/**
 * One of My digits, large, in a modal dialog: where it came from and when (with the photo it
 * was read from, if any), "It is really a …" with the ten digits and a button to confirm the
 * new label, and Delete, which asks first. `show` resolves when the dialog closes, with what
 * was changed, so its opener can say so and take the focus back.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import type { PersonalDigit } from '../../shared/personal.ts';
import type { StageImage } from '../../shared/preprocess/stages.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';
import { formatDateTime } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, dialogStyles, utilityStyles } from '../styles/shared.ts';
import { workerClientContext, type WorkerClient } from '../worker-client.ts';
import { digitDialogStyles } from './ms-personal-grid.styles.ts';
import './ms-digit-choice.ts';

/** Where the digit's 28 × 28 image is: image `index` of `count` in the strip at `url`. */
export interface StripPlace {
  url: string;
  index: number;
  count: number;
}

/** What the dialog changed: the digit's new label, or its deletion. */
export type DigitChange = { relabelled: number } | { deleted: true };

/** Relabels or deletes one digit through the client from context, each confirmed. */
@customElement('ms-digit-dialog')
@localized()
export class MsDigitDialog extends LitElement {
  static override styles = [controlStyles, utilityStyles, dialogStyles, digitDialogStyles];

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  @state() private digit?: PersonalDigit;
  @state() private place?: StripPlace;
  @state() private relabelTo = 0;
  /** The dialog asks "Delete this digit?". */
  @state() private confirmingDelete = false;
  @state() private saving = false;
  private change?: DigitChange;
  private closed?: (change: DigitChange | undefined) => void;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('canvas.thumb') private thumbCanvas?: HTMLCanvasElement;

  /** Opens the dialog on `digit`; resolves when it closes, with what was changed. */
  async show(digit: PersonalDigit, place?: StripPlace): Promise<DigitChange | undefined> {
    this.closed?.(undefined);
    this.digit = digit;
    this.place = place;
    this.relabelTo = digit.label;
    this.confirmingDelete = false;
    this.change = undefined;
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.closed = resolve));
  }

  override render() {
    const d = this.digit;
    return html`<dialog aria-labelledby="title" @close=${this.handleClose}>
      ${
        d
          ? html`<h3 id="title">${s.digitDialogTitle(d.label)}</h3>
              <div class="views">${this.renderLarge()} ${this.renderThumb(d.thumb)}</div>
              <p class="muted">
                ${s.digitDialogFacts(s.personalSource(d.source), formatDateTime(d.createdAt))}
              </p>
              ${this.confirmingDelete ? this.renderDeleteQuestion() : this.renderRelabel(d)}`
          : nothing
      }
    </dialog>`;
  }

  /** The 28 × 28 image, large: its part of the collection's strip. */
  private renderLarge() {
    const p = this.place;
    if (!p) return nothing;
    const at = `${(100 * p.index) / Math.max(1, p.count - 1)}%`;
    return html`<span
      class="digit large"
      aria-hidden="true"
      ${cssProps({ '--strip': `url("${p.url}")`, '--count': `${p.count}`, '--at': at })}
    ></span>`;
  }

  /** The photo or frame it was read from, in grey, as kept. */
  private renderThumb(thumb?: StageImage) {
    if (!thumb) return nothing;
    return html`<canvas
      class="thumb"
      width=${thumb.width}
      height=${thumb.height}
      role="img"
      aria-label=${s.digitThumbLabel}
    ></canvas>`;
  }

  private renderRelabel(d: PersonalDigit) {
    return html`<p class="label" aria-hidden="true">${s.digitRelabel}</p>
      <ms-digit-choice
        toggles
        label=${s.digitRelabel}
        .names=${s.digitRelabelName}
        .selected=${this.relabelTo}
        ?disabled=${this.saving}
        @ms-digit-choose=${this.handleRelabelChoose}
      ></ms-digit-choice>
      <div class="actions">
        <button
          type="button"
          class="primary relabel"
          ?disabled=${this.relabelTo === d.label || this.saving}
          @click=${this.handleRelabel}
        >
          ${
            this.relabelTo === d.label
              ? s.digitRelabelChoose
              : s.digitRelabelConfirm(d.label, this.relabelTo)
          }
        </button>
        <button
          type="button"
          class="danger delete"
          ?disabled=${this.saving}
          @click=${this.handleAskDelete}
        >
          ${s.digitDelete}
        </button>
        <button type="button" @click=${() => this.dialog.close()}>${s.myDigitsClose}</button>
      </div>`;
  }

  private renderDeleteQuestion() {
    return html`<p><strong>${s.digitDeleteQuestion}</strong></p>
      <div class="actions">
        <button type="button" class="cancel" @click=${this.handleCancelDelete}>${s.cancel}</button>
        <button
          type="button"
          class="danger solid"
          ?disabled=${this.saving}
          @click=${this.handleDelete}
        >
          ${s.digitDeleteConfirm}
        </button>
      </div>`;
  }

  protected override updated(changed: PropertyValues): void {
    const thumb = this.digit?.thumb;
    if (!changed.has('digit') || !thumb || !this.thumbCanvas) return;
    const context = this.thumbCanvas.getContext('2d');
    if (!context) return;
    const image = context.createImageData(thumb.width, thumb.height);
    thumb.data.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
    context.putImageData(image, 0, 0);
  }

  private handleClose(): void {
    const resolve = this.closed;
    this.closed = undefined;
    this.digit = undefined;
    resolve?.(this.change);
  }

  private handleRelabelChoose(event: CustomEvent<number>): void {
    event.stopPropagation();
    this.relabelTo = event.detail;
  }

  private async handleAskDelete(): Promise<void> {
    this.confirmingDelete = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.cancel')?.focus();
  }

  private async handleCancelDelete(): Promise<void> {
    this.confirmingDelete = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.delete')?.focus();
  }

  private handleRelabel(): Promise<void> {
    const d = this.digit;
    const to = this.relabelTo;
    if (!d || to === d.label) return Promise.resolve();
    return this.apply((client) => client.api.relabelDigit(d.id, to), { relabelled: to });
  }

  private handleDelete(): Promise<void> {
    const d = this.digit;
    if (!d) return Promise.resolve();
    return this.apply((client) => client.api.deleteDigit(d.id), { deleted: true });
  }

  /** Runs a confirmed change and closes the dialog with it (a failure goes to the notifier). */
  private async apply(work: (client: WorkerClient) => Promise<void>, change: DigitChange) {
    if (!this.client || this.saving) return;
    this.saving = true;
    try {
      await work(this.client);
      this.change = change;
      this.dialog.close();
    } catch (error) {
      emit(this, 'ms-error', error);
    } finally {
      this.saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-digit-dialog': MsDigitDialog;
  }
}
