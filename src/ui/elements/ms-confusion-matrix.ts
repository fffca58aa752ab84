/** The 10 × 10 confusion matrix: rows are true digits, columns predicted ones. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { confusionRows } from '../confusion.ts';
import { cssProps } from '../css-props.ts';
import { formatInteger } from '../format.ts';
import { strings as s } from '../strings.ts';
import { tableStyles, utilityStyles } from '../styles/shared.ts';

/**
 * Shows `confusion` (`confusion[truth * 10 + predicted]`) with every count written out; the
 * diagonal is bold and framed, and shading (green right, red wrong) only repeats the numbers.
 */
@customElement('ms-confusion-matrix')
@localized()
export class MsConfusionMatrix extends LitElement {
  static override styles = [
    tableStyles,
    utilityStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      table {
        width: auto;
        min-width: 100%;
        font-size: var(--ms-text-xs);
      }
      th,
      td {
        min-width: 28px;
        padding: 6px 2px;
        text-align: center;
        border: 1px solid var(--ms-surface);
      }
      thead th,
      tbody th {
        color: var(--ms-text-muted);
        background: var(--ms-surface-2);
        font-size: var(--ms-text-xs);
        text-transform: none;
        letter-spacing: 0;
      }
      .corner {
        white-space: normal;
        font-weight: 600;
        line-height: 1.2;
      }
      td {
        background: color-mix(in srgb, var(--ms-danger) calc(var(--shade) * 0.5), transparent);
      }
      td.zero {
        color: var(--ms-text-muted);
        opacity: 0.6;
      }
      td.diagonal {
        background: color-mix(in srgb, var(--ms-success) calc(var(--shade) * 0.35), transparent);
        font-weight: 800;
        outline: 2px solid var(--ms-success);
        outline-offset: -2px;
      }
    `,
  ];

  /** Counts, `confusion[truth * 10 + predicted]`. */
  @property({ attribute: false }) confusion: readonly number[] = [];

  override render() {
    const rows = confusionRows(this.confusion);
    return html`<p class="caption" id="caption">${s.confusionCaption}</p>
      <div class="table-scroll">
        <table aria-labelledby="caption">
          <thead>
            <tr>
              <th scope="col" class="corner">${s.confusionTrue} ↓ / ${s.confusionPredicted} →</th>
              ${rows.map((row) => html`<th scope="col">${row.truth}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) =>
                html`<tr>
                  <th scope="row">${row.truth}</th>
                  ${row.cells.map(
                    (cell) =>
                      html`<td
                        class=${cell.diagonal ? 'diagonal' : cell.count === 0 ? 'zero' : ''}
                        ${cssProps({ '--shade': `${Math.round(cell.shade * 100)}%` })}
                        title=${s.confusionCell(cell.count, row.truth, cell.predicted)}
                      >
                        ${formatInteger(cell.count)}
                      </td>`,
                  )}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-confusion-matrix': MsConfusionMatrix;
  }
}
