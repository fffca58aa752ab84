/** The run-history card: every finished or stopped run, newest first, to compare models. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { RunRecord } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { formatDateTime, formatDuration, formatInteger, formatPercent } from '../format.ts';
import { newestFirst } from '../runs.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, tableStyles, utilityStyles } from '../styles/shared.ts';

/** Shows `runs`; sends `ms-delete-run` with a run's id. */
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
        min-width: 880px;
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
      td.actions {
        padding-block: 0;
      }
      .empty {
        margin: 0;
      }
    `,
  ];

  /** The recorded runs, in any order. */
  @property({ attribute: false }) runs: readonly RunRecord[] = [];

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
    return html`<p class="caption" id="caption">${s.historyCaption}</p>
      <div class="table-scroll">
        <table aria-labelledby="caption">
          <thead>
            <tr>
              <th scope="col">${s.historyDate}</th>
              <th scope="col">${s.historyModel}</th>
              <th scope="col">${s.historyEpochs}</th>
              <th scope="col" class="num">${s.historyExamples}</th>
              <th scope="col" class="num">${s.historyBatch}</th>
              <th scope="col">${s.historyBackend}</th>
              <th scope="col" class="num">${s.historyDuration}</th>
              <th scope="col" class="num">${s.historySpeed}</th>
              <th scope="col" class="num">${s.historyValAccuracy}</th>
              <th scope="col" class="num">${s.historyTestAccuracy}</th>
              <th scope="col"><span class="visually-hidden">${s.historyActions}</span></th>
            </tr>
          </thead>
          <tbody>
            ${newestFirst(this.runs).map((run) => this.renderRow(run))}
          </tbody>
        </table>
      </div>`;
  }

  private renderRow(run: RunRecord) {
    const date = formatDateTime(run.finishedAt);
    // data-run: the record as measured, for `npm run bench` to read without parsing text.
    return html`<tr data-run=${JSON.stringify(run)}>
      <th scope="row">${date}</th>
      <td class="model">${run.model}</td>
      <td>
        ${s.historyEpochsOf(run.epochsCompleted, run.epochs)}
        ${run.stopped ? html`<span class="badge stopped">${s.historyStopped}</span>` : nothing}
      </td>
      <td class="num">${formatInteger(run.trainExamples)}</td>
      <td class="num">${formatInteger(run.batchSize)}</td>
      <td>${s.backendChoice(run.backend)}</td>
      <td class="num">${formatDuration(run.durationMs)}</td>
      <td class="num">${formatInteger(run.examplesPerSecond)}</td>
      <td class="num">
        ${run.valAccuracy === undefined ? s.notMeasured : formatPercent(run.valAccuracy)}
      </td>
      <td class="num"><strong>${formatPercent(run.testAccuracy)}</strong></td>
      <td class="actions">
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
      </td>
    </tr>`;
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
  }
}
