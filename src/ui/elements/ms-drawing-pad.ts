/** A canvas to write a digit on with a mouse, finger or pen; it is read after each stroke. */
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Dark ink on white paper: what a person expects; preprocessing inverts it as MNIST needs. */
const INK = '#111111';
const PAPER = '#ffffff';
/** Stroke width as a fraction of the pad: a digit filling most of the pad gets MNIST-like strokes. */
const STROKE = 1 / 14;

/** Calls `read` with the drawing after every stroke; `Clear` empties it. */
@customElement('ms-drawing-pad')
export class MsDrawingPad extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-2);
        justify-items: start;
      }
      canvas {
        width: min(100%, 360px);
        aspect-ratio: 1;
        border: 2px solid var(--ms-border);
        border-radius: var(--ms-radius-m);
        background: #ffffff; /* PAPER */
        cursor: crosshair;
        /* Strokes, not scrolling or zooming, on touch screens. */
        touch-action: none;
      }
      canvas:focus-visible {
        outline: 3px solid var(--ms-focus);
        outline-offset: 2px;
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
    `,
  ];

  /** Reads the drawing (the panel sends it to the worker). */
  @property({ attribute: false }) read?: (image: ImageBitmap) => Promise<unknown>;
  /** Called when the pad is cleared. */
  @property({ attribute: false }) cleared?: () => void;

  @query('canvas') private canvas!: HTMLCanvasElement;
  private drawing = false;
  private last?: { x: number; y: number };

  override render() {
    return html`
      <canvas
        aria-label=${s.drawingPad}
        aria-describedby="hint"
        tabindex="0"
        @pointerdown=${this.handlePointerDown}
        @pointermove=${this.handlePointerMove}
        @pointerup=${this.handlePointerUp}
        @pointercancel=${this.handlePointerUp}
      ></canvas>
      <p id="hint">${s.drawingHint}</p>
      <button type="button" @click=${this.handleClear}>${s.drawingClear}</button>
    `;
  }

  override firstUpdated(): void {
    this.resize();
  }

  /** Matches the canvas' pixels to its size on screen (sharp on high-DPI screens). */
  private resize(): void {
    const side = Math.round(this.canvas.clientWidth * (globalThis.devicePixelRatio || 1)) || 280;
    this.canvas.width = this.canvas.height = side;
    this.paper();
  }

  private paper(): CanvasRenderingContext2D | null {
    const context = this.canvas.getContext('2d');
    if (!context) return null;
    context.fillStyle = PAPER;
    context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    return context;
  }

  /** The pointer's position in canvas pixels. */
  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * this.canvas.width,
      y: ((event.clientY - box.top) / box.height) * this.canvas.height,
    };
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.strokeStyle = INK;
    context.lineWidth = this.canvas.width * STROKE;
    context.lineCap = context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  private handlePointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    event.preventDefault();
    this.canvas.setPointerCapture(event.pointerId);
    this.drawing = true;
    this.last = this.point(event);
    this.line(this.last, this.last); // a tap leaves a dot
  }

  private handlePointerMove(event: PointerEvent): void {
    if (!this.drawing || !this.last) return;
    // Coalesced events keep fast strokes smooth (several points per frame).
    const events = event.getCoalescedEvents?.() ?? [event];
    for (const e of events.length ? events : [event]) {
      const next = this.point(e);
      this.line(this.last, next);
      this.last = next;
    }
  }

  private async handlePointerUp(): Promise<void> {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = undefined;
    await this.read?.(await createImageBitmap(this.canvas));
  }

  private handleClear(): void {
    this.paper();
    this.cleared?.();
    this.canvas.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-drawing-pad': MsDrawingPad;
  }
}
