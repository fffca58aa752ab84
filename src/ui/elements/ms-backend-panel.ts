/** The backend card: choose TF.js' backend, see what runs, and measure training speed. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { live } from 'lit/directives/live.js';
import {
  BACKEND_NAMES,
  isBackendChoice,
  type BackendChoice,
  type BackendInfo,
  type BackendName,
} from '../../shared/backends.ts';
import type { SpeedResult, StepProgress } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { formatInteger } from '../format.ts';
import { speedTable } from '../speed-table.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles, tableStyles, utilityStyles } from '../styles/shared.ts';

const CHOICES: readonly BackendChoice[] = ['auto', ...BACKEND_NAMES];

/** Shows `info` and `speed`; sends `ms-backend-change` and `ms-measure-speed`. */
@customElement('ms-backend-panel')
@localized()
export class MsBackendPanel extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    tableStyles,
    utilityStyles,
    css`
      .field {
        display: grid;
        gap: var(--ms-space-1);
        margin-bottom: var(--ms-space-4);
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: var(--ms-space-1) var(--ms-space-4);
        margin: 0 0 var(--ms-space-4);
        font-size: var(--ms-text-s);
      }
      dt {
        color: var(--ms-text-muted);
      }
      dd {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .threads-note {
        margin: 0 0 var(--ms-space-4);
        font-size: var(--ms-text-s);
      }
      .speed-intro {
        margin: var(--ms-space-1) 0 0;
        font-size: var(--ms-text-s);
      }
      .progress {
        margin-top: var(--ms-space-3);
        font-size: var(--ms-text-s);
      }
      .progress p {
        margin: var(--ms-space-1) 0 0;
      }
      table {
        margin-top: var(--ms-space-4);
      }
      td small {
        display: block;
        color: var(--ms-text-muted);
        white-space: nowrap;
      }
      thead th.model {
        text-transform: none;
        font-family: var(--ms-font-mono);
      }
    `,
  ];

  /** What the worker runs on; `undefined` until it has started. */
  @property({ attribute: false }) info?: BackendInfo;
  /** Whether the worker is busy (the select and the button wait). */
  @property({ type: Boolean }) busy = false;
  /** Whether a speed measurement is running. */
  @property({ type: Boolean }) measuring = false;
  /** The last speed measurement's results. */
  @property({ attribute: false }) speed?: readonly SpeedResult[];
  /** The running measurement's progress. */
  @property({ attribute: false }) speedProgress?: StepProgress;

  override render() {
    const info = this.info;
    const choice = info?.choice ?? 'auto';
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.backendTitle}</h2>
      <div class="field">
        <label for="backend">${s.backendLabel}</label>
        <select id="backend" ?disabled=${!info || this.busy} @change=${this.handleChange}>
          ${CHOICES.map((c) => {
            const available = c === 'auto' || (info?.available.includes(c) ?? false);
            const label = s.backendChoice(c);
            return html`<option value=${c} .selected=${live(c === choice)} ?disabled=${!available}>
              ${available || !info ? label : s.backendUnavailable(label)}
            </option>`;
          })}
        </select>
      </div>
      ${info ? this.renderInfo(info) : nothing} ${info ? this.renderThreadsNote(info) : nothing}
      <div class="actions">
        <button
          type="button"
          ?disabled=${!info || this.busy || this.measuring}
          @click=${this.handleMeasure}
        >
          ${s.speedMeasure}
        </button>
        ${
          this.measuring
            ? html`<button
                type="button"
                aria-label=${s.cancelMeasure}
                @click=${() => emit(this, 'ms-cancel-measure')}
              >
                ${s.cancel}
              </button>`
            : nothing
        }
      </div>
      <p class="speed-intro muted">${s.speedIntro}</p>
      ${this.measuring ? this.renderProgress() : nothing}
      ${this.speed?.length ? this.renderSpeed(this.speed) : nothing}
    </section>`;
  }

  private renderInfo(info: BackendInfo) {
    return html`<dl>
      <dt>${s.backendActive}</dt>
      <dd>${s.backendChoice(info.active)}</dd>
      <dt>${s.backendSimd}</dt>
      <dd>${info.simd ? s.yes : s.no}</dd>
      <dt>${s.backendThreads}</dt>
      <dd>${formatInteger(info.threads)}</dd>
      <dt>${s.backendIsolated}</dt>
      <dd>${info.crossOriginIsolated ? s.yes : s.no}</dd>
      <dt>${s.backendSharedMemory}</dt>
      <dd>${info.sharedArrayBuffer ? s.yes : s.no}</dd>
      ${
        // Our SIMD training kernels, on the threads TF.js has where its memory is shared.
        info.kernelThreads > 0
          ? html`<dt>${s.backendKernelThreads}</dt>
              <dd>${formatInteger(info.kernelThreads)}</dd>`
          : nothing
      }
      ${this.renderTimings(info)}
      ${
        info.gpu
          ? html`<dt>${s.backendGpu}</dt>
              <dd data-gpu-renderer=${info.gpu.renderer}>
                ${info.gpu.software ? s.backendSoftwareGpu(info.gpu.renderer) : info.gpu.renderer}
              </dd>`
          : nothing
      }
    </dl>`;
  }

  /** Why WASM runs on fewer threads than it could, or not at all, when it does. */
  private renderThreadsNote(info: BackendInfo) {
    const note =
      info.startMode === 'cpu'
        ? s.backendStartedCpu
        : info.startMode === 'single'
          ? s.backendStartedSingle
          : !info.crossOriginIsolated
            ? s.backendNotIsolated
            : !info.sharedArrayBuffer
              ? s.backendNoSharedMemory
              : undefined;
    return note
      ? html`<p class="threads-note" data-start-mode=${info.startMode}>${note}</p>`
      : nothing;
  }

  /** How fast each backend trained here (what the automatic choice went by), fastest first. */
  private renderTimings(info: BackendInfo) {
    const timed = Object.entries(info.timings ?? {})
      .filter((entry): entry is [BackendName, number] => Number.isFinite(entry[1]))
      .sort((a, b) => a[1] - b[1]);
    if (timed.length === 0) return nothing;
    return html`<dt>${s.backendTimings}</dt>
      <dd data-timings>
        ${timed.map(
          ([name, ms], i) =>
            html`${i > 0 ? html`<br />` : nothing}${s.backendStepTime(s.backendChoice(name), ms)}`,
        )}
      </dd>`;
  }

  private renderProgress() {
    const p = this.speedProgress;
    return html`<div class="progress" role="status">
      <progress
        aria-label=${s.speedProgressLabel}
        max=${p?.total || 1}
        .value=${p?.done ?? 0}
      ></progress>
      ${p ? html`<p>${s.speedProgressLine(p)}</p>` : nothing}
    </div>`;
  }

  private renderSpeed(results: readonly SpeedResult[]) {
    const table = speedTable(results);
    return html`<p class="caption" id="speed-caption">${s.speedCaption(table.batchSize ?? 0)}</p>
      <div class="table-scroll">
        <table aria-labelledby="speed-caption">
          <thead>
            <tr>
              <th scope="col">${s.speedBackendHeader}</th>
              ${table.models.map((m) => html`<th scope="col" class="num model">${m}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${table.rows.map(
              (row) =>
                html`<tr>
                  <th scope="row">${s.backendChoice(row.backend)}</th>
                  ${row.cells.map((cell, i) =>
                    cell
                      ? html`<td
                          class="num"
                          data-backend=${cell.backend}
                          data-model=${cell.model}
                          data-batch-size=${cell.batchSize}
                          data-examples-per-second=${cell.examplesPerSecond}
                          data-batch-ms=${cell.batchMs}
                        >
                          ${formatInteger(cell.examplesPerSecond)}
                          ${
                            table.fastest[i] === row.backend
                              ? html`<span class="badge">${s.speedFastest}</span>`
                              : nothing
                          }
                          <small>${s.speedBatchMs(cell.batchMs)}</small>
                        </td>`
                      : html`<td class="num">${s.notMeasured}</td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  private handleChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isBackendChoice(value)) emit(this, 'ms-backend-change', value);
  }

  private handleMeasure(): void {
    emit(this, 'ms-measure-speed');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-backend-panel': MsBackendPanel;
  }
  interface GlobalEventHandlersEventMap {
    /** Asks the app to switch TF.js to this backend. */
    'ms-backend-change': CustomEvent<BackendChoice>;
    /** Asks the app to time training batches on every backend. */
    'ms-measure-speed': CustomEvent<undefined>;
    /** Asks the app to cancel the speed measurement in progress. */
    'ms-cancel-measure': CustomEvent<undefined>;
  }
}
