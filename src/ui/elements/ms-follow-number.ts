/**
 * "Follow one number" (figures 4.3–4.5): how the chosen value of a conv2d or max-pooling output
 * comes about, recomputed from the layer below with `traceConv` / `tracePool`, next to the value
 * the model itself produced. Every number shown is rounded; its full value is in `data-value`,
 * and `data-testid` names what it is (`product`, `sum`, `bias`, `result`, `map-value`,
 * `pool-cell` with `data-winner`), for tests and for anyone checking the arithmetic.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import {
  stackBelow,
  traceConv,
  tracePool,
  valueAt,
  type ConvTrace,
  type InsideView,
} from '../../shared/inside.ts';
import { diverging, scaleIndex, cssColour } from '../colormap.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';
import { formatValue } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';
import type { MapPosition } from './ms-layer-maps.ts';

/** A position of layer `layer` of a view. */
export interface FollowedPosition extends MapPosition {
  layer: number;
}

/** Shows the arithmetic behind `position` of `view`. */
@customElement('ms-follow-number')
@localized()
export class MsFollowNumber extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
        padding: var(--ms-space-3);
        border: 2px solid #e4007c;
        border-radius: var(--ms-radius-m);
        background: var(--ms-surface);
      }
      h4,
      h5 {
        margin: 0;
      }
      h5 {
        font-size: var(--ms-text-s);
      }
      .grids {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ms-space-3);
      }
      figure {
        margin: 0;
        display: grid;
        gap: var(--ms-space-1);
      }
      figcaption {
        font-size: var(--ms-text-xs);
        color: var(--ms-text-muted);
      }
      .cells {
        display: grid;
        grid-template-columns: repeat(var(--cols), 4.4em);
        gap: 2px;
      }
      .cells > span {
        padding: 2px;
        text-align: center;
        font-size: var(--ms-text-xs);
        font-variant-numeric: tabular-nums;
        background: var(--shade, var(--ms-surface-2));
        color: #000;
        border-radius: 2px;
      }
      .cells > span[data-winner] {
        outline: 3px solid #e4007c;
        font-weight: 700;
      }
      dl {
        display: grid;
        grid-template-columns: auto auto;
        justify-content: start;
        gap: 2px var(--ms-space-3);
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      dt {
        color: var(--ms-text-muted);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      .sums {
        max-height: 8em;
        overflow: auto;
        font-size: var(--ms-text-xs);
      }
      label {
        display: grid;
        gap: var(--ms-space-1);
        max-width: 16em;
      }
    `,
  ];

  @property({ attribute: false }) view?: InsideView;
  @property({ attribute: false }) position?: FollowedPosition;
  /** The input channel whose patch, filter and products are shown (multi-channel inputs). */
  @property({ type: Number }) inputChannel = 0;

  override render() {
    const view = this.view;
    const at = this.position;
    const layer = at && view?.layers[at.layer];
    if (!view || !at || !layer) return nothing;
    const mapValue = valueAt(layer, at.y, at.x, at.channel);
    const where = s.insideFollowAt(layer.name, at.channel + 1, at.y + 1, at.x + 1);
    return html`<h4>${s.insideFollowTitle}</h4>
      <p>${where}</p>
      ${
        layer.kind === 'conv2d'
          ? this.renderConv(
              traceConv(stackBelow(view, at.layer), layer, at.y, at.x, at.channel),
              layer.activation,
            )
          : this.renderPool(at)
      }
      <dl>
        <dt>${s.insideMapValue}</dt>
        <dd data-testid="map-value" data-value=${mapValue}>${formatValue(mapValue)}</dd>
      </dl>`;
  }

  private renderConv(trace: ConvTrace, activation = 'linear') {
    const channels = trace.channelSums.length;
    const channel = Math.min(this.inputChannel, channels - 1);
    const terms = trace.terms.filter((t) => t.channel === channel);
    const grid = (caption: string, id: string, values: number[]) =>
      this.cells(caption, id, values, trace.cols);
    return html`${
        channels > 1
          ? html`<h5>${s.insideChannelSums}</h5>
              <dl class="sums">
                ${trace.channelSums.map(
                  (sum, c) =>
                    html`<dt>${s.insideChannelSum(c + 1)}</dt>
                      <dd data-testid="channel-sum" data-value=${sum}>${formatValue(sum)}</dd>`,
                )}
              </dl>
              <label
                >${s.insideInputChannel}
                <select @change=${this.handleChannel}>
                  ${trace.channelSums.map(
                    (_, c) => html`<option value=${c} ?selected=${c === channel}>${c + 1}</option>`,
                  )}
                </select></label
              >`
          : nothing
      }
      <div class="grids">
        ${grid(
          s.insidePatch,
          'patch',
          terms.map((t) => t.input),
        )}
        ${grid(
          s.insideFilter,
          'weight',
          terms.map((t) => t.weight),
        )}
        ${grid(
          s.insideProducts,
          'product',
          terms.map((t) => t.product),
        )}
      </div>
      <dl>
        <dt>${s.insideSum}</dt>
        <dd data-testid="sum" data-value=${trace.sum}>${formatValue(trace.sum)}</dd>
        <dt>${s.insideBias}</dt>
        <dd data-testid="bias" data-value=${trace.bias}>${formatValue(trace.bias)}</dd>
        <dt>${s.insidePreActivation}</dt>
        <dd data-testid="pre-activation" data-value=${trace.preActivation}>
          ${formatValue(trace.preActivation)}
        </dd>
        <dt>${s.insideActivation(activation)}</dt>
        <dd data-testid="result" data-value=${trace.value}>${formatValue(trace.value)}</dd>
      </dl>`;
  }

  private renderPool(at: FollowedPosition) {
    const view = this.view!;
    const trace = tracePool(
      stackBelow(view, at.layer),
      view.layers[at.layer],
      at.y,
      at.x,
      at.channel,
    );
    return html`<figure>
        <figcaption>${s.insideWindow}</figcaption>
        <div class="cells" ${cssProps({ '--cols': String(trace.cols) })}>
          ${trace.window.map(
            (v, i) =>
              html`<span data-testid="pool-cell" data-value=${v} ?data-winner=${i === trace.winner}
                >${formatValue(v)}${
                  i === trace.winner
                    ? html`<span class="visually-hidden"> (${s.insideWinner})</span>`
                    : nothing
                }</span
              >`,
          )}
        </div>
      </figure>
      <dl>
        <dt>${s.insidePoolValue}</dt>
        <dd data-testid="result" data-value=${trace.value}>${formatValue(trace.value)}</dd>
      </dl>`;
  }

  /** A small grid of numbers, each shaded on a diverging scale of the grid's largest size. */
  private cells(caption: string, id: string, values: number[], cols: number) {
    const bound = Math.max(1e-12, ...values.map(Math.abs));
    return html`<figure>
      <figcaption>${caption}</figcaption>
      <div class="cells" ${cssProps({ '--cols': String(cols) })}>
        ${values.map(
          (v) =>
            html`<span
              data-testid=${id}
              data-value=${v}
              ${cssProps({ '--shade': cssColour(diverging, scaleIndex(v, -bound, bound)) })}
              >${formatValue(v)}</span
            >`,
        )}
      </div>
    </figure>`;
  }

  private handleChannel(event: Event): void {
    emit(this, 'ms-input-channel', Number((event.target as HTMLSelectElement).value));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-follow-number': MsFollowNumber;
  }
  interface GlobalEventHandlersEventMap {
    /** A person chose which input channel of a conv2d sum to look at. */
    'ms-input-channel': CustomEvent<number>;
  }
}
