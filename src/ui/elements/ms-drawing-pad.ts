/**
 * A canvas to write a digit on with a mouse, finger or pen, or with the keyboard (the arrow keys
 * move a pen, Space puts it down and lifts it); it is read after each stroke.
 *
 * The contract with its owner:
 * - `read(image, signal)` is called after every stroke with the whole pad. Reads may overlap (a
 *   stroke does not wait for the previous answer): the owner shows the answer to the latest call.
 * - `signal` belongs to the drawing on the pad. Clear aborts it first, then empties the pad, then
 *   calls `cleared()`, all at once, never waiting for a read. An answer whose signal is aborted
 *   is for a drawing that is gone: the owner drops it (and may pass the signal on to cancel).
 * - No read is made for a drawing after its Clear: an image taken before Clear but not yet
 *   handed over is dropped. The first stroke after Clear starts a new drawing with a new signal.
 * - The pad leaving the page ends its drawing's signal too.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { cssProps } from '../css-props.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Dark ink on white paper: what a person expects; preprocessing inverts it as MNIST needs. */
const INK = '#111111';
const PAPER = '#ffffff';
/** Stroke width as a fraction of the pad: a digit filling most of the pad gets MNIST-like strokes. */
const STROKE = 1 / 14;
/** One arrow key press moves the keyboard's pen this far (Shift: a quarter of it), in pads. */
const KEY_STEP = 1 / 16;

/** Reads the drawing for this drawing's `signal` (aborted by Clear or the pad leaving). */
export type ReadDrawing = (image: ImageBitmap, signal: AbortSignal) => Promise<unknown>;

/** Calls `read` with the drawing after every stroke; `Clear` empties it (see the contract). */
@customElement('ms-drawing-pad')
@localized()
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
      .pad {
        position: relative;
        width: min(100%, 360px);
      }
      .pad canvas {
        display: block;
        width: 100%;
      }
      /* The keyboard's pen: a ring, filled while it is down. */
      .pen {
        position: absolute;
        width: 20px;
        height: 20px;
        margin: -10px 0 0 -10px;
        border: 3px solid var(--ms-focus);
        border-radius: 50%;
        pointer-events: none;
      }
      .pen.down {
        background: var(--ms-focus);
      }
      canvas:not(:focus-visible) + .pen {
        display: none;
      }
      p {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
    `,
  ];

  /** Reads the drawing (the panel sends it to the worker); `signal` as the contract says. */
  @property({ attribute: false }) read?: ReadDrawing;
  /** The pad's accessible name, when there is more than one pad on the page ("Drawing pad"). */
  @property() label = '';
  /** Its Clear button's accessible name, likewise ("Clear" when empty). */
  @property() clearLabel = '';
  /** Called when the pad is cleared, after the drawing's signal is aborted. */
  @property({ attribute: false }) cleared?: () => void;

  @query('canvas') private canvas!: HTMLCanvasElement;
  private drawing = false;
  private last?: { x: number; y: number };
  /** The keyboard's pen (fractions of the pad), shown once a key moved or put it down. */
  @state() private pen?: { x: number; y: number; down: boolean };
  /** The drawing on the pad: aborted when it is cleared or the pad leaves the page. */
  private drawingSession = new AbortController();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.endDrawing();
  }

  override render() {
    const pen = this.pen;
    return html`
      <div class="pad">
        <canvas
          role="application"
          aria-label=${this.label || s.drawingPad}
          aria-describedby="hint keys"
          tabindex="0"
          @pointerdown=${this.handlePointerDown}
          @pointermove=${this.handlePointerMove}
          @pointerup=${this.handlePointerUp}
          @pointercancel=${this.handlePointerUp}
          @keydown=${this.handleKeyDown}
          @blur=${this.handleBlur}
        ></canvas>
        ${
          pen
            ? html`<span
                class="pen ${pen.down ? 'down' : ''}"
                ${cssProps({ left: `${pen.x * 100}%`, top: `${pen.y * 100}%` })}
              ></span>`
            : nothing
        }
      </div>
      <p id="hint">${s.drawingHint}</p>
      <p id="keys">${s.drawingKeys}</p>
      <button type="button" aria-label=${this.clearLabel || nothing} @click=${this.handleClear}>
        ${s.drawingClear}
      </button>
    `;
  }

  override firstUpdated(): void {
    // Sized once laid out (reading its width now would force a layout of the whole page).
    const sizer = new ResizeObserver(([entry]) => {
      sizer.disconnect();
      this.resize(entry.contentRect.width);
    });
    sizer.observe(this.canvas);
  }

  /** Matches the canvas' pixels to its size on screen (sharp on high-DPI screens). */
  private resize(width: number): void {
    const side = Math.round(width * (globalThis.devicePixelRatio || 1)) || 280;
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
    await this.readDrawing();
  }

  /** Arrow keys move the pen (drawing while it is down); Space puts it down or lifts it. */
  private async handleKeyDown(event: KeyboardEvent): Promise<void> {
    const step = event.shiftKey ? KEY_STEP / 4 : KEY_STEP;
    const move = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    }[event.key];
    if (!move && event.key !== ' ') return;
    event.preventDefault();
    const pen = this.pen ?? { x: 0.5, y: 0.5, down: false };
    const side = this.canvas.width;
    if (move) {
      const clamp = (v: number) => Math.min(1, Math.max(0, v));
      const next = { x: clamp(pen.x + move[0]), y: clamp(pen.y + move[1]), down: pen.down };
      if (pen.down)
        this.line({ x: pen.x * side, y: pen.y * side }, { x: next.x * side, y: next.y * side });
      this.pen = next;
      return;
    }
    this.pen = { ...pen, down: !pen.down };
    const at = { x: pen.x * side, y: pen.y * side };
    if (!pen.down)
      this.line(at, at); // the pen touches the paper: a dot
    else await this.readDrawing(); // lifted: a stroke ended
  }

  /** Leaving the pad lifts the keyboard's pen, reading what it drew. */
  private async handleBlur(): Promise<void> {
    if (!this.pen?.down) return;
    this.pen = { ...this.pen, down: false };
    await this.readDrawing();
  }

  /** Hands the pad's image to `read`, unless the drawing was cleared while it was taken. */
  private async readDrawing(): Promise<void> {
    const { signal } = this.drawingSession;
    const image = await createImageBitmap(this.canvas);
    if (signal.aborted || !this.read) {
      image.close();
      return;
    }
    await this.read(image, signal);
  }

  /** Ends the drawing on the pad: reads under way are for a drawing that is gone. */
  private endDrawing(): void {
    this.drawingSession.abort();
    this.drawingSession = new AbortController();
    this.drawing = false;
    this.last = undefined;
  }

  /** Empties the pad as its Clear button does (its owner kept the drawing), focus on the pad. */
  clear(): void {
    this.handleClear();
  }

  private handleClear(): void {
    this.endDrawing();
    if (this.pen) this.pen = { ...this.pen, down: false };
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
