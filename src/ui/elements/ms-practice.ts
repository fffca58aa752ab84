/**
 * Practice: "Write a 4" (the digit My digits has fewest of, or the one the person picks), a
 * drawing pad of its own read by the worker after every stroke, and Keep, which stores the
 * drawing's 28 × 28 input as that digit and asks for the next one.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import { isAbort } from '../../shared/errors.ts';
import { nextPracticeDigit } from '../../shared/personal.ts';
import type { Prediction } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';
import { transfer, workerClientContext, type WorkerClient } from '../worker-client.ts';
import type { MsDrawingPad } from './ms-drawing-pad.ts';
import './ms-digit-choice.ts';
import './ms-drawing-pad.ts';

/** Asks for digits to write and keeps them (source `practice`) through the client from context. */
@customElement('ms-practice')
@localized()
export class MsPractice extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
      }
      .ask {
        margin: 0;
        font-size: var(--ms-text-xl);
        font-weight: 700;
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
      }
      .said {
        font-size: var(--ms-text-m);
      }
    `,
  ];

  /** How many of each digit My digits holds (the worker's summary). */
  @property({ attribute: false }) counts: readonly number[] = [];

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  /** The digit asked for: picked, or the next after a keep; else the one with fewest examples. */
  @state() private target?: number;
  /** The worker's reading of the drawing on the pad, once it has one. */
  @state() private reading?: Prediction;
  @state() private saving = false;
  /** What the live region says after a keep. */
  @state() private said = '';
  /** The latest reading's number: answers to older ones (or to a cleared pad) are dropped. */
  private seq = 0;

  @query('ms-drawing-pad') private pad?: MsDrawingPad;

  private get digit(): number {
    return this.target ?? nextPracticeDigit(this.counts);
  }

  override render() {
    const digit = this.digit;
    const p = this.reading;
    const written = !!p && !p.empty;
    return html`
      <p class="ask" id="ask">${s.practicePrompt(digit)}</p>
      <p class="muted">${s.practiceHint}</p>
      <ms-drawing-pad
        label=${s.practicePad}
        clearLabel=${s.practiceClear}
        .read=${this.read}
        .cleared=${this.handleCleared}
      ></ms-drawing-pad>
      <p class="muted">
        ${written && p.digit !== undefined ? s.practiceReads(p.digit) : s.practiceNothing}
      </p>
      <div class="actions">
        <button
          type="button"
          class="primary keep"
          ?disabled=${!written || this.saving}
          @click=${this.handleKeep}
        >
          ${s.practiceKeep(digit)}
        </button>
      </div>
      <p class="said" role="status" aria-live="polite">${this.said}</p>
      <p class="muted" aria-hidden="true">${s.practiceChoose}</p>
      <ms-digit-choice
        toggles
        label=${s.practiceChoose}
        .names=${s.practiceChooseName}
        .selected=${digit}
        @ms-digit-choose=${this.handleChoose}
      ></ms-digit-choice>
    `;
  }

  /** Sends the pad's drawing to the worker (after each stroke); keeps the latest answer. */
  private read = async (image: ImageBitmap, signal: AbortSignal): Promise<void> => {
    if (!this.client) return;
    const seq = ++this.seq;
    try {
      const reading = await this.client.api.predict(transfer(image, [image]), seq);
      if (seq === this.seq && !signal.aborted) this.reading = reading;
    } catch (error) {
      if (seq === this.seq && !isAbort(error)) emit(this, 'ms-error', error);
    }
  };

  private handleCleared = (): void => {
    this.seq++; // an answer on its way is for a drawing that is gone
    this.reading = undefined;
  };

  private handleChoose(event: CustomEvent<number>): void {
    event.stopPropagation();
    this.target = event.detail;
    this.said = '';
  }

  /** Keeps the drawing as the digit asked for, then asks for the next one on a clean pad. */
  private async handleKeep(): Promise<void> {
    const p = this.reading;
    if (!p || p.empty || !this.client || this.saving) return;
    const label = this.digit;
    const before = this.counts[label] ?? 0;
    this.saving = true;
    try {
      await this.client.api.keepDigit({
        label,
        input: p.input.slice(),
        source: 'practice',
        createdAt: Date.now(),
      });
      // The worker's summary may not be here yet: count this digit in now.
      const counts = [...this.counts];
      counts[label] = Math.max(counts[label] ?? 0, before + 1);
      const next = nextPracticeDigit(counts);
      this.target = next;
      this.said = `${s.keepDone(label, counts[label])} ${s.practiceNext(next)}`;
      this.pad?.clear();
    } catch (error) {
      emit(this, 'ms-error', error);
    } finally {
      this.saving = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-practice': MsPractice;
  }
}
