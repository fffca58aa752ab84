/**
 * "Is it a 7?" under a reading: That's right, or It's a … and the ten digits. The answer keeps
 * the reading in My digits (the 28 × 28 input the model read, the photo's small grey view, the
 * label, where it came from and when), once per reading; Undo takes it out again. What happened
 * is said in a polite live region.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import type { PersonalDigit, PersonalSource } from '../../shared/personal.ts';
import type { Prediction } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';
import { workerClientContext, type WorkerClient } from '../worker-client.ts';
import './ms-digit-choice.ts';

/** Where a reading on the digit reader came from. */
export type ReadingSource = Extract<PersonalSource, 'draw' | 'image' | 'camera'>;

/** Keeps `prediction` (a reading that found a digit) with the label the person gives. */
@customElement('ms-keep-digit')
@localized()
export class MsKeepDigit extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
        padding-top: var(--ms-space-3);
        border-top: 1px solid var(--ms-border);
      }
      .question {
        margin: 0;
        font-weight: 700;
      }
      .other {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
      p[role='status'] {
        margin: 0;
      }
      /* Empty, it takes no room (and stays in the accessibility tree to be announced). */
      p[role='status']:empty {
        margin-bottom: calc(-1 * var(--ms-space-3));
      }
    `,
  ];

  /** The reading to keep (one that found a digit). */
  @property({ attribute: false }) prediction?: Prediction;
  /** How it was given: drawn, an image, a camera frame. */
  @property() source: ReadingSource = 'draw';
  /** How many of each digit My digits holds (the worker's summary). */
  @property({ attribute: false }) counts: readonly number[] = [];

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  /** The digit kept from this reading, once the worker has it. */
  @state() private kept?: PersonalDigit;
  /** A keep or an undo is on its way to the worker. */
  @state() private saving = false;
  /** What the live region says. */
  @state() private said = '';
  /** How many of the kept digit there were before it, for "you have 12 4s" before the summary says so. */
  private countBefore = 0;

  @query('.undo') private undoButton?: HTMLButtonElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new reading: a new question (what was kept from the last one stays kept).
    if (changed.has('prediction')) {
      this.kept = undefined;
      this.said = '';
    }
    if (this.kept && changed.has('counts')) this.said = this.keptSentence(this.kept.label);
  }

  override render() {
    const p = this.prediction;
    if (!p || p.empty || p.digit === undefined) return nothing;
    // The live region stays in place across both states, so what it says is announced.
    return html`
      <p role="status" aria-live="polite">${this.said}</p>
      ${this.kept ? this.renderKept() : this.renderQuestion(p.digit)}
    `;
  }

  private renderQuestion(digit: number) {
    return html`
      <p class="question" id="question">${s.keepQuestion(digit)}</p>
      <div class="actions">
        <button
          type="button"
          class="primary right"
          aria-describedby="question"
          ?disabled=${this.saving}
          @click=${() => this.keep(digit)}
        >
          ${s.keepRight}
        </button>
      </div>
      <p class="other" aria-hidden="true">${s.keepOther}</p>
      <ms-digit-choice
        label=${s.keepOther}
        .names=${s.keepAsName}
        ?disabled=${this.saving}
        @ms-digit-choose=${this.handleChoose}
      ></ms-digit-choice>
    `;
  }

  private renderKept() {
    const digit = this.kept?.label ?? 0;
    return html`<div class="actions">
      <button
        type="button"
        class="undo"
        aria-label=${s.keepUndoName(digit)}
        ?disabled=${this.saving}
        @click=${this.handleUndo}
      >
        ${s.keepUndo}
      </button>
    </div>`;
  }

  /** "Kept as a 4 … you have 12 4s": the summary's count, or one more than before if it lags. */
  private keptSentence(label: number): string {
    return s.keepDone(label, Math.max(this.counts[label] ?? 0, this.countBefore + 1));
  }

  private handleChoose(event: CustomEvent<number>): void {
    event.stopPropagation();
    void this.keep(event.detail);
  }

  /** Stores the reading as a `label` (a copy of its input: this page keeps showing it). */
  private async keep(label: number): Promise<void> {
    const p = this.prediction;
    if (!p || !this.client || this.saving || this.kept) return;
    this.saving = true;
    this.countBefore = this.counts[label] ?? 0;
    try {
      const kept = await this.client.api.keepDigit({
        label,
        input: p.input.slice(),
        // Photos and frames keep their small grey view; a drawing is its input already.
        ...(this.source !== 'draw' && p.stages ? { thumb: p.stages.original } : {}),
        source: this.source,
        createdAt: Date.now(),
      });
      if (p !== this.prediction) return; // a newer reading came meanwhile
      this.kept = kept;
      this.said = this.keptSentence(label);
      await this.updateComplete;
      this.undoButton?.focus();
    } catch (error) {
      emit(this, 'ms-error', error);
    } finally {
      this.saving = false;
    }
  }

  private async handleUndo(): Promise<void> {
    const kept = this.kept;
    if (!kept || !this.client || this.saving) return;
    this.saving = true;
    try {
      await this.client.api.deleteDigit(kept.id);
      if (this.kept !== kept) return;
      this.kept = undefined;
      this.said = s.keepUndone;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLButtonElement>('.right')?.focus();
    } catch (error) {
      emit(this, 'ms-error', error);
    } finally {
      this.saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-keep-digit': MsKeepDigit;
  }
}
