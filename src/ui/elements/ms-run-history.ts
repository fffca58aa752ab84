/**
 * The run-history card: every finished or stopped run, newest first, with its recipe, seed,
 * best epoch and time to 99%; Repeat trains a run again, and ticked runs are compared on one
 * chart of validation accuracy per epoch.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { Milestone, RunRecord, TrainConfig } from '../../shared/protocol.ts';
import { bestEpochOf, configOfRun, reached99Of, recipeOf } from '../../shared/recipes.ts';
import { isComparable } from '../chart-data.ts';
import { emit } from '../events.ts';
import { formatDateTime, formatDuration, formatInteger, formatPercent } from '../format.ts';
import { newestFirst } from '../runs.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, tableStyles, utilityStyles } from '../styles/shared.ts';
import './ms-run-compare.ts';

/**
 * Shows `runs`; sends `ms-delete-run` with a run's id and `ms-repeat-run` with the settings
 * (seed included) of a run to train again.
 */
@customElement('ms-run-history')
@localized()
export class MsRunHistory extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    tableStyles,
    utilityStyles,
    css`
      table {
        min-width: 1280px;
      }
      /* The whole 44 × 44 cell around the small box ticks it, on a phone too. */
      label.check {
        min-width: var(--ms-touch);
        justify-content: center;
      }
      caption {
        max-width: 70ch;
      }
      td,
      th {
        white-space: nowrap;
      }
      .model {
        font-weight: 700;
      }
      .stopped {
        margin-inline-start: var(--ms-space-1);
        background: var(--ms-warning-soft);
      }
      /* Not "actions": the shared flex row of that name would take the cell out of its table row. */
      td.run-actions {
        padding-block: var(--ms-space-1);
      }
      .run-actions-inner {
        display: flex;
        gap: var(--ms-space-2);
      }
      td.pick {
        padding-block: 0;
      }
      .settings {
        display: block;
        color: var(--ms-text-muted);
        font-size: var(--ms-text-xs);
      }
      .hint {
        margin: var(--ms-space-2) 0 0;
        font-size: var(--ms-text-s);
      }
      ms-run-compare {
        margin-top: var(--ms-space-4);
      }
      .empty {
        margin: 0;
      }
    `,
  ];

  /** The recorded runs, in any order. */
  @property({ attribute: false }) runs: readonly RunRecord[] = [];
  /** Whether a run can start now (Repeat waits otherwise). */
  @property({ type: Boolean }) canRepeat = false;

  /** The ids of the runs ticked for comparison. */
  @state() private compared: ReadonlySet<number> = new Set();

  override render() {
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.historyTitle}</h2>
      ${
        this.runs.length === 0
          ? html`<p class="intro">${s.historyCaption}</p>
              <p class="empty muted">${s.historyEmpty}</p>`
          : this.renderTable()
      }
    </section>`;
  }

  private renderTable() {
    const runs = newestFirst(this.runs);
    const compared = runs.filter((run) => run.id !== undefined && this.compared.has(run.id));
    // A fine-tune has no validation curve to compare by nature, not by age: no box, no hint.
    const someNotComparable = runs.some((run) => !run.fineTune && !isComparable(run));
    return html`<p class="caption" id="caption">${s.historyCaption}</p>
      <div class="table-scroll">
        <table aria-labelledby="caption">
          <thead>
            <tr>
              <th scope="col"><span class="visually-hidden">${s.historyCompare}</span></th>
              <th scope="col">${s.historyDate}</th>
              <th scope="col">${s.historyModel}</th>
              <th scope="col">${s.historyRecipe}</th>
              <th scope="col">${s.historyEpochs}</th>
              <th scope="col" class="num">${s.historyExamples}</th>
              <th scope="col" class="num">${s.historyBatch}</th>
              <th scope="col" class="num">${s.historySeed}</th>
              <th scope="col">${s.historyBestEpoch}</th>
              <th scope="col">${s.historyBackend}</th>
              <th scope="col" class="num">${s.historyDuration}</th>
              <th scope="col" class="num">${s.historySpeed}</th>
              <th scope="col" class="num">${s.historyValAccuracy}</th>
              <th scope="col" class="num">${s.historyValidation99}</th>
              <th scope="col" class="num">${s.historyTestAccuracy}</th>
              <th scope="col" class="num">${s.historyTest99}</th>
              <th scope="col"><span class="visually-hidden">${s.historyActions}</span></th>
            </tr>
          </thead>
          <tbody>
            ${runs.map((run) => this.renderRow(run))}
          </tbody>
        </table>
      </div>
      ${
        someNotComparable
          ? html`<p id="not-comparable" class="hint muted">${s.historyCompareUnavailable}</p>`
          : nothing
      }
      ${
        compared.length >= 2
          ? html`<ms-run-compare .runs=${compared}></ms-run-compare>`
          : html`<p class="hint muted">${s.historyCompareHint}</p>`
      }`;
  }

  /** When a run reached 99%, or a dash. */
  private renderReached(milestone: Milestone | undefined) {
    return milestone ? s.historyReached(milestone.ms, milestone.examples) : s.notMeasured;
  }

  private renderCompareBox(run: RunRecord, date: string) {
    const id = run.id;
    const comparable = id !== undefined && isComparable(run);
    return html`<label
      class="check"
      title=${comparable ? s.historyCompareName(date) : s.historyCompareUnavailable}
    >
      <input
        type="checkbox"
        aria-label=${s.historyCompareName(date)}
        aria-describedby=${comparable ? nothing : 'not-comparable'}
        ?disabled=${!comparable}
        .checked=${comparable && this.compared.has(id)}
        @change=${(event: Event) =>
          id !== undefined && this.handleCompare(id, (event.target as HTMLInputElement).checked)}
      />
    </label>`;
  }

  /**
   * The run's speed as the live figure showed it (training batches alone) where it was
   * recorded, with the whole duration's figure beside it in the title; else the latter.
   */
  private renderSpeed(run: RunRecord) {
    const training = run.trainingExamplesPerSecond;
    const title =
      training === undefined ? nothing : s.historySpeedDetail(training, run.examplesPerSecond);
    return html`<td class="num" title=${title}>
      ${formatInteger(training ?? run.examplesPerSecond)}
    </td>`;
  }

  private renderRow(run: RunRecord) {
    const date = formatDateTime(run.finishedAt);
    // data-run: the record as measured, for `npm run bench` to read without parsing text.
    const config = configOfRun(run);
    const history = run.history ?? [];
    // Runs record these; the curves give them for a run recorded without (or stopped early).
    const best = run.bestEpoch ?? bestEpochOf(history);
    const reached = run.reached99 ?? reached99Of(history);
    return html`<tr data-run=${JSON.stringify(run)}>
      <td class="pick">${run.fineTune ? nothing : this.renderCompareBox(run, date)}</td>
      <th scope="row">${date}</th>
      <td class="model">${run.model}</td>
      <td>${this.renderRecipe(run, config)}</td>
      <td>
        ${s.historyEpochsOf(run.epochsCompleted, run.epochs)}
        ${run.stopped ? html`<span class="badge stopped">${s.historyStopped}</span>` : nothing}
      </td>
      <td class="num">${formatInteger(run.trainExamples)}</td>
      <td class="num">${formatInteger(run.batchSize)}</td>
      <td class="num">${run.seed === undefined ? s.notMeasured : String(run.seed)}</td>
      <td>${best === undefined ? s.notMeasured : s.historyBestEpochOf(best, run.epochs)}</td>
      <td>${s.backendChoice(run.backend)}</td>
      <td class="num">${formatDuration(run.durationMs)}</td>
      ${this.renderSpeed(run)}
      <td class="num">
        ${run.valAccuracy === undefined ? s.notMeasured : formatPercent(run.valAccuracy)}
      </td>
      <td class="num">${this.renderReached(reached.val)}</td>
      <td class="num"><strong>${formatPercent(run.testAccuracy)}</strong></td>
      <td class="num">${this.renderReached(reached.test)}</td>
      <td class="run-actions">
        <div class="run-actions-inner">
          ${
            // Repeating a fine-tune would train its architecture from scratch: not offered.
            run.fineTune
              ? nothing
              : html`<button
                  type="button"
                  aria-label=${s.historyRepeatName(date)}
                  ?disabled=${!this.canRepeat}
                  @click=${() => this.handleRepeat(config)}
                >
                  ${s.historyRepeat}
                </button>`
          }
          ${
            run.id === undefined
              ? nothing
              : html`<button
                  type="button"
                  class="danger"
                  aria-label=${s.historyDeleteName(date)}
                  @click=${() => this.handleDelete(run.id as number)}
                >
                  ${s.historyDelete}
                </button>`
          }
        </div>
      </td>
    </tr>`;
  }

  /** The recipe, or for a fine-tune what it learned from and what it did to the held-out digits. */
  private renderRecipe(run: RunRecord, config: TrainConfig) {
    const tune = run.fineTune;
    if (!tune) {
      return html`<strong>${s.recipeShort(recipeOf(config))}</strong>
        <span class="settings">${s.recipeSettingsOf(config)}</span>`;
    }
    const layers = tune.freezeConv ? s.historyFineTuneDenseOnly : s.historyFineTuneAllLayers;
    return html`<strong>${s.historyFineTuned}</strong>
      <span class="settings">
        ${s.historyFineTuneSettings(tune.trainDigits, tune.replay, layers)} ·
        ${s.recipeSettingsOf(config)}
      </span>
      <span class="settings">
        ${s.historyFineTuneHeldOut(tune.before.personal, tune.after.personal)}
      </span>`;
  }

  private handleCompare(id: number, checked: boolean): void {
    const next = new Set(this.compared);
    if (checked) next.add(id);
    else next.delete(id);
    this.compared = next;
  }

  private handleRepeat(config: TrainConfig): void {
    emit(this, 'ms-repeat-run', config);
  }

  private handleDelete(id: number): void {
    emit(this, 'ms-delete-run', id);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-run-history': MsRunHistory;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to remove the run with this id from the history. */
    'ms-delete-run': CustomEvent<number>;
    /** Asks the app to put these settings (a recorded run's, seed included) in the form and train. */
    'ms-repeat-run': CustomEvent<TrainConfig>;
  }
}
