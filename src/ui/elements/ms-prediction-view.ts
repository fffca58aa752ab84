/** What the model made of an image: the 28 × 28 input it received, ten bars, and the answer. */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, queryAll } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { IMAGE_SIZE } from '../../shared/mnist.ts';
import type { Prediction, PredictionModel } from '../../shared/protocol.ts';
import type { StageImage } from '../../shared/preprocess/stages.ts';
import { cssProps } from '../css-props.ts';
import { formatPercent } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';
import { emit } from '../events.ts';

/** Shows `prediction` (or a hint before the first one) and which `model` reads. */
@customElement('ms-prediction-view')
@localized()
export class MsPredictionView extends LitElement {
  static override styles = [
    controlStyles,
    utilityStyles,
    css`
      :host {
        display: grid;
        gap: var(--ms-space-3);
      }
      .answer {
        margin: 0;
        font-size: var(--ms-text-xl);
        font-weight: 700;
      }
      .hint {
        margin: 0;
        color: var(--ms-text-muted);
      }
      .detail {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: var(--ms-space-4);
        align-items: start;
      }
      figure {
        margin: 0;
        display: grid;
        gap: var(--ms-space-1);
        justify-items: center;
        font-size: var(--ms-text-xs);
        color: var(--ms-text-muted);
      }
      canvas {
        width: 112px;
        height: 112px;
        image-rendering: pixelated;
        border: 1px solid var(--ms-border);
        border-radius: var(--ms-radius-s);
        background: #000;
      }
      ol {
        display: grid;
        gap: 3px;
        margin: 0;
        padding: 0;
        list-style: none;
        font-size: var(--ms-text-s);
      }
      li {
        display: grid;
        grid-template-columns: 1.2em minmax(0, 1fr) 4.2em;
        gap: var(--ms-space-2);
        align-items: center;
      }
      .track {
        height: 10px;
        border-radius: var(--ms-radius-pill);
        background: var(--ms-surface-2);
        overflow: hidden;
      }
      .bar {
        display: block;
        height: 100%;
        background: var(--ms-text-muted);
      }
      li.top {
        font-weight: 700;
      }
      li.top .bar {
        background: var(--ms-accent);
      }
      .value {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      .inside {
        margin: 0;
      }
      .model {
        margin: 0;
        font-size: var(--ms-text-s);
        color: var(--ms-text-muted);
      }
      .stages {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ms-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .stages canvas {
        width: auto;
        height: 72px;
      }
    `,
  ];

  /** The latest reading, if any. */
  @property({ attribute: false }) prediction?: Prediction;
  /** The model that reads digits now (shown before the first reading too). */
  @property({ attribute: false }) model?: PredictionModel;

  /** Show how the image was read (photos and camera frames; a drawing needs no explaining). */
  @property({ type: Boolean }) showStages = false;

  @query('canvas.input') private canvas?: HTMLCanvasElement;
  @queryAll('canvas.stage') private stageCanvases?: NodeListOf<HTMLCanvasElement>;

  override render() {
    const p = this.prediction;
    return html`
      <p class="answer" role="status" aria-live="polite" aria-atomic="true">
        ${p ? this.answer(p) : s.predictionNone}
      </p>
      ${p && !p.empty ? this.renderDetail(p) : nothing}
      ${p && this.showStages && p.stages ? this.renderStages(p) : nothing}
      ${
        p && !p.empty
          ? html`<p class="inside">
              <button type="button" @click=${this.handleInspect}>${s.insideOpen}</button>
            </p>`
          : nothing
      }
      ${this.model ? html`<p class="model">${s.predictionModel(this.model)}</p>` : nothing}
    `;
  }

  /** "Prediction: 7", or "7 or 1?" when the top two are close (`Prediction.alternative`). */
  private answer(p: Prediction): string {
    if (p.empty) return s.predictionEmpty;
    const digit = p.digit ?? 0;
    return p.alternative === undefined
      ? s.predictionAnswer(digit)
      : s.predictionUnsure(digit, p.alternative);
  }

  /** The "how this image was read" strip: photo → light evened → ink → 28 × 28. */
  private renderStages(p: Prediction) {
    const stages = p.stages;
    if (!stages) return nothing;
    const views: [StageImage, string, string][] = [
      [stages.original, s.predictionStageOriginal, s.predictionStageOriginalLabel],
      [stages.flattened, s.predictionStageFlattened, s.predictionStageFlattenedLabel],
      [stages.ink, s.predictionStageInk, s.predictionStageInkLabel],
      [
        { data: p.input, width: IMAGE_SIZE, height: IMAGE_SIZE },
        s.predictionStageInput,
        s.predictionInputLabel,
      ],
    ];
    return html`<ol class="stages" aria-label=${s.predictionStagesLabel}>
      ${views.map(
        ([view, caption, label]) =>
          html`<li>
            <figure>
              <canvas
                class="stage"
                width=${view.width}
                height=${view.height}
                role="img"
                aria-label=${label}
              ></canvas>
              <figcaption>${caption}</figcaption>
            </figure>
          </li>`,
      )}
    </ol>`;
  }

  private renderDetail(p: Prediction) {
    return html`<div class="detail">
      <figure>
        <canvas
          class="input"
          width=${IMAGE_SIZE}
          height=${IMAGE_SIZE}
          role="img"
          aria-label=${s.predictionInputLabel}
        ></canvas>
        <figcaption>${s.predictionInputCaption}</figcaption>
      </figure>
      <ol aria-label=${s.predictionBarsLabel}>
        ${p.probabilities.map(
          (probability, digit) =>
            html`<li class=${digit === p.digit ? 'top' : ''}>
              <span>${digit}</span>
              <span class="track" aria-hidden="true"
                ><span class="bar" ${cssProps({ width: `${probability * 100}%` })}></span
              ></span>
              <span class="value">${formatPercent(probability, 1)}</span>
            </li>`,
        )}
      </ol>
    </div>`;
  }

  /** Opens "Inside the model" on the image just read (from the button, for focus to return). */
  private handleInspect(event: Event): void {
    const p = this.prediction;
    if (!p || p.empty) return;
    emit(event.currentTarget as HTMLElement, 'ms-inspect', { source: 'reading', input: p.input });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!(changed.has('prediction') || changed.has('showStages')) || !this.prediction) return;
    const { input, stages } = this.prediction;
    if (this.canvas) paintGray(this.canvas, { data: input, width: IMAGE_SIZE, height: IMAGE_SIZE });
    const canvases = this.stageCanvases ?? [];
    const views = stages ? [stages.original, stages.flattened, stages.ink] : [];
    views.push({ data: input, width: IMAGE_SIZE, height: IMAGE_SIZE });
    canvases.forEach((canvas, i) => {
      if (views[i]) paintGray(canvas, views[i]);
    });
  }
}

/** Paints a grey image (0–255) onto a canvas of its size. */
function paintGray(canvas: HTMLCanvasElement, view: StageImage): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(view.width, view.height);
  view.data.forEach((v, i) => {
    image.data.set([v, v, v, 255], i * 4);
  });
  context.putImageData(image, 0, 0);
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-prediction-view': MsPredictionView;
  }
}
