/**
 * The "Read a digit" card: three ways to give the model a digit (draw, image, camera), and what
 * it made of the latest one. It asks the worker itself, through the client from context.
 *
 * Readings are numbered: an answer is shown only if it answers the latest reading, so a slow
 * image never replaces a newer drawing's answer, and clearing the pad (or switching tabs)
 * while a reading is in flight leaves no answer behind.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import { errorName, isAbort } from '../../shared/errors.ts';
import { EMPTY_PERSONAL, type PersonalSummary } from '../../shared/personal.ts';
import type { Prediction, PredictionModel } from '../../shared/protocol.ts';
import { emit } from '../events.ts';
import { strings as s } from '../strings.ts';
import { cardStyles, controlStyles } from '../styles/shared.ts';
import { renderTabs, tabStyles } from '../tabs.ts';
import { transfer, workerClientContext, type WorkerClient } from '../worker-client.ts';
import './ms-camera.ts';
import './ms-drawing-pad.ts';
import './ms-image-input.ts';
import './ms-keep-digit.ts';
import './ms-prediction-view.ts';

/** The ways to give a digit, in tab order. */
const MODES = ['draw', 'image', 'camera'] as const;
type Mode = (typeof MODES)[number];

/** Reads digits with the worker's current (or starter) model; `modelVersion` changes with it. */
@customElement('ms-predict-panel')
@localized()
export class MsPredictPanel extends LitElement {
  static override styles = [
    cardStyles,
    controlStyles,
    tabStyles,
    css`
      .body {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: var(--ms-space-5);
      }
      @media (min-width: 720px) {
        .body {
          grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr);
        }
      }
      .reading {
        display: grid;
        gap: var(--ms-space-4);
        align-content: start;
      }
      p.error {
        margin: 0;
        color: var(--ms-danger);
      }
    `,
  ];

  /** The worker's model version: changes whenever another model reads (trained, loaded, lost). */
  @property({ attribute: false }) modelVersion?: number;
  /** My digits, counted (the worker's summary): "you have 12 4s" after keeping a reading. */
  @property({ attribute: false }) personal: PersonalSummary = EMPTY_PERSONAL;

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  @state() private mode: Mode = 'draw';
  @state() private prediction?: Prediction;
  @state() private model?: PredictionModel;
  /** Whether the last file was no image the browser can read (said next to the answer). */
  @state() private error = false;
  /** The camera shows a frozen frame: only then is its reading offered to keep. */
  @state() private frozen = false;
  /** The latest reading's number; answers to older ones are dropped. */
  private reading = 0;
  /** The latest model question's number, likewise. */
  private modelQuestion = 0;

  override render() {
    return html`<section aria-labelledby="title">
      <h2 id="title">${s.predictTitle}</h2>
      <p class="intro">${s.predictIntro}</p>
      ${renderTabs(
        s.predictModes,
        MODES,
        { draw: s.predictDraw, image: s.predictImage, camera: s.predictCamera },
        this.mode,
        (mode) => this.select(mode),
      )}
      <div class="body">
        <div id="panel" role="tabpanel" aria-labelledby="tab-${this.mode}">
          ${this.renderMode()}
        </div>
        <div class="reading">
          ${this.error ? html`<p class="error" role="alert">${s['error.NotAnImage']}</p>` : ''}
          <ms-prediction-view
            .prediction=${this.prediction}
            .model=${this.model}
            ?showStages=${this.mode !== 'draw'}
          ></ms-prediction-view>
          ${
            this.canKeep()
              ? html`<ms-keep-digit
                  .prediction=${this.prediction}
                  source=${this.mode}
                  .counts=${this.personal.counts}
                ></ms-keep-digit>`
              : ''
          }
        </div>
      </div>
    </section>`;
  }

  /** A reading that found a digit can be kept; the camera's only while its frame is frozen. */
  private canKeep(): boolean {
    const p = this.prediction;
    if (!p || p.empty || p.digit === undefined) return false;
    return this.mode !== 'camera' || this.frozen;
  }

  private renderMode() {
    switch (this.mode) {
      case 'draw':
        return html`<ms-drawing-pad .read=${this.read} .cleared=${this.clear}></ms-drawing-pad>`;
      case 'image':
        return html`<ms-image-input .read=${this.read}></ms-image-input>`;
      case 'camera':
        return html`<ms-camera
          .read=${this.read}
          @ms-camera-frozen=${this.handleCameraFrozen}
        ></ms-camera>`;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('modelVersion') || changed.has('client')) void this.refreshModel();
  }

  private async refreshModel(): Promise<void> {
    const question = ++this.modelQuestion;
    try {
      const model = await this.client?.api.predictionModel();
      if (question === this.modelQuestion) this.model = model;
    } catch (error) {
      if (question === this.modelQuestion && !isAbort(error)) emit(this, 'ms-error', error);
    }
  }

  /**
   * Sends an image to the worker and shows the answer, if it still answers the latest reading
   * and `signal` (the pad's drawing, the camera's session) has not ended since.
   */
  private read = async (image: ImageBitmap | Blob, signal?: AbortSignal): Promise<void> => {
    if (!this.client) return;
    const seq = ++this.reading;
    signal?.addEventListener('abort', () => {
      if (this.reading === seq) this.reading++;
    });
    try {
      const prediction = await this.client.api.predict(
        image instanceof Blob ? image : transfer(image, [image]),
        seq,
      );
      if (prediction.seq !== this.reading) return; // a newer reading (or a Clear) overtook it
      this.prediction = prediction;
      this.model = prediction.model;
      this.error = false;
    } catch (error) {
      if (seq !== this.reading || isAbort(error)) return;
      if (errorName(error) === 'NotAnImage') {
        this.prediction = undefined;
        this.error = true;
      } else {
        emit(this, 'ms-error', error);
      }
    }
  };

  private clear = (): void => {
    this.reading++; // an answer still on its way belongs to what was cleared
    this.prediction = undefined;
    this.error = false;
  };

  private select(mode: Mode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.frozen = false;
    this.clear();
  }

  private handleCameraFrozen(event: CustomEvent<boolean>): void {
    this.frozen = event.detail;
  }

  /** Arrow keys, Home and End move between the tabs (the ARIA tabs pattern). */
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-predict-panel': MsPredictPanel;
  }
}
