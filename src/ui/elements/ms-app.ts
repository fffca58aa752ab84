/**
 * The shell and orchestrator: creates the worker client and provides it by context, passes the
 * worker's state snapshot down to the panels and turns their intent events into worker calls.
 * It keeps no copy of the worker's state: only answers of its own calls (a run's curves, the
 * last evaluation) and what the person is editing (the training form).
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { provide } from '@lit/context';
import type { BackendChoice } from '../../shared/backends.ts';
import type {
  Evaluation,
  RunRecord,
  SpeedResult,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
} from '../../shared/protocol.ts';
import type { JobKind, WorkerState } from '../../shared/worker-state.ts';
import type { ProxyMarked } from 'comlink';
import { appendProgress, EMPTY_CHART, type ChartPoints } from '../chart-data.ts';
import { NoticeController } from '../notice-controller.ts';
import { strings as s } from '../strings.ts';
import { isAbort } from '../../shared/errors.ts';
import { localStore } from '../local-store.ts';
import { loadTrainConfig, sanitizeTrainConfig, saveTrainConfig } from '../train-config.ts';
import { callback, WorkerClient, workerClientContext } from '../worker-client.ts';
import { appStyles } from './ms-app.styles.ts';
import { controlStyles } from '../styles/shared.ts';
import { emit } from '../events.ts';
import './ms-app-header.ts';
import './ms-backend-panel.ts';
import './ms-data-panel.ts';
import './ms-evaluation.ts';
import './ms-model-summary.ts';
import './ms-notifier.ts';
import './ms-run-history.ts';
import './ms-train-panel.ts';
import './ms-training-charts.ts';
import './ms-update-banner.ts';
import './ms-resume-offer.ts';
import './ms-models-panel.ts';
import './ms-predict-panel.ts';
import type { InspectRequest, MsInsideView } from './ms-inside-view.ts';
import { SavedModelsController } from '../saved-models-controller.ts';
import { TIMING_MARKS, markTiming } from '../../shared/timing-marks.ts';
import { InsideController } from '../inside-controller.ts';
import { FineTuneController } from '../fine-tune-controller.ts';

/** The My digits card, fetched after the first render (test/e2e/bundle.test.ts counts it too). */
const loadMyDigits = () => import('./ms-my-digits.ts');

/** The whole app. */
@customElement('ms-app')
@localized()
export class MsApp extends LitElement {
  static override styles = [controlStyles, appStyles];

  /** The one worker client, for elements that ask the worker themselves. */
  @provide({ context: workerClientContext })
  client = new WorkerClient();

  /** The worker's latest state: jobs, data, model, backend, runs, checkpoint. */
  @state() private worker: WorkerState = this.client.state;
  /**
   * The job this page just asked for, until the worker's snapshot names it (a few ms): so a
   * second click in between is not sent. Cleared when the call settles.
   */
  @state() private requested?: JobKind;
  @state() private config: TrainConfig = loadTrainConfig(localStore());
  /** The run's counters and curves: the train call's own stream, not worker state. */
  @state() private progress?: TrainProgress;
  @state() private chart: ChartPoints = EMPTY_CHART;
  /** Answers of the calls this page made: the last evaluation, run and speed table. */
  @state() private evaluation?: Evaluation;
  @state() private lastRun?: RunRecord;
  @state() private speed?: readonly SpeedResult[];
  /** Why the last download failed (if it did), shown with a Retry button. */
  @state() private downloadError?: unknown;
  @query('ms-inside-view') private insideView?: MsInsideView;

  private readonly notices = new NoticeController(this);
  /** "Inside the model": the image it shows, the worker's answer, the run's epoch view. */
  private readonly inside = new InsideController(this, {
    client: this.client,
    notices: this.notices,
    element: () => this.insideView,
  });
  /** Cancels the job this page started (download, evaluation, speed measurement, import). */
  private jobAbort?: AbortController;
  /** Worker deaths since the last start that succeeded. */
  private failedStarts = 0;
  private readonly models = new SavedModelsController({
    client: this.client,
    notices: this.notices,
    job: (kind, work) => this.job(kind, work),
    savedName: (id) => this.worker.savedModels.find((m) => m.id === id)?.name ?? '',
  });
  /** "Learn my handwriting": the fine-tune job, its progress and outcome. */
  private readonly fineTune = new FineTuneController(this, {
    client: this.client,
    notices: this.notices,
    job: (kind, work) => this.job(kind, work),
    callback,
  });
  private started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.started) {
      this.started = true;
      this.client.subscribe(this.handleWorkerState);
      this.client.onCrash(this.handleWorkerCrash);
      void this.start();
    }
  }

  /** The job in progress: the worker's, or the one this page has just asked for. */
  private get activeJob(): JobKind | undefined {
    return this.worker.job?.kind ?? this.requested;
  }

  override render() {
    const w = this.worker;
    const job = this.activeJob;
    const data = w.data.checking ? undefined : w.data;
    const steps = w.job?.steps;
    const elsewhere = w.trainingElsewhere && job !== 'train';
    const blocked = this.trainBlockedReason();
    return html`
      <header class="top">
        <ms-app-header
          .backend=${w.backend}
          ?failed=${w.backendFailed}
          ?dataStored=${data?.cached === true}
          ?trained=${!!w.model || w.runs.length > 0}
        ></ms-app-header>
        <ms-update-banner ?training=${job === 'train'}></ms-update-banner>
      </header>
      <main class="layout" @ms-inspect=${this.handleInspect}>
        <div class="side">
          <ms-data-panel
            class="data"
            .error=${this.downloadError === undefined ? '' : s.downloadError(this.downloadError)}
            .status=${data}
            .progress=${w.job?.download}
            ?downloading=${job === 'download'}
            ?busy=${!!job && job !== 'download'}
            @ms-download-data=${this.handleDownloadData}
            @ms-cancel-download=${this.handleCancelJob}
            @ms-delete-data=${this.handleDeleteData}
          ></ms-data-panel>
          <ms-train-panel
            class="train"
            .config=${this.config}
            ?training=${job === 'train'}
            ?paused=${w.job?.paused === true}
            ?stopping=${w.job?.stopping === true}
            .blockedReason=${blocked}
            .progress=${this.progress}
            .testProgress=${job === 'train' ? steps : undefined}
            .validationAccuracy=${this.chart.epochs.at(-1)?.valAcc ?? this.lastRun?.valAccuracy}
            .lastRun=${this.lastRun}
            @ms-config-change=${this.handleConfigChange}
            @ms-train=${this.handleTrain}
            @ms-pause=${this.handlePause}
            @ms-resume=${this.handleResume}
            @ms-stop=${this.handleStop}
          >
            <ms-resume-offer
              slot="resume"
              .checkpoint=${job === 'train' ? undefined : w.checkpoint}
              ?disabled=${!!job || elsewhere || !data?.cached}
              @ms-resume-training=${this.handleResumeTraining}
              @ms-discard-checkpoint=${this.handleDiscardCheckpoint}
            ></ms-resume-offer>
          </ms-train-panel>
          <ms-models-panel
            class="models"
            .saved=${w.savedModels}
            .current=${w.model}
            ?busy=${!!job}
            @ms-save-model=${this.models.handleSave}
            @ms-load-model=${this.models.handleLoad}
            @ms-rename-model=${this.models.handleRename}
            @ms-delete-model=${this.models.handleDelete}
            @ms-export-model=${this.models.handleExport}
            @ms-import-model=${this.models.handleImport}
          ></ms-models-panel>
          <ms-model-summary
            class="summary"
            .model=${this.config.model}
            @ms-error=${this.handleError}
          ></ms-model-summary>
          <ms-backend-panel
            class="backend"
            .info=${w.backend}
            ?busy=${!!job}
            ?measuring=${job === 'measure'}
            .speed=${this.speed}
            .speedProgress=${job === 'measure' ? steps : undefined}
            @ms-backend-change=${this.handleBackendChange}
            @ms-measure-speed=${this.handleMeasureSpeed}
            @ms-cancel-measure=${this.handleCancelJob}
          ></ms-backend-panel>
        </div>
        <div class="primary">
          <ms-training-charts class="charts" .points=${this.chart}></ms-training-charts>
          ${
            job === 'train' || this.inside.training
              ? html`<p class="inside-training">
                  <button type="button" @click=${this.handleInspectTraining}>
                    ${s.insideOpenTraining}
                  </button>
                </p>`
              : nothing
          }
          <ms-predict-panel
            class="predict"
            .modelVersion=${w.modelVersion}
            .personal=${w.personal}
            @ms-error=${this.handleError}
          ></ms-predict-panel>
          <ms-my-digits
            class="my-digits"
            .personal=${w.personal}
            ?dataReady=${data?.cached === true}
            .busy=${this.fineTuneBusyReason()}
            .fineTune=${{
              running: job === 'finetune',
              paused: job === 'finetune' && w.job?.paused === true,
              stopping: job === 'finetune' && w.job?.stopping === true,
              progress: this.fineTune.progress,
              outcome: this.fineTune.outcome,
            }}
            @ms-fine-tune=${this.fineTune.handleStart}
            @ms-pause=${this.handlePause}
            @ms-resume=${this.handleResume}
            @ms-stop=${this.handleStop}
            @ms-error=${this.handleError}
          ></ms-my-digits>
          <ms-evaluation
            class="evaluation"
            .evaluation=${this.evaluation}
            ?canEvaluate=${!!w.model && !job}
            ?evaluating=${job === 'evaluate'}
            .progress=${job === 'evaluate' ? steps : undefined}
            @ms-evaluate=${this.handleEvaluate}
            @ms-cancel-evaluate=${this.handleCancelJob}
          ></ms-evaluation>
        </div>
        <ms-run-history
          class="history"
          .runs=${w.runs}
          ?canRepeat=${!blocked}
          @ms-delete-run=${this.handleDeleteRun}
          @ms-repeat-run=${this.handleRepeatRun}
        ></ms-run-history>
      </main>
      <footer>${s.appFooter}</footer>
      <ms-inside-view
        .view=${this.inside.view}
        source=${this.inside.request?.source ?? 'reading'}
        .label=${this.inside.request?.label}
        .input=${this.inside.request?.input}
        @ms-error=${this.handleError}
      ></ms-inside-view>
      <ms-notifier
        .notices=${this.notices.notices}
        @ms-dismiss-notice=${this.handleDismissNotice}
      ></ms-notifier>
    `;
  }

  /** Why a run cannot start now (no data, a job running here or elsewhere), or empty. */
  private trainBlockedReason(): string {
    const w = this.worker;
    const job = this.activeJob;
    if (w.data.checking || !w.data.cached) return s.trainNeedsData;
    if (w.trainingElsewhere && job !== 'train') return s.trainingElsewhere;
    return job ? s.trainBusy : '';
  }

  /** Why another job keeps a fine-tune from starting now (its own needs it says itself). */
  private fineTuneBusyReason(): string {
    const job = this.activeJob;
    if (this.worker.trainingElsewhere && job !== 'finetune') return s.trainingElsewhere;
    return job && job !== 'finetune' ? s.trainBusy : '';
  }

  protected override firstUpdated(): void {
    void loadMyDigits();
  }

  /** Starts the worker: its backend, and what it reads from storage. */
  private async start(): Promise<void> {
    try {
      await this.client.ready();
      this.failedStarts = 0;
    } catch (error) {
      this.notices.report(error);
    }
  }

  private readonly handleWorkerState = (state: WorkerState): void => {
    if (state.job?.kind === 'train' && state.job.steps && !this.worker.job?.steps) {
      markTiming(TIMING_MARKS.testStart);
    }
    // Another model is in use now (loaded, or the worker restarted): the previous evaluation
    // no longer describes it. (A run's own start clears it too, and its end sets a new one.)
    if (state.modelVersion !== this.worker.modelVersion && state.job?.kind !== 'train') {
      this.evaluation = undefined;
    }
    this.worker = state;
  };

  /**
   * The worker died (or never started): say so, and start a new one, unless starting has
   * failed twice in a row (then the message stays and a reload is the way out).
   */
  private readonly handleWorkerCrash = (error: Error): void => {
    this.notices.report(error);
    this.jobAbort = undefined;
    // Reset by a start that succeeds: two deaths with no good start between them end the loop.
    this.failedStarts++;
    if (this.failedStarts >= 2) return;
    void this.start();
  };

  /**
   * Runs one worker call as job `kind` unless a job runs; failures go to the notifier, a
   * cancellation is silent. `work` gets the signal that the job's Cancel aborts.
   */
  private async job(kind: JobKind, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.activeJob) return;
    this.requested = kind;
    const abort = new AbortController();
    this.jobAbort = abort;
    try {
      await work(abort.signal);
    } catch (error) {
      this.notices.report(error);
    } finally {
      if (this.jobAbort === abort) this.jobAbort = undefined;
      this.requested = undefined;
    }
  }

  private handleCancelJob(): void {
    this.jobAbort?.abort();
  }

  private handleError(event: CustomEvent<unknown>): void {
    this.notices.report(event.detail);
  }

  private handleDismissNotice(event: CustomEvent<number>): void {
    this.notices.dismiss(event.detail);
  }

  private async handleDownloadData(): Promise<void> {
    await this.job('download', async (signal) => {
      this.downloadError = undefined;
      try {
        await this.client.api.downloadData(signal);
        this.notices.info(() => s.downloadDone);
      } catch (error) {
        if (isAbort(error)) {
          this.notices.info(() => s.downloadCancelled);
          return;
        }
        // Shown in the data card, next to the Retry button, rather than as a passing notice.
        this.downloadError = error;
      }
    });
  }

  private async handleDeleteData(): Promise<void> {
    await this.job('deleteData', async () => {
      await this.client.api.deleteData();
      this.notices.info(() => s.dataDeleted);
    });
  }

  private handleConfigChange(event: CustomEvent<TrainConfig>): void {
    this.config = event.detail;
    saveTrainConfig(localStore(), sanitizeTrainConfig(event.detail));
  }

  private async handleTrain(event: CustomEvent<TrainConfig>): Promise<void> {
    const config = sanitizeTrainConfig(event.detail);
    this.config = config;
    await this.runTraining((progress) => this.client.api.train(config, progress));
  }

  /** Repeat in the history: the run's settings and seed go into the form, then train. */
  private async handleRepeatRun(event: CustomEvent<TrainConfig>): Promise<void> {
    if (this.trainBlockedReason()) return;
    const config = sanitizeTrainConfig(event.detail);
    this.config = config;
    saveTrainConfig(localStore(), config);
    this.notices.info(() => s.historyRepeatStarted);
    await this.runTraining((progress) => this.client.api.train(config, progress));
  }

  private async handleResumeTraining(): Promise<void> {
    const checkpoint = this.worker.checkpoint;
    if (!checkpoint) return;
    this.config = checkpoint.config;
    await this.runTraining((progress) => this.client.api.resumeTraining(progress));
  }

  private async handleDiscardCheckpoint(): Promise<void> {
    try {
      await this.client.api.discardCheckpoint();
      this.notices.info(() => s.resumeDiscarded);
    } catch (error) {
      this.notices.report(error);
    }
  }

  /** Runs a new or resumed training run as the app's job, showing its progress and outcome. */
  private async runTraining(
    start: (onProgress: ((p: TrainProgress) => void) & ProxyMarked) => Promise<TrainOutcome>,
  ): Promise<void> {
    await this.job('train', async () => {
      this.chart = EMPTY_CHART;
      this.progress = undefined;
      this.lastRun = undefined;
      this.evaluation = undefined;
      this.inside.resetTraining();
      markTiming(TIMING_MARKS.trainStart);
      const outcome = await start(callback((p: TrainProgress) => this.handleTrainProgress(p)));
      this.lastRun = outcome.run;
      this.evaluation = outcome.evaluation;
      // The last update may have been throttled away; the history has every epoch.
      this.chart = appendProgress(this.chart, { newBatches: [], newEpochs: outcome.history });
      this.notices.info(() => s.trainDone(outcome.run.testAccuracy));
    });
  }

  private handleTrainProgress(progress: TrainProgress): void {
    const lost = progress.gpuLost;
    if (lost && !this.progress?.gpuLost) {
      // The worker went on with another backend: say so (the backend panel follows the state).
      this.notices.info(() =>
        s.gpuLost(s.backendChoice(lost.from), s.backendChoice(lost.to), lost.fromEpoch),
      );
    }
    this.progress = progress;
    this.inside.noteTraining(progress.inside);
    this.chart = appendProgress(this.chart, progress);
  }

  private handleInspectTraining(event: Event): void {
    emit(event.currentTarget as HTMLElement, 'ms-inspect', { source: 'training' });
  }

  private handleInspect(event: CustomEvent<InspectRequest>): void {
    void this.inside.open(event.detail, event.composedPath()[0] as HTMLElement | undefined);
  }

  private async handlePause(): Promise<void> {
    await this.client.api.pause().catch((error: unknown) => this.notices.report(error));
  }

  private async handleResume(): Promise<void> {
    await this.client.api.resume().catch((error: unknown) => this.notices.report(error));
  }

  private async handleStop(): Promise<void> {
    await this.client.api.stop().catch((error: unknown) => this.notices.report(error));
  }

  private async handleEvaluate(): Promise<void> {
    await this.job('evaluate', async (signal) => {
      try {
        this.evaluation = await this.client.api.evaluate(signal);
      } catch (error) {
        if (!isAbort(error)) throw error;
        this.notices.info(() => s.evaluationCancelled);
      }
    });
  }

  private async handleBackendChange(event: CustomEvent<BackendChoice>): Promise<void> {
    await this.job('backend', async () => {
      await this.client.api.setBackend(event.detail);
    });
  }

  private async handleMeasureSpeed(): Promise<void> {
    await this.job('measure', async (signal) => {
      try {
        this.speed = await this.client.api.measureSpeed({}, signal);
      } catch (error) {
        if (!isAbort(error)) throw error;
        this.notices.info(() => s.measureCancelled);
      }
    });
  }

  private async handleDeleteRun(event: CustomEvent<number>): Promise<void> {
    try {
      await this.client.api.deleteRun(event.detail);
    } catch (error) {
      this.notices.report(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-app': MsApp;
  }
}
