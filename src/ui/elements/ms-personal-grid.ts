/**
 * My digits, digit by digit: ten sections of 28 × 28 tiles drawn from the stored inputs (one BMP
 * strip for all of them, as `ms-digit-grid` does), loaded from the worker when the view opens
 * and again whenever the summary's `version` changes. The tiles are one Tab stop (arrow keys
 * move between them); choosing one opens `ms-digit-dialog` to relabel or delete it, confirmed.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../shared/mnist.ts';
import type { PersonalDigit } from '../../shared/personal.ts';
import { cssProps } from '../css-props.ts';
import { digitStrip } from '../digit-image.ts';
import { emit } from '../events.ts';
import { formatDateTime } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';
import { workerClientContext, type WorkerClient } from '../worker-client.ts';
import { personalGridStyles } from './ms-personal-grid.styles.ts';
import type { MsDigitDialog } from './ms-digit-dialog.ts';
import './ms-digit-dialog.ts';

/** The stored digits, ordered by label (oldest first within one), and their image strip. */
interface Collection {
  digits: PersonalDigit[];
  /** Where each label's tiles start in `digits` (and one past the last). */
  starts: number[];
  strip?: string;
}

/** Where image `i` of a strip of `count` sits, as a background position. */
const stripAt = (i: number, count: number): string => `${(100 * i) / Math.max(1, count - 1)}%`;

/** Lists the digits through the client from context; relabels and deletes them when confirmed. */
@customElement('ms-personal-grid')
@localized()
export class MsPersonalGrid extends LitElement {
  static override styles = [controlStyles, utilityStyles, personalGridStyles];

  /** The summary's version: a change means the stored digits changed, so they are listed again. */
  @property({ attribute: false }) version = 0;

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  /** The tile Tab lands on (an index into the collection). */
  @state() private current = 0;
  /** What the live region says after a change. */
  @state() private said = '';
  /** After a change, focus goes back to the tile at `current` once the list is back. */
  private refocus = false;

  @query('ms-digit-dialog') private dialog!: MsDigitDialog;

  private readonly collection = new Task(this, {
    args: () => [this.client, this.version] as const,
    task: async ([client], { signal }): Promise<Collection> => {
      if (!client) return { digits: [], starts: new Array<number>(NUM_CLASSES + 1).fill(0) };
      try {
        const digits = await client.api.listDigits();
        signal.throwIfAborted();
        return this.arrange(digits);
      } catch (error) {
        if (!signal.aborted) emit(this, 'ms-error', error);
        throw error;
      }
    },
  });

  /** The strip of the collection shown, revoked when another replaces it. */
  private stripUrl?: string;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.stripUrl) URL.revokeObjectURL(this.stripUrl);
    this.stripUrl = undefined;
  }

  override render() {
    return html`
      ${this.collection.render({
        initial: () => html`<p class="muted">${s.gridLoading}</p>`,
        pending: () =>
          this.collection.value
            ? this.renderCollection(this.collection.value)
            : html`<p class="muted">${s.gridLoading}</p>`,
        complete: (c) => this.renderCollection(c),
        error: () => nothing,
      })}
      <p class="said" role="status" aria-live="polite">${this.said}</p>
      <ms-digit-dialog></ms-digit-dialog>
    `;
  }

  private renderCollection(c: Collection) {
    const count = c.digits.length;
    return html`<p class="muted hint">${s.gridHint}</p>
      <div
        class="sections"
        @keydown=${this.handleKeyDown}
        ${cssProps(c.strip ? { '--strip': `url("${c.strip}")`, '--count': `${count}` } : {})}
      >
        ${Array.from({ length: NUM_CLASSES }, (_, label) => {
          const from = c.starts[label];
          const to = c.starts[label + 1];
          return html`<section aria-label=${s.gridSectionName(label)}>
            <h4>${s.gridSection(label, to - from)}</h4>
            ${
              to === from
                ? html`<p class="muted none">${s.gridNone(label)}</p>`
                : html`<ol>
                    ${c.digits.slice(from, to).map((d, k) => this.renderTile(d, from + k, count))}
                  </ol>`
            }
          </section>`;
        })}
      </div>`;
  }

  private renderTile(d: PersonalDigit, i: number, count: number) {
    return html`<li>
      <button
        type="button"
        class="tile"
        data-index=${i}
        tabindex=${i === this.current ? 0 : -1}
        aria-label=${s.gridTileName(d.label, s.personalSource(d.source), formatDateTime(d.createdAt))}
        @focus=${() => (this.current = i)}
        @click=${() => this.handleOpen(d, i)}
      >
        <span class="digit" ${cssProps({ '--at': stripAt(i, count) })}></span>
      </button>
    </li>`;
  }

  /** Orders `digits` by label (keeping their order within one) and draws their strip. */
  private arrange(digits: PersonalDigit[]): Collection {
    const ordered = [...digits].sort((a, b) => a.label - b.label);
    const starts = new Array<number>(NUM_CLASSES + 1).fill(0);
    for (const d of ordered) starts[d.label + 1]++;
    for (let label = 1; label <= NUM_CLASSES; label++) starts[label] += starts[label - 1];
    const pixels = new Uint8Array(ordered.length * IMAGE_PIXELS);
    ordered.forEach((d, i) => pixels.set(d.input.subarray(0, IMAGE_PIXELS), i * IMAGE_PIXELS));
    if (this.stripUrl) URL.revokeObjectURL(this.stripUrl);
    this.stripUrl = ordered.length
      ? URL.createObjectURL(digitStrip(pixels, ordered.length))
      : undefined;
    this.current = Math.min(this.current, Math.max(0, ordered.length - 1));
    return { digits: ordered, starts, strip: this.stripUrl };
  }

  protected override updated(): void {
    if (!this.refocus || this.collection.value === undefined) return;
    const tile = this.tile(this.current);
    if (!tile) return;
    this.refocus = false;
    tile.focus();
  }

  private tile(i: number): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`.tile[data-index="${i}"]`);
  }

  /** Left/Right: the previous or next tile; Up/Down: the previous or next digit's first tile. */
  private handleKeyDown(event: KeyboardEvent): void {
    const c = this.collection.value;
    if (!c || !(event.target as HTMLElement).classList.contains('tile')) return;
    const last = c.digits.length - 1;
    const label = c.digits[this.current]?.label ?? 0;
    const firstOf = (from: number, step: number) => {
      for (let l = from; l >= 0 && l < NUM_CLASSES; l += step) {
        if (c.starts[l + 1] > c.starts[l]) return c.starts[l];
      }
      return undefined;
    };
    const moves: Record<string, () => number | undefined> = {
      ArrowLeft: () => this.current - 1,
      ArrowRight: () => this.current + 1,
      ArrowUp: () => firstOf(label - 1, -1),
      ArrowDown: () => firstOf(label + 1, 1),
      Home: () => 0,
      End: () => last,
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = move();
    if (next === undefined || next < 0 || next > last) return;
    this.current = next;
    this.tile(next)?.focus();
  }

  /** Opens the dialog on tile `i`; says what it changed, and gives the tile the focus back. */
  private async handleOpen(d: PersonalDigit, i: number): Promise<void> {
    this.current = i;
    this.said = '';
    const c = this.collection.value;
    const place = c?.strip ? { url: c.strip, index: i, count: c.digits.length } : undefined;
    const change = await this.dialog.show(d, place);
    if (change) {
      this.said = 'deleted' in change ? s.digitDeleted : s.digitRelabelled(change.relabelled);
    }
    this.refocus = true;
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-personal-grid': MsPersonalGrid;
  }
}
