/**
 * One layer's output drawn on one canvas (never one canvas or element per value): a `[h, w, c]`
 * stack as a grid of `c` small maps, a vector as a strip (flatten) or as bars (dense), coloured
 * from a lookup table with one `putImageData`. A map layer can be followable: a click, a tap or
 * the keyboard (arrow keys, Page Up / Page Down) chooses a position, announced as
 * `ms-map-select`. `highlight` outlines a patch (the window a position of the layer above read).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { mapOf, type MapStack } from '../../shared/inside.ts';
import { legendGradient, paintValues, sequential, type ColourTable } from '../colormap.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';

/** A position in a stack of maps (all 0-based). */
export interface MapPosition {
  channel: number;
  y: number;
  x: number;
}

/** A rectangle of one map to outline. */
export interface MapPatch {
  channel: number;
  top: number;
  left: number;
  rows: number;
  cols: number;
}

/** Maps per row of the grid, at most: fewer on a phone, so each map stays readable. */
const gridColumns = () => (matchMedia('(max-width: 600px)').matches ? 4 : 8);
/** Height of the bars of a dense layer, canvas pixels. */
const BAR_HEIGHT = 32;

/** A layer's output (or the input) and how to draw it. */
@customElement('ms-layer-maps')
@localized()
export class MsLayerMaps extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      gap: var(--ms-space-1);
    }
    .frame {
      position: relative;
      line-height: 0;
    }
    canvas {
      width: 100%;
      height: auto;
      image-rendering: pixelated;
      background: var(--ms-border);
      border-radius: 2px;
    }
    canvas.strip {
      height: 24px;
    }
    .frame {
      max-width: 760px;
    }
    :host([single]) .frame {
      max-width: 168px;
    }
    canvas:focus-visible {
      outline: 3px solid var(--ms-accent);
      outline-offset: 2px;
    }
    canvas.selectable {
      cursor: crosshair;
    }
    .mark {
      position: absolute;
      left: var(--left);
      top: var(--top);
      width: var(--width);
      height: var(--height);
      box-sizing: border-box;
      pointer-events: none;
    }
    .selected {
      outline: 2px solid #fff;
      box-shadow: 0 0 0 3px #e4007c;
    }
    .patch {
      outline: 2px solid #e4007c;
      box-shadow: 0 0 0 3px #fff;
    }
    .legend {
      display: flex;
      align-items: center;
      gap: var(--ms-space-2);
      font-size: var(--ms-text-xs);
      color: var(--ms-text-muted);
      font-variant-numeric: tabular-nums;
    }
    .ramp {
      flex: 0 1 120px;
      height: 8px;
      border-radius: 4px;
      background: var(--ramp);
    }
  `;

  /** The values: `[h, w, c]` maps or a `[n]` vector, with their range. */
  @property({ attribute: false }) stack?: MapStack & { min: number; max: number };
  /** The layer's name, for the canvas's accessible name. */
  @property() name = '';
  /** `bars` draws a vector as bars (dense), else as a strip (flatten). */
  @property() vector: 'strip' | 'bars' = 'strip';
  @property({ attribute: false }) table: ColourTable = sequential;
  /** Whether a person can choose a position (conv2d and max-pooling outputs). */
  @property({ type: Boolean }) selectable = false;
  /** A single map (the input) is drawn smaller. */
  @property({ type: Boolean, reflect: true }) single = false;
  @property({ attribute: false }) selected?: MapPosition;
  @property({ attribute: false }) highlight?: MapPatch;

  @query('canvas') private canvas?: HTMLCanvasElement;

  /** `[height, width, channels]` of a map stack, or undefined for a vector. */
  private get maps(): [number, number, number] | undefined {
    const shape = this.stack?.shape;
    return shape?.length === 3 ? (shape as [number, number, number]) : undefined;
  }

  /** Maps per row, chosen when the stack arrives (drawing and outlines must agree). */
  private columns = 1;

  /** Canvas size in pixels: maps with a one-pixel gap, or the vector's strip or bars. */
  private get size(): [number, number] {
    const maps = this.maps;
    const n = this.stack?.values.length ?? 0;
    if (!maps) return this.vector === 'bars' ? [n * 3 - 1, BAR_HEIGHT] : [n, 1];
    const [h, w, c] = maps;
    const cols = this.columns;
    return [cols * (w + 1) - 1, Math.ceil(c / cols) * (h + 1) - 1];
  }

  override render() {
    if (!this.stack) return nothing;
    const [width, height] = this.size;
    const { min, max } = this.stack;
    return html`<div class="frame">
        <canvas
          class="${this.maps ? '' : this.vector} ${this.selectable ? 'selectable' : ''}"
          width=${width}
          height=${height}
          role="img"
          aria-label=${this.label()}
          aria-describedby=${this.selectable ? 'hint' : nothing}
          tabindex=${this.selectable ? 0 : nothing}
          data-layer=${this.name}
          data-min=${min}
          data-max=${max}
          @click=${this.selectable ? this.handleClick : nothing}
          @keydown=${this.selectable ? this.handleKey : nothing}
        ></canvas>
        ${this.mark('patch', this.highlight)}
        ${this.mark('selected', this.selected && { ...this.selected, top: this.selected.y, left: this.selected.x, rows: 1, cols: 1 })}
      </div>
      ${this.selectable ? html`<span id="hint" hidden>${s.insideMapsHint}</span>` : nothing}
      <div class="legend">
        <span>${s.insideRange(min, max)}</span>
        <span
          class="ramp"
          aria-hidden="true"
          ${cssProps({ '--ramp': legendGradient(this.table) })}
        ></span>
      </div>`;
  }

  /** An outline over `patch`, positioned in percent of the canvas (so it scales with it). */
  private mark(kind: string, patch?: MapPatch) {
    const maps = this.maps;
    if (!patch || !maps) return nothing;
    const [h, w] = maps;
    const [width, height] = this.size;
    const cols = this.columns;
    const x = (patch.channel % cols) * (w + 1) + patch.left;
    const y = Math.floor(patch.channel / cols) * (h + 1) + patch.top;
    return html`<div
      class="mark ${kind}"
      ${cssProps({
        '--left': `${(100 * x) / width}%`,
        '--top': `${(100 * y) / height}%`,
        '--width': `${(100 * patch.cols) / width}%`,
        '--height': `${(100 * patch.rows) / height}%`,
      })}
    ></div>`;
  }

  /** The canvas's accessible name: the range and the strongest position. */
  private label(): string {
    const stack = this.stack!;
    const maps = this.maps;
    if (!maps) {
      let at = 0;
      stack.values.forEach((v, i) => {
        if (v > stack.values[at]) at = i;
      });
      const n = stack.values.length;
      return s.insideValuesName(this.name, n, stack.min, stack.max, stack.values[at], at + 1);
    }
    let best = { channel: 0, y: 0, x: 0, value: -Infinity };
    for (let c = 0; c < maps[2]; c++) {
      const map = mapOf(stack, c);
      if (map.max > best.value) best = { channel: c, ...map.strongest, value: map.max };
    }
    const { channel, y, x, value } = best;
    return s.insideMapsName(
      this.name,
      maps[2],
      stack.min,
      stack.max,
      value,
      channel + 1,
      y + 1,
      x + 1,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('stack')) this.columns = Math.min(gridColumns(), this.maps?.[2] ?? 1);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('stack') || changed.has('table') || changed.has('vector')) this.draw();
  }

  private draw(): void {
    const stack = this.stack;
    const context = this.canvas?.getContext('2d');
    if (!stack || !context) return;
    const [width, height] = this.size;
    const image = context.createImageData(width, height);
    const { min, max } = stack;
    const maps = this.maps;
    if (maps) {
      const [h, w, c] = maps;
      const cols = this.columns;
      for (let channel = 0; channel < c; channel++) {
        const left = (channel % cols) * (w + 1);
        const top = Math.floor(channel / cols) * (h + 1);
        paintValues(image, mapOf(stack, channel).values, w, left, top, this.table, min, max);
      }
    } else if (this.vector === 'strip') {
      paintValues(image, stack.values, width, 0, 0, this.table, min, max);
    } else {
      this.paintBars(image, stack.values, min, max);
    }
    context.putImageData(image, 0, 0);
  }

  /** Bars two pixels wide from the zero line, coloured by value. */
  private paintBars(image: ImageData, values: Float32Array, min: number, max: number): void {
    const low = Math.min(0, min);
    const high = Math.max(0, max);
    const span = high - low || 1;
    const zero = Math.round((high / span) * (BAR_HEIGHT - 1));
    const column = new Float32Array(BAR_HEIGHT);
    values.forEach((v, i) => {
      const end = Math.round(((high - v) / span) * (BAR_HEIGHT - 1));
      const [from, to] = end < zero ? [end, zero] : [zero, end];
      for (let x = 0; x < 2; x++) {
        column.fill(v);
        paintValues(image, column.subarray(from, to + 1), 1, i * 3 + x, from, this.table, min, max);
      }
    });
  }

  private handleClick(event: MouseEvent): void {
    const maps = this.maps;
    if (!maps || !this.canvas) return;
    const [h, w, c] = maps;
    const [width, height] = this.size;
    const box = this.canvas.getBoundingClientRect();
    const px = Math.floor(((event.clientX - box.left) / box.width) * width);
    const py = Math.floor(((event.clientY - box.top) / box.height) * height);
    const col = Math.floor(px / (w + 1));
    const row = Math.floor(py / (h + 1));
    const channel = row * this.columns + col;
    if (channel >= c || col >= this.columns) return;
    const x = Math.min(w - 1, px - col * (w + 1));
    const y = Math.min(h - 1, py - row * (h + 1));
    emit(this, 'ms-map-select', { channel, y, x });
  }

  private handleKey(event: KeyboardEvent): void {
    const maps = this.maps;
    if (!maps) return;
    const [h, w, c] = maps;
    const at = this.selected ?? { channel: 0, y: 0, x: 0 };
    const moves: Record<string, Partial<MapPosition>> = {
      ArrowUp: { y: Math.max(0, at.y - 1) },
      ArrowDown: { y: Math.min(h - 1, at.y + 1) },
      ArrowLeft: { x: Math.max(0, at.x - 1) },
      ArrowRight: { x: Math.min(w - 1, at.x + 1) },
      PageUp: { channel: Math.max(0, at.channel - 1) },
      PageDown: { channel: Math.min(c - 1, at.channel + 1) },
      Home: { y: 0, x: 0 },
      Enter: {},
      ' ': {},
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    emit(this, 'ms-map-select', { ...at, ...move });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-layer-maps': MsLayerMaps;
  }
  interface GlobalEventHandlersEventMap {
    /** A person chose a position in a layer's maps. */
    'ms-map-select': CustomEvent<MapPosition>;
  }
}
