/**
 * A reactive controller that owns "Learn my handwriting" for `<ms-app>`: runs the fine-tune as
 * the app's job (so no other job starts beside it), keeps its progress and outcome (answers of
 * this page's own call, not worker state) and says when it is done.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ProxyMarked } from 'comlink';
import type { FineTuneConfig, FineTuneOutcome, FineTuneProgress } from '../shared/personal.ts';
import type { JobKind } from '../shared/worker-state.ts';
import type { NoticeController } from './notice-controller.ts';
import { strings as s } from './strings.ts';
import type { WorkerClient } from './worker-client.ts';

/** What the fine-tune needs from its host. */
export interface FineTuneHost {
  client: WorkerClient;
  notices: NoticeController;
  /** Runs a call as the app's job `kind` (other buttons wait); reports its failure. */
  job: (kind: JobKind, work: (signal: AbortSignal) => Promise<void>) => Promise<void>;
  /** Wraps a callback so the worker can call it back. */
  callback: <T extends (...args: never[]) => unknown>(fn: T) => T & ProxyMarked;
}

/** The fine-tune's latest progress and last outcome, and the intent that starts one. */
export class FineTuneController implements ReactiveController {
  /** The running fine-tune's latest progress (cleared when the next one starts). */
  progress?: FineTuneProgress;
  /** The last fine-tune's outcome. */
  outcome?: FineTuneOutcome;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly parts: FineTuneHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** `ms-fine-tune`: fine-tunes the model in use with the options chosen. */
  readonly handleStart = (event: CustomEvent<Partial<FineTuneConfig>>): Promise<void> =>
    this.parts.job('finetune', async (signal) => {
      this.progress = undefined;
      this.outcome = undefined;
      this.host.requestUpdate();
      const onProgress = this.parts.callback((p: FineTuneProgress) => {
        this.progress = p;
        this.host.requestUpdate();
      });
      const outcome = await this.parts.client.api.fineTune(event.detail, onProgress, signal);
      this.outcome = outcome;
      this.host.requestUpdate();
      const { before, after } = outcome.record;
      this.parts.notices.info(() => s.fineTuneDone(before.personal, after.personal));
    });
}
