/**
 * A conv2d layer's kernels as small images, one input channel at a time: blue for negative
 * weights, red for positive, on one scale for the whole layer. Each kernel is focusable and
 * named with its weights; hovering or focusing one shows its weights in a table.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { InsideLayer } from '../../shared/inside.ts';
import { cssColour, diverging, scaleIndex } from '../colormap.ts';
import { cssProps } from '../css-props.ts';
import { formatDecimal, formatList } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** The kernels of `layer` (a conv2d layer with its `kernel`). */
@customElement('ms-filter-grid')
@localized()
export class MsFilterGrid extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-2);
      }
      .kernels {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(44px, 1fr));
        gap: var(--ms-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .kernel {
        display: grid;
        grid-template-columns: repeat(var(--cols), 1fr);
        aspect-ratio: 1;
        border: 2px solid transparent;
        border-radius: 3px;
        overflow: hidden;
      }
      .kernel:focus-visible,
      .kernel.shown {
        border-color: var(--ms-accent);
        outline: none;
      }
      .kernel span {
        background: var(--shade);
      }
      label {
        display: grid;
        gap: var(--ms-space-1);
        max-width: 16em;
      }
      table {
        border-collapse: collapse;
        font-size: var(--ms-text-xs);
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: start;
        font-weight: 600;
      }
      td {
        padding: 2px 6px;
        border: 1px solid var(--ms-border);
        text-align: end;
      }
    `,
  ];

  @property({ attribute: false }) layer?: InsideLayer;
  @state() private channel = 0;
  /** The kernel whose weights the table shows. */
  @state() private shown = 0;

  override render() {
    const layer = this.layer;
    if (!layer?.kernel || !layer.kernelShape) return nothing;
    const [rows, cols, inChannels, filters] = layer.kernelShape;
    const channel = Math.min(this.channel, inChannels - 1);
    let bound = 1e-12;
    for (const w of layer.kernel) bound = Math.max(bound, Math.abs(w));
    const weightsOf = (f: number) =>
      Array.from(
        { length: rows * cols },
        (_, i) => layer.kernel![(i * inChannels + channel) * filters + f],
      );
    const shown = weightsOf(Math.min(this.shown, filters - 1));
    return html`${
        inChannels > 1
          ? html`<label
              >${s.insideInputChannel}
              <select @change=${this.handleChannel}>
                ${Array.from(
                  { length: inChannels },
                  (_, c) => html`<option value=${c} ?selected=${c === channel}>${c + 1}</option>`,
                )}
              </select></label
            >`
          : nothing
      }
      <ul class="kernels">
        ${Array.from({ length: filters }, (_, f) => {
          const weights = weightsOf(f);
          return html`<li>
            <div
              class="kernel ${f === this.shown ? 'shown' : ''}"
              tabindex="0"
              role="img"
              aria-label=${s.insideFilterName(
                f + 1,
                formatList(weights.map((w) => formatDecimal(w, 3))),
              )}
              ${cssProps({ '--cols': String(cols) })}
              @focus=${() => (this.shown = f)}
              @mouseenter=${() => (this.shown = f)}
            >
              ${weights.map(
                (w) =>
                  html`<span
                    ${cssProps({ '--shade': cssColour(diverging, scaleIndex(w, -bound, bound)) })}
                  ></span>`,
              )}
            </div>
          </li>`;
        })}
      </ul>
      <table aria-hidden="true">
        <caption>
          ${s.insideFilterValues(this.shown + 1)}
        </caption>
        ${Array.from(
          { length: rows },
          (_, r) =>
            html`<tr>
              ${shown.slice(r * cols, r * cols + cols).map((w) => html`<td>${formatDecimal(w, 3)}</td>`)}
            </tr>`,
        )}
      </table>`;
  }

  private handleChannel(event: Event): void {
    this.channel = Number((event.target as HTMLSelectElement).value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-filter-grid': MsFilterGrid;
  }
}
