/**
 * "Inside the model" (issue 15), a modal dialog: the book's figure 4.2 for the model in use on
 * one image (the input, then every layer's output with its name, shape and parameter count),
 * a followed number's arithmetic (figures 4.3–4.5), the conv layers' filters, and why the model
 * answered as it did (saliency). `<ms-app>` owns the one instance, asks the worker for the view
 * and opens it with `show`; the element asks for other digits' saliency itself.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { consume } from '@lit/context';
import {
  inputStack,
  stackBelow,
  traceConv,
  tracePool,
  valueAt,
  type InsideLayer,
  type InsideView,
} from '../../shared/inside.ts';
import { grey } from '../colormap.ts';
import { cssProps } from '../css-props.ts';
import { formatPercent } from '../format.ts';
import { strings as s } from '../strings.ts';
import { controlStyles, utilityStyles } from '../styles/shared.ts';
import { workerClientContext, type WorkerClient } from '../worker-client.ts';
import type { MapPatch, MapPosition } from './ms-layer-maps.ts';
import type { FollowedPosition } from './ms-follow-number.ts';
import { insideViewStyles } from './ms-inside-view.styles.ts';
import './ms-filter-grid.ts';
import './ms-follow-number.ts';
import './ms-layer-maps.ts';
import './ms-saliency-view.ts';

/** Where the image looked into came from. */
export type InsideSource = 'reading' | 'test' | 'training';

const followable = (layer: InsideLayer) => layer.kind === 'conv2d' || layer.kind === 'maxPooling2d';

/** The view of `view`, in a dialog opened with `show`. */
@customElement('ms-inside-view')
@localized()
export class MsInsideView extends LitElement {
  static override styles = [controlStyles, utilityStyles, insideViewStyles];

  /** What the model made of the image; absent while it is being asked for. */
  @property({ attribute: false }) view?: InsideView;
  @property() source: InsideSource = 'reading';
  /** The true digit of a test image. */
  @property({ type: Number }) label?: number;
  /** The image as the worker was given it (0–255), for other digits' saliency. */
  @property({ attribute: false }) input?: Uint8Array;

  @consume({ context: workerClientContext })
  @state()
  private client?: WorkerClient;

  /** The followed position, kept when a new view of the same model arrives (each epoch). */
  @state() private position?: FollowedPosition;
  @state() private inputChannel = 0;
  /** What the live region says: the followed value. */
  @state() private announcement = '';
  /** Later conv layers whose kernels the person opened. */
  @state() private openKernels = new Set<string>();

  @query('dialog') private dialog?: HTMLDialogElement;
  /** The control that opened the view, focused again when it closes. */
  private opener?: HTMLElement;

  /** Opens the dialog (modal); `opener` gets the focus back when it closes. */
  async show(opener?: HTMLElement): Promise<void> {
    this.opener = opener;
    await this.updateComplete;
    if (!this.dialog?.open) this.dialog?.showModal();
  }

  /** Closes the dialog. */
  close(): void {
    this.dialog?.close();
  }

  /** Whether the dialog is open. */
  get isOpen(): boolean {
    return this.dialog?.open === true;
  }

  override render() {
    const view = this.view;
    return html`<dialog aria-labelledby="inside-title" @close=${this.handleClose}>
      <header>
        <div>
          <h2 id="inside-title">${s.insideTitle}</h2>
          <p>${view ? this.subtitle(view) : ''}</p>
        </div>
        <button type="button" @click=${this.close}>${s.insideClose}</button>
      </header>
      <div class="body">
        <p class="visually-hidden" role="status">${this.announcement}</p>
        ${
          view
            ? this.renderView(view)
            : html`<p>${this.source === 'training' ? s.insideTrainingWaiting : s.insideLoading}</p>`
        }
      </div>
    </dialog>`;
  }

  private subtitle(view: InsideView): string {
    if (this.source === 'training') return s.insideFromTraining(view.epoch ?? 0, view.digit);
    if (this.source === 'test') return s.insideFromTest(this.label ?? view.digit, view.digit);
    return s.insideFromReading(view.digit);
  }

  private renderView(view: InsideView) {
    const last = view.layers.length - 1;
    const convs = view.layers.filter((l) => l.kind === 'conv2d' && l.kernelShape);
    return html`<section aria-labelledby="pipeline">
        <h3 id="pipeline">${s.insidePipeline}</h3>
        <ol class="layers">
          <li class="layer" data-layer="input">
            <h4>${s.insideInputName}</h4>
            <p class="facts">${s.insideInputFacts}</p>
            <ms-layer-maps
              single
              name=${s.insideInputName}
              .stack=${{ ...inputStack(view), min: 0, max: 1 }}
              .table=${grey}
              .highlight=${this.patchOn(-1)}
            ></ms-layer-maps>
          </li>
          ${view.layers.map((layer, i) => this.renderLayer(layer, i, i === last))}
        </ol>
      </section>
      ${
        convs.length > 0
          ? html`<section aria-labelledby="filters">
              <h3 id="filters">${s.insideFiltersTitle}</h3>
              <p class="intro">
                ${s.insideFiltersIntro(convs[0].name, convs[0].kernelShape?.[3] ?? 0)}
              </p>
              <ms-filter-grid .layer=${convs[0]}></ms-filter-grid>
              ${convs.slice(1).map(
                (layer) =>
                  html`<details
                    ?open=${this.openKernels.has(layer.name)}
                    @toggle=${(e: Event) => this.handleKernelsToggle(layer.name, e)}
                  >
                    <summary>${s.insideKernelsOf(layer.name)}</summary>
                    ${
                      this.openKernels.has(layer.name)
                        ? html`<ms-filter-grid .layer=${layer}></ms-filter-grid>`
                        : nothing
                    }
                  </details>`,
              )}
            </section>`
          : nothing
      }
      <section aria-labelledby="why">
        <h3 id="why">${s.insideWhyTitle}</h3>
        <ms-saliency-view
          .input=${view.input}
          .saliency=${view.saliency}
          .answer=${view.digit}
          .ask=${this.client && this.source !== 'training' ? this.ask : undefined}
        ></ms-saliency-view>
      </section>`;
  }

  private renderLayer(layer: InsideLayer, i: number, last: boolean) {
    const at = this.position?.layer === i ? this.position : undefined;
    return html`<li class="layer" data-layer=${layer.name} data-shape=${layer.shape.join(',')}>
      <h4>${layer.name} <small>${layer.className}</small></h4>
      <p class="facts">${s.insideLayerFacts(layer.shape.join(' × '), layer.params)}</p>
      ${
        last && layer.shape.length === 1
          ? this.renderProbabilities(layer)
          : html`<ms-layer-maps
              name=${layer.name}
              .stack=${layer}
              vector=${layer.kind === 'dense' ? 'bars' : 'strip'}
              ?selectable=${followable(layer)}
              .selected=${at}
              .highlight=${this.patchOn(i)}
              @ms-map-select=${(e: CustomEvent<MapPosition>) => this.select(i, e.detail)}
            ></ms-layer-maps>`
      }
      ${
        at && this.view
          ? html`<ms-follow-number
              .view=${this.view}
              .position=${at}
              .inputChannel=${this.inputChannel}
              @ms-input-channel=${this.handleInputChannel}
            ></ms-follow-number>`
          : nothing
      }
    </li>`;
  }

  private renderProbabilities(layer: InsideLayer) {
    const values = Array.from(layer.values);
    const top = values.indexOf(Math.max(...values));
    return html`<ol class="probabilities" aria-label=${s.predictionBarsLabel}>
      ${values.map(
        (p, digit) =>
          html`<li class=${digit === top ? 'top' : ''} data-value=${p}>
            <span>${digit}</span>
            <span class="track" aria-hidden="true"
              ><span class="bar" ${cssProps({ '--width': `${p * 100}%` })}></span
            ></span>
            <span class="value">${formatPercent(p, 1)}</span>
          </li>`,
      )}
    </ol>`;
  }

  /**
   * The patch to outline on the stack `index` (-1: the input): the window the followed
   * position of the layer above read (its chosen input channel, for a conv2d).
   */
  private patchOn(index: number): MapPatch | undefined {
    const at = this.position;
    const view = this.view;
    if (!at || !view || at.layer !== index + 1) return undefined;
    const layer = view.layers[at.layer];
    const below = stackBelow(view, at.layer);
    if (layer.kind === 'conv2d') {
      const channels = below.shape[2] ?? 1;
      const trace = traceConv(below, layer, at.y, at.x, at.channel);
      return { ...trace, channel: Math.min(this.inputChannel, channels - 1) };
    }
    return { ...tracePool(below, layer, at.y, at.x, at.channel), channel: at.channel };
  }

  private select(layer: number, position: MapPosition): void {
    if (this.position?.layer !== layer) this.inputChannel = 0;
    this.position = { layer, ...position };
    this.announce();
  }

  /** Says the followed position and its value in the live region. */
  private announce(): void {
    const at = this.position;
    const layer = at && this.view?.layers[at.layer];
    if (!at || !layer) return;
    const where = s.insideFollowAt(layer.name, at.channel + 1, at.y + 1, at.x + 1);
    this.announcement = s.insideFollowed(where, valueAt(layer, at.y, at.x, at.channel));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new view: the followed position stays if the same layer still has it (next epoch).
    const at = this.position;
    if (changed.has('view') && at) {
      const layer = this.view?.layers[at.layer];
      const [h, w, c] = layer?.shape ?? [];
      const fits = layer && followable(layer) && at.y < h && at.x < w && at.channel < c;
      if (!fits) this.position = undefined;
      else this.announce();
    }
  }

  private readonly ask = (digit: number) => {
    const view = this.view!;
    const input = this.input ?? Uint8Array.from(view.input, (v) => Math.round(v * 255));
    return this.client!.api.saliency(input.slice(), digit);
  };

  private handleInputChannel(event: CustomEvent<number>): void {
    this.inputChannel = event.detail;
  }

  private handleKernelsToggle(name: string, event: Event): void {
    const open = (event.target as HTMLDetailsElement).open;
    if (open === this.openKernels.has(name)) return;
    const next = new Set(this.openKernels);
    if (open) next.add(name);
    else next.delete(name);
    this.openKernels = next;
  }

  private handleClose(): void {
    const opener = this.opener;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
  }
}

/** What opens the view: an image to look into, or the training run's view of test image 1. */
export interface InspectRequest {
  source: InsideSource;
  /** 784 pixels, 0–255 (a reading or a test image; absent for `training`). */
  input?: Uint8Array;
  /** The true digit of a test image. */
  label?: number;
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-inside-view': MsInsideView;
  }
  interface GlobalEventHandlersEventMap {
    /** A person asked to look inside the model (sent from the control they used). */
    'ms-inspect': CustomEvent<InspectRequest>;
  }
}
