/** The training card: the form (listing 4.2's recipe by default), the run controls, progress. */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { live } from 'lit/directives/live.js';
import { MODEL_FACTS, MODEL_NAMES, isModelName } from '../../shared/models.ts';
import {
  TRAIN_EXAMPLE_PRESETS,
  TRAIN_LIMITS,
  type Reached99,
  type RunRecord,
  type StepProgress,
  type TrainConfig,
  type TrainPhase,
  type TrainProgress,
} from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { roundRemainingMs } from '../format.ts';
import { strings as s } from '../strings.ts';
import { sanitizeTrainConfig } from '../train-config.ts';
import { cardStyles, controlStyles, utilityStyles } from '../styles/shared.ts';
import { trainPanelStyles } from './ms-train-panel.styles.ts';
import { renderAdvancedSettings, renderRecipeField } from './ms-train-panel.settings.ts';

type NumberField = 'epochs' | 'batchSize' | 'trainExamples';

/**
 * Edits `config` (sending `ms-config-change`), starts a run with `ms-train` and controls it with
 * `ms-pause`, `ms-resume` and `ms-stop`; shows `progress` while `training`.
 */
@customElement('ms-train-panel')
@localized()
export class MsTrainPanel extends LitElement {
  static override styles = [cardStyles, controlStyles, utilityStyles, trainPanelStyles];

  /** The form's values. */
  @property({ attribute: false }) config: TrainConfig = sanitizeTrainConfig({});
  /** Whether a run is in progress (from Train until it is recorded). */
  @property({ type: Boolean }) training = false;
  /** Whether the person paused the run. */
  @property({ type: Boolean }) paused = false;
  /** Whether the person pressed Stop and the run is winding down. */
  @property({ type: Boolean }) stopping = false;
  /** Why Train is unavailable, or empty when it can start. */
  @property() blockedReason = '';
  /** The run's latest progress. */
  @property({ attribute: false }) progress?: TrainProgress;
  /** Progress of the test-set evaluation that ends a run. */
  @property({ attribute: false }) testProgress?: StepProgress;
  /** The latest validation accuracy (0–1) of the current or last run. */
  @property({ attribute: false }) validationAccuracy?: number;
  /** The last finished run, for the summary line. */
  @property({ attribute: false }) lastRun?: RunRecord;

  override render() {
    const c = this.config;
    const running = this.training;
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.trainTitle}</h2>
      <form @submit=${this.handleSubmit} novalidate>
        <fieldset ?disabled=${running}>
          <div class="field wide">
            <label for="model">${s.modelLabel}</label>
            <select id="model" name="model" @change=${this.handleModelChange}>
              ${MODEL_NAMES.map(
                (m) =>
                  html`<option value=${m} .selected=${live(m === c.model)}>
                    ${s.modelOption(m, MODEL_FACTS[m].params)}
                  </option>`,
              )}
            </select>
          </div>
          ${renderRecipeField(c, this.setConfig)}
          ${this.renderNumber('epochs', 'epochs', s.epochsLabel, c.epochs)}
          ${this.renderNumber('batch-size', 'batchSize', s.batchSizeLabel, c.batchSize)}
          <div class="field wide">
            ${this.renderNumber(
              'train-examples',
              'trainExamples',
              s.trainExamplesLabel,
              c.trainExamples,
              'examples-hint',
            )}
            <div class="presets" role="group" aria-label=${s.examplesPresetsLabel}>
              ${TRAIN_EXAMPLE_PRESETS.map(
                (n) =>
                  html`<button
                    type="button"
                    class="chip"
                    aria-label=${s.examplesPresetName(n)}
                    aria-pressed=${c.trainExamples === n ? 'true' : 'false'}
                    @click=${() => this.handlePreset(n)}
                  >
                    ${s.examplesPreset(n)}
                  </button>`,
              )}
            </div>
            <p id="examples-hint" class="hint muted">
              ${s.trainExamplesHint(TRAIN_LIMITS.trainExamples.max)}
            </p>
          </div>
          ${renderAdvancedSettings(c, this.setConfig)}
        </fieldset>
        <slot name="resume"></slot>
        <div class="actions controls">
          <button type="submit" class="primary" ?disabled=${running || !!this.blockedReason}>
            ${s.train}
          </button>
          ${this.renderPauseResume()}
          <button
            type="button"
            class="danger"
            ?disabled=${!running || this.stopping || this.phase() === 'evaluating'}
            @click=${this.handleStop}
          >
            ${this.stopping ? s.stopping : s.stop}
          </button>
        </div>
        ${
          !running && this.blockedReason
            ? html`<p class="blocked muted">${this.blockedReason}</p>`
            : nothing
        }
      </form>
      ${this.renderReadout()}
    </section>`;
  }

  private renderNumber(
    id: string,
    name: NumberField,
    label: string,
    value: number,
    describedBy?: string,
  ) {
    const limit = TRAIN_LIMITS[name];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${name}
        type="number"
        inputmode="numeric"
        required
        step="1"
        min=${limit.min}
        max=${limit.max}
        aria-describedby=${describedBy ?? nothing}
        .value=${live(String(value))}
        @input=${this.handleNumberInput}
      />
    </div>`;
  }

  private renderPauseResume() {
    const phase = this.phase();
    const disabled = !this.training || this.stopping || phase === 'evaluating';
    return this.paused
      ? html`<button type="button" ?disabled=${disabled} @click=${this.handleResume}>
          ${s.resume}
        </button>`
      : html`<button type="button" ?disabled=${disabled} @click=${this.handlePause}>
          ${s.pause}
        </button>`;
  }

  /** The phase to show: the worker's, with a requested pause shown at once. */
  private phase(): TrainPhase | undefined {
    if (!this.training) return this.lastRun ? 'done' : undefined;
    const phase = this.progress?.phase ?? 'preparing';
    return this.paused && (phase === 'training' || phase === 'preparing') ? 'paused' : phase;
  }

  private renderReadout() {
    const p = this.progress;
    const phase = this.phase();
    if (!phase) return html`<p class="readout idle muted">${s.trainIdle}</p>`;
    const fraction = p && p.examplesTotal > 0 ? p.examplesDone / p.examplesTotal : 0;
    const t = this.testProgress;
    const stopped = phase === 'done' && this.lastRun?.stopped === true;
    return html`<div class="readout">
      <p class="line">
        <span role="status" aria-live="polite" aria-atomic="true">
          ${
            stopped
              ? html`<span class="badge phase stopped">${s.trainStopped}</span>`
              : html`<span class="badge phase ${phase}">${s.trainPhase(phase)}</span>`
          }
          ${p ? s.epochLine(p.epoch, p.epochs) : nothing}
        </span>
        ${p ? html`<span class="batch">· ${s.batchLine(p.batch, p.batchesPerEpoch)}</span>` : nothing}
      </p>
      <progress
        aria-label=${s.trainProgressLabel}
        max=${p?.examplesTotal || 1}
        .value=${p?.examplesDone ?? 0}
      ></progress>
      ${
        p
          ? html`<p class="stats">
              <span>${s.percentDone(fraction)}</span>
              ${
                p.examplesPerSecond > 0
                  ? html`<span>${s.examplesPerSecond(p.examplesPerSecond)}</span>`
                  : nothing
              }
              <span
                >${s.elapsed(this.lastRun && !this.training ? this.lastRun.durationMs : p.elapsedMs)}</span
              >
              ${
                this.training && phase !== 'evaluating'
                  ? html`<span
                      >${
                        p.remainingMs === undefined
                          ? s.remainingUnknown
                          : s.remaining(roundRemainingMs(p.remainingMs))
                      }</span
                    >`
                  : nothing
              }
            </p>`
          : nothing
      }
      ${this.renderRunFacts()}
      ${
        this.training && phase === 'evaluating' && t
          ? html`<p class="testing">${s.testingLine(t.done, t.total)}</p>`
          : nothing
      }
      <p class="validation" role="status">
        ${
          this.validationAccuracy === undefined
            ? nothing
            : s.validationAccuracy(this.validationAccuracy)
        }
      </p>
      ${!this.training && this.lastRun ? this.renderRunSummary(this.lastRun) : nothing}
    </div>`;
  }

  /**
   * The run's seed and best epoch so far, and (announced at once) when validation or test
   * accuracy reached 99%: from the progress while training, from the record after.
   */
  private renderRunFacts() {
    const p = this.progress;
    const run = this.training ? undefined : this.lastRun;
    const seed = run ? (run.seed ?? p?.seed) : p?.seed;
    const best = run
      ? run.bestEpoch === undefined
        ? undefined
        : s.bestOf(run.epochs, run.bestEpoch)
      : p?.bestEpoch === undefined
        ? undefined
        : s.bestSoFar(p.bestEpoch);
    const reached: Reached99 = (run ? run.reached99 : undefined) ?? p?.reached99 ?? {};
    return html`${
        seed === undefined && best === undefined
          ? nothing
          : html`<p class="facts">
              ${seed === undefined ? nothing : html`<span>${s.seedLine(String(seed))}</span>`}
              ${best === undefined ? nothing : html`<span class="best">${best}</span>`}
            </p>`
      }
      <p class="milestones" role="status" aria-live="polite">
        ${
          reached.val
            ? html`<span class="badge reached">${s.reached99Validation(reached.val.ms)}</span>`
            : nothing
        }
        ${
          reached.test
            ? html`<span class="badge reached">${s.reached99Test(reached.test.ms)}</span>`
            : nothing
        }
      </p>`;
  }

  private renderRunSummary(run: RunRecord) {
    return html`<p class="summary">
      ${
        run.stopped
          ? s.runStopped(run.epochsCompleted, run.epochs)
          : s.runFinished(run.epochsCompleted, run.durationMs)
      }
    </p>`;
  }

  private change(patch: Partial<TrainConfig>): void {
    emit(this, 'ms-config-change', { ...this.config, ...patch });
  }

  /** Sends the whole new config (the recipe and advanced settings set it). */
  private readonly setConfig = (next: TrainConfig): void => {
    emit(this, 'ms-config-change', next);
  };

  private handleModelChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isModelName(value)) this.change({ model: value });
  }

  private handleNumberInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    const value = input.valueAsNumber;
    // Keep what the person is typing; the form reports invalid values when Train is pressed.
    if (Number.isFinite(value)) this.change({ [input.name as NumberField]: value });
  }

  private handlePreset(count: number): void {
    this.change({ trainExamples: count });
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (this.training || this.blockedReason || !form.reportValidity()) return;
    emit(this, 'ms-train', sanitizeTrainConfig(this.config));
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
    'ms-train-panel': MsTrainPanel;
  }
  interface GlobalEventHandlersEventMap {
    /** The form changed; the app keeps (and remembers) the settings. */
    'ms-config-change': CustomEvent<TrainConfig>;
    /** Asks the app to train a new model with these settings. */
    'ms-train': CustomEvent<TrainConfig>;
    /** Asks the app to pause the run at the next batch boundary. */
    'ms-pause': CustomEvent<undefined>;
    /** Asks the app to resume the paused run. */
    'ms-resume': CustomEvent<undefined>;
    /** Asks the app to end the run at the next batch boundary and test what it learnt. */
    'ms-stop': CustomEvent<undefined>;
  }
}
