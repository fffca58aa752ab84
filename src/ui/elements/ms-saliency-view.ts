/**
 * "Why this answer": which ink made the model see a digit, for the answer and for any other
 * digit the person picks ("why not 3?", asked of the worker through `ask`). Each pixel shows how
 * much the digit's score (its logit) falls when the 3 × 3 square around it is blanked (the
 * worker's occlusion map): warm ink argues for the digit, cool ink against it, and where
 * blanking changes nothing the map is neutral. The canvas carries, for tests and for anyone
 * checking, `data-on-ink` (the share of the map's mass on ink pixels, `saliencyOnInk`) and
 * `data-ink-share` (the share of pixels that are ink, same threshold).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { saliencyOnInk, type Saliency } from '../../shared/inside.ts';
import { IMAGE_SIZE } from '../../shared/mnist.ts';
import { isAbort } from '../../shared/errors.ts';
import { diverging, legendGradient, paintValues } from '../colormap.ts';
import { cssProps } from '../css-props.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';
import { controlStyles } from '../styles/shared.ts';

/** Pixels above this are ink (`saliencyOnInk`'s default threshold). */
const INK = 0.2;

/** The saliency of `answer` (and of a digit the person picks) over `input`. */
@customElement('ms-saliency-view')
@localized()
export class MsSaliencyView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ms-space-4);
        align-items: start;
      }
      canvas {
        width: 168px;
        height: 168px;
        image-rendering: pixelated;
        border: 1px solid var(--ms-border);
        border-radius: var(--ms-radius-s);
      }
      .side {
        display: grid;
        gap: var(--ms-space-2);
        flex: 1 1 12em;
      }
      label {
        display: grid;
        gap: var(--ms-space-1);
        max-width: 16em;
      }
      p {
        margin: 0;
      }
      .ramp {
        height: 8px;
        max-width: 168px;
        border-radius: 4px;
        background: var(--ramp);
      }
    `,
  ];

  /** The input, 0–1, 784 values. */
  @property({ attribute: false }) input?: Float32Array;
  /** The answer's saliency, from the view. */
  @property({ attribute: false }) saliency?: Saliency;
  @property({ type: Number }) answer = 0;
  /** Asks the worker for another digit's saliency; absent, only the answer's is shown. */
  @property({ attribute: false }) ask?: (digit: number) => Promise<Saliency>;

  /** Another digit's saliency, when the person picked one. */
  @state() private other?: Saliency;
  @state() private asking = false;
  private question = 0;

  @query('canvas') private canvas?: HTMLCanvasElement;

  private get shown(): Saliency | undefined {
    return this.other ?? this.saliency;
  }

  override render() {
    const shown = this.shown;
    if (!shown || !this.input) return nothing;
    const share = saliencyOnInk(shown, this.input);
    const ink = this.input.filter((v) => v > INK).length / this.input.length;
    return html`<p>${s.insideWhyIntro}</p>
      <div class="row">
        <canvas
          width=${IMAGE_SIZE}
          height=${IMAGE_SIZE}
          role="img"
          aria-label=${s.insideSaliencyName(shown.digit, share)}
          data-digit=${shown.digit}
          data-on-ink=${share}
          data-ink-share=${ink}
        ></canvas>
        <div class="side">
          ${
            this.ask
              ? html`<label
                  >${s.insideWhyDigit}
                  <select @change=${this.handleDigit} ?disabled=${this.asking}>
                    ${Array.from(
                      { length: 10 },
                      (_, d) =>
                        html`<option value=${d} ?selected=${d === shown.digit}>
                          ${d === this.answer ? s.insideWhyAnswer(d) : s.insideWhyNot(d, d)}
                        </option>`,
                    )}
                  </select></label
                >`
              : nothing
          }
          <p>${this.asking ? s.insideSaliencyLoading : s.insideOnInk(share)}</p>
          <div
            class="ramp"
            aria-hidden="true"
            ${cssProps({ '--ramp': legendGradient(diverging) })}
          ></div>
        </div>
      </div>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new view (a new image, or the next epoch): back to the answer's saliency.
    if (changed.has('saliency')) {
      this.other = undefined;
      this.question++;
      this.asking = false;
    }
  }

  protected override updated(): void {
    const shown = this.shown;
    const context = this.canvas?.getContext('2d');
    if (!shown || !context) return;
    const image = context.createImageData(IMAGE_SIZE, IMAGE_SIZE);
    const bound = shown.maxAbs || 1;
    paintValues(image, shown.values, IMAGE_SIZE, 0, 0, diverging, -bound, bound);
    context.putImageData(image, 0, 0);
  }

  private async handleDigit(event: Event): Promise<void> {
    const digit = Number((event.target as HTMLSelectElement).value);
    const question = ++this.question;
    if (digit === this.saliency?.digit || !this.ask) {
      this.other = undefined;
      return;
    }
    this.asking = true;
    try {
      const answer = await this.ask(digit);
      if (question === this.question) this.other = answer;
    } catch (error) {
      if (question === this.question && !isAbort(error)) emit(this, 'ms-error', error);
    } finally {
      if (question === this.question) this.asking = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-saliency-view': MsSaliencyView;
  }
}
