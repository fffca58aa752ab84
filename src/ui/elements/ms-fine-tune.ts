/**
 * "Learn my handwriting": its options (epochs; train only the dense layers), Start (unavailable,
 * with the reason, below `MIN_PERSONAL_DIGITS` digits, without MNIST, or while another job
 * runs), the run's progress with Pause/Resume/Stop, and the honest result: accuracy on the
 * held-out digits and on the MNIST test set, before → after.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { live } from 'lit/directives/live.js';
import { TEST_COUNT } from '../../shared/mnist.ts';
import {
  FINE_TUNE_DEFAULTS,
  MIN_PERSONAL_DIGITS,
  type FineTuneConfig,
  type FineTuneOutcome,
  type FineTuneProgress,
} from '../../shared/personal.ts';
import { emit } from '../events.ts';
import { formatPercent, formatPointChange } from '../format.ts';
import { strings as s, type FineTunePhaseShown } from '../strings.ts';
import { controlStyles, tableStyles, utilityStyles } from '../styles/shared.ts';
import { fineTuneStyles } from './ms-fine-tune.styles.ts';

/** The epochs the form accepts (the worker checks them again). */
const EPOCHS = { min: 1, max: 50 } as const;

/** Sends `ms-fine-tune` (the options), `ms-pause`, `ms-resume` and `ms-stop`; shows the run. */
@customElement('ms-fine-tune')
@localized()
export class MsFineTune extends LitElement {
  static override styles = [controlStyles, tableStyles, utilityStyles, fineTuneStyles];

  /** How many digits My digits holds. */
  @property({ type: Number }) total = 0;
  /** Whether MNIST is stored (the replay mixes it in, the measurement tests on it). */
  @property({ type: Boolean }) dataReady = false;
  /** Why another job keeps this one from starting now, or empty. */
  @property() busy = '';
  /** Whether a fine-tune is running (from Start until it is recorded). */
  @property({ type: Boolean }) running = false;
  @property({ type: Boolean }) paused = false;
  @property({ type: Boolean }) stopping = false;
  /** The running fine-tune's latest progress. */
  @property({ attribute: false }) progress?: FineTuneProgress;
  /** The last fine-tune's result. */
  @property({ attribute: false }) outcome?: FineTuneOutcome;

  @state() private epochs = FINE_TUNE_DEFAULTS.epochs;
  @state() private freezeConv = FINE_TUNE_DEFAULTS.freezeConv;

  /** Why Start is unavailable, or empty. */
  get blockedReason(): string {
    if (this.running) return '';
    if (this.total < MIN_PERSONAL_DIGITS)
      return s.fineTuneNeedsDigits(MIN_PERSONAL_DIGITS, this.total);
    if (!this.dataReady) return s.fineTuneNeedsData;
    return this.busy;
  }

  override render() {
    const blocked = this.blockedReason;
    return html`<form @submit=${this.handleSubmit} novalidate>
        <p class="muted intro">${s.fineTuneIntro}</p>
        <fieldset ?disabled=${this.running}>
          <div class="field">
            <label for="epochs">${s.fineTuneEpochs}</label>
            <input
              id="epochs"
              type="number"
              inputmode="numeric"
              required
              step="1"
              min=${EPOCHS.min}
              max=${EPOCHS.max}
              .value=${live(String(this.epochs))}
              @input=${this.handleEpochs}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              aria-describedby="freeze-hint"
              .checked=${live(this.freezeConv)}
              @change=${this.handleFreeze}
            />
            ${s.fineTuneFreeze}
          </label>
          <p id="freeze-hint" class="muted hint">${s.fineTuneFreezeHint}</p>
        </fieldset>
        <div class="actions controls">
          <button
            type="submit"
            class="primary start"
            ?disabled=${this.running || !!blocked}
            aria-describedby=${blocked ? 'blocked' : nothing}
          >
            ${s.fineTuneStart}
          </button>
          ${
            this.paused
              ? html`<button
                  type="button"
                  ?disabled=${!this.canPause()}
                  @click=${this.handleResume}
                >
                  ${s.resume}
                </button>`
              : html`<button type="button" ?disabled=${!this.canPause()} @click=${this.handlePause}>
                  ${s.pause}
                </button>`
          }
          <button
            type="button"
            class="danger"
            ?disabled=${!this.running || this.stopping}
            @click=${this.handleStop}
          >
            ${this.stopping ? s.stopping : s.stop}
          </button>
        </div>
        ${blocked ? html`<p id="blocked" class="blocked muted">${blocked}</p>` : nothing}
      </form>
      ${this.running ? this.renderProgress() : nothing}
      ${!this.running && this.outcome ? this.renderOutcome(this.outcome) : nothing}`;
  }

  /** Pause and Resume act while it learns, not while it measures. */
  private canPause(): boolean {
    const phase = this.phase();
    return this.running && !this.stopping && (phase === 'training' || phase === 'paused');
  }

  /** The phase to show: measuring is before the training until the "before" scores are in. */
  private phase(): FineTunePhaseShown {
    const p = this.progress;
    if (!p) return 'measuringBefore';
    if (p.phase === 'measuring') return p.before ? 'measuringAfter' : 'measuringBefore';
    if (this.paused && p.phase === 'training') return 'paused';
    return p.phase;
  }

  private renderProgress() {
    const p = this.progress;
    const phase = this.phase();
    return html`<div class="readout">
      <p class="line" role="status" aria-live="polite" aria-atomic="true">
        <span class="badge phase ${phase}">${s.fineTunePhase(phase)}</span>
        ${p && phase !== 'measuringBefore' ? s.epochLine(p.epoch, p.epochs) : nothing}
      </p>
      ${
        p && p.batchesPerEpoch > 0
          ? html`<p class="batch muted">${s.batchLine(p.batch, p.batchesPerEpoch)}</p>`
          : nothing
      }
      <progress
        aria-label=${s.fineTuneProgressLabel}
        max=${p?.batchesPerEpoch || 1}
        .value=${p?.batch ?? 0}
      ></progress>
    </div>`;
  }

  private renderOutcome({ record }: FineTuneOutcome) {
    const rows = [
      [
        s.fineTunePersonalRow(record.heldOutIds.length),
        record.before.personal,
        record.after.personal,
      ],
      [s.fineTuneMnistRow(TEST_COUNT), record.before.mnist, record.after.mnist],
    ] as const;
    return html`<div class="result">
      <p class="caption" id="result-caption">${s.fineTuneResultCaption}</p>
      <div class="table-scroll">
        <table aria-labelledby="result-caption">
          <thead>
            <tr>
              <th scope="col">${s.fineTuneImages}</th>
              <th scope="col" class="num">${s.fineTuneBefore}</th>
              <th scope="col" class="num">${s.fineTuneAfter}</th>
              <th scope="col" class="num">${s.fineTuneChange}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              ([name, before, after]) =>
                html`<tr>
                  <th scope="row">${name}</th>
                  <td class="num">${formatPercent(before, 1)}</td>
                  <td class="num">${formatPercent(after, 1)}</td>
                  <td class="num change ${after > before ? 'up' : after < before ? 'down' : ''}">
                    ${formatPointChange(before, after)}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <p class="in-use">${s.fineTuneInUse}</p>
    </div>`;
  }

  private handleEpochs(event: Event): void {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    if (Number.isFinite(value)) this.epochs = value;
  }

  private handleFreeze(event: Event): void {
    this.freezeConv = (event.target as HTMLInputElement).checked;
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (this.running || this.blockedReason || !form.reportValidity()) return;
    const config: Partial<FineTuneConfig> = { epochs: this.epochs, freezeConv: this.freezeConv };
    emit(this, 'ms-fine-tune', config);
  }

  private handlePause(): void {
    emit(this, 'ms-pause');
  }

  private handleResume(): void {
    emit(this, 'ms-resume');
  }

  private handleStop(): void {
    emit(this, 'ms-stop');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-fine-tune': MsFineTune;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to fine-tune the model in use on My digits with these options. */
    'ms-fine-tune': CustomEvent<Partial<FineTuneConfig>>;
  }
}
