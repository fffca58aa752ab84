/** Figure 4.10: test images with the model's answers, or only the ones it got wrong. */
import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/mnist.ts';
import type { ExampleSet } from '../../shared/protocol.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';

/** How many digits to add to the page per animation frame. */
const DIGITS_PER_FRAME = 20;

/** Draws image `index` of `set` (`count × 784` bytes, 0–255, white ink on black) into `canvas`. */
function drawDigit(canvas: HTMLCanvasElement, set: ExampleSet, index: number): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  const offset = index * IMAGE_PIXELS;
  for (let p = 0; p < IMAGE_PIXELS; p++) {
    const v = set.pixels[offset + p] ?? 0;
    image.data[p * 4] = v;
    image.data[p * 4 + 1] = v;
    image.data[p * 4 + 2] = v;
    image.data[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** Shows `examples`, or `mistakes` when the person ticks Mistakes only. */
@customElement('ms-digit-grid')
@localized()
export class MsDigitGrid extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    css`
      :host {
        display: block;
        container-type: inline-size;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--ms-space-2) var(--ms-space-4);
      }
      h3 {
        margin: 0;
        font-size: var(--ms-text-m);
      }
      .shown {
        margin: 0 0 var(--ms-space-3);
        font-size: var(--ms-text-s);
      }
      ol {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(64px, 1fr));
        gap: var(--ms-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      /* Ten to a row where there is room, so 100 images make a square like figure 4.10. */
      @container (min-width: 640px) {
        ol {
          grid-template-columns: repeat(10, minmax(0, 1fr));
        }
      }
      li {
        padding: var(--ms-space-1);
        border: 2px solid var(--ms-border);
        border-radius: var(--ms-radius-s);
        background: var(--ms-surface-2);
      }
      li.wrong {
        border-color: var(--ms-danger);
        background: var(--ms-danger-soft);
      }
      figure {
        margin: 0;
      }
      canvas {
        display: block;
        width: 100%;
        aspect-ratio: 1;
        border-radius: 3px;
        image-rendering: pixelated;
      }
      figcaption {
        margin-top: 2px;
        font-size: var(--ms-text-xs);
        line-height: 1.25;
        text-align: center;
        font-variant-numeric: tabular-nums;
      }
      li.wrong figcaption {
        color: var(--ms-danger);
        font-weight: 700;
      }
    `,
  ];

  /** The first 100 test images with predictions. */
  @property({ attribute: false }) examples?: ExampleSet;
  /** Up to 100 misclassified test images. */
  @property({ attribute: false }) mistakes?: ExampleSet;

  @state() private mistakesOnly = false;

  @queryAll('canvas') private canvases!: NodeListOf<HTMLCanvasElement>;

  private get shown(): ExampleSet | undefined {
    return this.mistakesOnly ? this.mistakes : this.examples;
  }

  /** How many images the shown set has. */
  private get count(): number {
    const set = this.shown;
    return set ? Math.min(set.labels.length, Math.floor(set.pixels.length / IMAGE_PIXELS)) : 0;
  }

  override render() {
    const set = this.shown;
    const count = this.count;
    const items = Array.from({ length: Math.min(count, this.rendered) }, (_, i) => i);
    return html`
      <div class="head">
        <h3>${s.digitsTitle}</h3>
        <label class="check">
          <input type="checkbox" .checked=${this.mistakesOnly} @change=${this.handleMistakesOnly} />
          ${s.mistakesOnly}
        </label>
      </div>
      <p class="shown muted" role="status">
        ${
          count === 0 && this.mistakesOnly
            ? s.digitsNoMistakes
            : s.digitsShown(count, this.mistakesOnly)
        }
      </p>
      <ol>
        ${
          set
            ? repeat(
                items,
                (i) => `${this.mistakesOnly ? 'm' : 'e'}${set.indices[i]}`,
                (i) => {
                  const predicted = set.predictions[i] ?? -1;
                  const truth = set.labels[i] ?? -1;
                  const wrong = predicted !== truth;
                  return html`<li class=${wrong ? 'wrong' : ''}>
                    <figure>
                      <canvas
                        width=${IMAGE_SIZE}
                        height=${IMAGE_SIZE}
                        role="img"
                        aria-label=${s.digitImageName(set.indices[i] ?? i, predicted, truth)}
                      ></canvas>
                      <figcaption aria-hidden="true">
                        ${wrong ? s.digitWrong(predicted, truth) : s.digitRight(predicted)}
                      </figcaption>
                    </figure>
                  </li>`;
                },
              )
            : ''
        }
      </ol>
    `;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('examples') || changed.has('mistakes') || changed.has('mistakesOnly')) {
      // A new set: its images come in a few per frame, each drawn once its canvas exists.
      this.rendered = Math.min(DIGITS_PER_FRAME, this.count);
      this.drawn = 0;
    }
  }

  override updated(): void {
    cancelAnimationFrame(this.growing);
    const set = this.shown;
    if (!set) return;
    const canvases = this.canvases;
    for (; this.drawn < canvases.length; this.drawn++)
      drawDigit(canvases[this.drawn], set, this.drawn);
    if (this.rendered < this.count) {
      this.growing = requestAnimationFrame(() => {
        this.rendered = Math.min(this.count, this.rendered + DIGITS_PER_FRAME);
      });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page after leaving it half-grown: go on growing.
    if (this.hasUpdated && this.rendered < this.count) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.growing);
  }

  /**
   * How many of the shown images are in the page: 100 figures made, laid out and drawn in one
   * frame would hold the main thread for several frames, so they come `DIGITS_PER_FRAME` at a
   * time.
   */
  @state() private rendered = 0;
  /** How many of the rendered canvases hold their image. */
  private drawn = 0;
  /** The frame request that renders the next few images. */
  private growing = 0;

  private handleMistakesOnly(event: Event): void {
    this.mistakesOnly = (event.target as HTMLInputElement).checked;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-digit-grid': MsDigitGrid;
  }
}
