/**
 * A reactive controller that owns "Inside the model" for `<ms-app>`: which image the view shows
 * and the worker's answer for it (a newer request drops an older answer), the training run's
 * view of test image 1 as of its latest epoch, and the view's chunk (fetched when the page is
 * idle, so the main bundle stays small and the first opening does not wait for it).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { InsideView } from '../shared/inside.ts';
import { TIMING_MARKS, markTiming } from '../shared/timing-marks.ts';
import type { NoticeController } from './notice-controller.ts';
import type { WorkerClient } from './worker-client.ts';
import type { InspectRequest, MsInsideView } from './elements/ms-inside-view.ts';

/** The view's element, loaded on first use (test/e2e/bundle.test.ts keeps the main bundle small). */
const loadView = () => import('./elements/ms-inside-view.ts');

/** What the view needs from its host. */
export interface InsideHost {
  client: WorkerClient;
  notices: NoticeController;
  /** The host's `<ms-inside-view>`, once rendered. */
  element: () => MsInsideView | undefined;
}

/** What `<ms-inside-view>` shows now, and the training run's latest view. */
export class InsideController implements ReactiveController {
  /** Where the shown image came from, and the worker's answer once it is there. */
  request?: InspectRequest & { view?: InsideView };
  /** The running (or last) run's view of test image 1, as of its latest epoch. */
  training?: InsideView;
  /** The latest request's number: an older answer is dropped. */
  #seq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly parts: InsideHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 3000));
    idle(() => void loadView());
  }

  /** The view to show: the training run's, or the answer for the requested image. */
  get view(): InsideView | undefined {
    return this.request?.source === 'training' ? this.training : this.request?.view;
  }

  /** A new run starts: its views replace the last run's. */
  resetTraining(): void {
    this.training = undefined;
    this.host.requestUpdate();
  }

  /** Keeps the run's latest view (sent once per epoch). */
  noteTraining(view: InsideView | undefined): void {
    if (!view) return;
    this.training = view;
    this.host.requestUpdate();
  }

  /**
   * Opens the view at once and asks the worker for the view of the image (a copy: the sender
   * keeps its own); a training run's view comes with its progress instead. A failure closes
   * the view and is said by the notifier. `opener` gets the focus back when it closes.
   */
  async open(request: InspectRequest, opener?: HTMLElement): Promise<void> {
    const seq = ++this.#seq;
    markTiming(TIMING_MARKS.insideAsked);
    this.request = { ...request };
    this.host.requestUpdate();
    await loadView();
    await this.host.updateComplete;
    await this.parts.element()?.show(opener);
    if (request.source === 'training' || !request.input) return;
    try {
      const view = await this.parts.client.api.inspect(request.input.slice());
      if (seq !== this.#seq) return;
      this.request = { ...request, view };
      this.host.requestUpdate();
      // Lit renders the view and its layers in microtasks: by the next frame they are drawn.
      await new Promise(requestAnimationFrame);
      if (seq === this.#seq) markTiming(TIMING_MARKS.insideShown);
    } catch (error) {
      if (seq !== this.#seq) return;
      this.parts.element()?.close();
      this.parts.notices.report(error);
    }
  }
}
