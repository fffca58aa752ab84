/**
 * Figure 4.10: test images with the model's answers, or only the ones it got wrong. Each image
 * is a button that opens "Inside the model" on it.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { repeat } from 'lit/directives/repeat.js';
import { IMAGE_PIXELS } from '../../shared/mnist.ts';
import { digitStrip } from '../digit-image.ts';
import { cssProps } from '../css-props.ts';
import type { ExampleSet } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';

/** How many digits to add to the page per animation frame. */
const DIGITS_PER_FRAME = 20;

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
      li:hover {
        border-color: var(--ms-accent);
      }
      /* The image is the button (its caption stays outside: the name says more than it). */
      li button {
        display: block;
        width: 100%;
        min-width: 0;
        min-height: 0;
        padding: 0;
        border: 0;
        border-radius: 3px;
        background: none;
      }
      /* Image i of n is part i of the strip: 100% wide, n times its height, at i / (n − 1). */
      .digit {
        display: block;
        width: 100%;
        aspect-ratio: 1;
        background: var(--strip) 0 var(--at) / 100% calc(100% * var(--count)) no-repeat #000;
        border-radius: 3px;
        image-rendering: pixelated;
      }
      .caption {
        display: block;
        margin-top: 2px;
        font-size: var(--ms-text-xs);
        line-height: 1.25;
        text-align: center;
        font-variant-numeric: tabular-nums;
      }
      li.wrong .caption {
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
      <ol
        ${cssProps(this.strip ? { '--strip': `url("${this.strip}")`, '--count': `${count}` } : {})}
      >
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
                    <button
                      type="button"
                      aria-label=${s.digitImageName(set.indices[i] ?? i, predicted, truth)}
                      @click=${(event: Event) => this.handleInspect(event, i)}
                    >
                      <span
                        class="digit"
                        ${cssProps({ '--at': `${(100 * i) / Math.max(1, count - 1)}%` })}
                      ></span>
                    </button>
                    <span class="caption" aria-hidden="true">
                      ${wrong ? s.digitWrong(predicted, truth) : s.digitRight(predicted)}
                    </span>
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
      // A new set: its images come in a few per frame.
      this.rendered = Math.min(DIGITS_PER_FRAME, this.count);
      this.makeImages();
    }
  }

  override updated(): void {
    cancelAnimationFrame(this.growing);
    if (this.rendered < this.count) {
      this.growing = requestAnimationFrame(() => {
        this.rendered = Math.min(this.count, this.rendered + DIGITS_PER_FRAME);
      });
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page: the images again, and the rest of them if it left half-grown.
    if (this.hasUpdated) {
      this.makeImages();
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.growing);
    this.dropImages();
  }

  /** Makes the shown images' strip and its object URL, in place of the last set's. */
  private makeImages(): void {
    this.dropImages();
    const set = this.shown;
    const count = this.count;
    if (set && count > 0) this.strip = URL.createObjectURL(digitStrip(set.pixels, count));
  }

  private dropImages(): void {
    if (this.strip) URL.revokeObjectURL(this.strip);
    this.strip = undefined;
  }

  /**
   * How many of the shown images are in the page: 100 figures made and laid out in one frame
   * would hold the main thread for several frames, so they come `DIGITS_PER_FRAME` at a time.
   */
  @state() private rendered = 0;
  /** The object URL of the shown images, one BMP strip (see ../digit-image.ts). */
  private strip?: string;
  /** The frame request that renders the next few images. */
  private growing = 0;

  /** Opens "Inside the model" on image `i` of the shown set (from its button). */
  private handleInspect(event: Event, i: number): void {
    const set = this.shown;
    if (!set) return;
    const input = set.pixels.slice(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
    emit(event.currentTarget as HTMLElement, 'ms-inspect', {
      source: 'test',
      input,
      label: set.labels[i],
    });
  }

  private handleMistakesOnly(event: Event): void {
    this.mistakesOnly = (event.target as HTMLInputElement).checked;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-digit-grid': MsDigitGrid;
  }
}
