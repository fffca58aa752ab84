/** The model card: the chosen model's layer table, as `model.summary()` prints it. */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import { Task } from '@lit/task';
import { MODEL_FACTS, type ModelName } from '../../shared/models.ts';
import type { ModelSummary } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { formatInteger } from '../format.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, tableStyles, utilityStyles } from '../styles/shared.ts';
import { workerClientContext, type WorkerClient } from '../worker-client.ts';

/** Asks the worker (from context) to describe `model`; reports failures with `ms-error`. */
@customElement('ms-model-summary')
@localized()
export class MsModelSummary extends LitElement {
  static override styles = [
    cardStyles,
    tableStyles,
    utilityStyles,
    css`
      .facts {
        margin: 0 0 var(--ms-space-3);
        font-size: var(--ms-text-s);
      }
      table {
        font-size: var(--ms-text-xs);
      }
      th,
      td {
        padding: var(--ms-space-2) 6px;
      }
      thead th {
        letter-spacing: 0.02em;
      }
      tbody th {
        font-weight: 600;
        white-space: nowrap;
      }
      tbody td:nth-child(2) {
        color: var(--ms-text-muted);
      }
      tbody td:nth-child(3) {
        white-space: nowrap;
      }
      .status {
        margin: 0;
        font-size: var(--ms-text-s);
      }
    `,
  ];

  /** Which of the book's models to describe. */
  @property() model: ModelName = 'conv';

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  private summaryTask = new Task(this, {
    args: () => [this.client, this.model] as const,
    task: async ([client, model], { signal }): Promise<ModelSummary | undefined> => {
      if (!client) return undefined;
      try {
        await client.ready();
        const summary = await client.api.describeModel(model);
        // The worker cannot be interrupted; a newer choice only makes this answer moot.
        signal.throwIfAborted();
        return summary;
      } catch (error) {
        if (!signal.aborted) emit(this, 'ms-error', error);
        throw error;
      }
    },
  });

  override render() {
    const facts = MODEL_FACTS[this.model];
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.summaryTitle}</h2>
      <p class="facts muted">
        ${s.summaryFacts(this.model, s.modelSource(this.model), facts.params)}
      </p>
      ${this.summaryTask.render({
        initial: () => html`<p class="status muted">${s.summaryLoading}</p>`,
        pending: () => html`<p class="status muted" role="status">${s.summaryLoading}</p>`,
        complete: (summary) =>
          summary
            ? this.renderTable(summary)
            : html`<p class="status muted">${s.summaryLoading}</p>`,
        error: () => html`<p class="status muted">${s.summaryFailed}</p>`,
      })}
    </section>`;
  }

  private renderTable(summary: ModelSummary) {
    return html`<div class="table-scroll">
      <table>
        <caption class="visually-hidden">
          ${s.summaryCaption(summary.model)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${s.summaryLayer}</th>
            <th scope="col">${s.summaryType}</th>
            <th scope="col">${s.summaryShape}</th>
            <th scope="col" class="num">${s.summaryParams}</th>
          </tr>
        </thead>
        <tbody>
          ${summary.layers.map(
            (layer) =>
              html`<tr>
                <th scope="row">${layer.name}</th>
                <td>${layer.type}</td>
                <td>${layer.outputShape}</td>
                <td class="num">${formatInteger(layer.params)}</td>
              </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="3">${s.summaryTotal}</th>
            <td class="num">${formatInteger(summary.totalParams)}</td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-model-summary': MsModelSummary;
  }
  interface GlobalEventHandlersEventMap {
    /** Something failed; the app shows it through its one notifier (AbortErrors are ignored). */
    'ms-error': CustomEvent<unknown>;
  }
}
