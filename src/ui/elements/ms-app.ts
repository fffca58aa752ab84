/**
 * The shell and orchestrator: creates the worker client and provides it by context, owns the
 * app's state, passes it down to the panels and turns their intent events into worker calls.
 */
import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { provide } from '@lit/context';
import type { BackendChoice, BackendInfo } from '../../shared/backends.ts';
import type {
  DataStatus,
  DownloadProgress,
  Evaluation,
  RunRecord,
  SpeedResult,
  StepProgress,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
  CheckpointInfo,
} from '../../shared/protocol.ts';
import type { ProxyMarked } from 'comlink';
import { appendProgress, EMPTY_CHART, type ChartPoints } from '../chart-data.ts';
import { NoticeController } from '../notice-controller.ts';
import { strings as s } from '../strings.ts';
import { errorName, type ErrorName } from '../../shared/errors.ts';
import { localStore } from '../local-store.ts';
import { loadTrainConfig, sanitizeTrainConfig, saveTrainConfig } from '../train-config.ts';
import { callback, WorkerClient, workerClientContext } from '../worker-client.ts';
import { appStyles } from './ms-app.styles.ts';
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
import { TrainingLockController } from '../training-elsewhere.ts';
import './ms-models-panel.ts';
import './ms-predict-panel.ts';
import { SavedModelsController } from '../saved-models-controller.ts';
import { TIMING_MARKS, markTiming } from '../../shared/timing-marks.ts';

/** What the worker is busy with; one job at a time, as the worker itself enforces. */
type Activity = 'download' | 'delete' | 'train' | 'evaluate' | 'speed' | 'backend' | 'models';

/** The whole app. */
@customElement('ms-app')
@localized()
export class MsApp extends LitElement {
  static override styles = appStyles;

  /** The one worker client, for elements that ask the worker themselves. */
  @provide({ context: workerClientContext })
  client = new WorkerClient();

  @state() private backend?: BackendInfo;
  @state() private backendFailed = false;
  @state() private data?: DataStatus;
  @state() private download?: DownloadProgress;
  @state() private activity?: Activity;
  @state() private config: TrainConfig = loadTrainConfig(localStore());
  @state() private progress?: TrainProgress;
  @state() private chart: ChartPoints = EMPTY_CHART;
  @state() private paused = false;
  @state() private stopping = false;
  @state() private stepProgress?: StepProgress;
  @state() private evaluation?: Evaluation;
  @state() private lastRun?: RunRecord;
  @state() private hasModel = false;
  @state() private runs: readonly RunRecord[] = [];
  @state() private speed?: readonly SpeedResult[];

  /** Why the last download failed (if it did), shown with a Retry button. */
  @state() private downloadError?: { name?: ErrorName; message: string };
  /** The unfinished run a reload or crash left, offered for `Resume training`. */
  @state() private checkpoint?: CheckpointInfo;

  private readonly notices = new NoticeController(this);
  /** Saved models and the model in use, for the Models panel. */
  private readonly models = new SavedModelsController(this, {
    client: this.client,
    notices: this.notices,
    exclusive: (job) => this.exclusive('models', job),
    onLoaded: () => {
      this.hasModel = true;
      this.evaluation = undefined;
    },
  });
  /** Whether any tab of this browser is training (Web Locks), to refuse a second run. */
  private readonly trainingLock = new TrainingLockController(this, () => {
    void this.refreshRuns();
    void this.refreshCheckpoint();
  });
  private started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.started) {
      this.started = true;
      this.client.onCrash(this.handleWorkerCrash);
      void this.start();
    }
  }

  override render() {
    const a = this.activity;
    const elsewhere = this.trainingLock.running && a !== 'train';
    const blocked = !this.data?.cached
      ? s.trainNeedsData
      : elsewhere
        ? s.trainingElsewhere
        : a
          ? s.trainBusy
          : '';
    return html`
      <header class="top">
        <ms-app-header
          .backend=${this.backend}
          ?failed=${this.backendFailed}
          ?dataStored=${this.data?.cached === true}
          ?trained=${this.hasModel || this.runs.length > 0}
        ></ms-app-header>
        <ms-update-banner ?training=${a === 'train'}></ms-update-banner>
      </header>
      <main class="layout">
        <div class="side">
          <ms-data-panel
            class="data"
            .error=${
              this.downloadError
                ? s.downloadError(this.downloadError.name, this.downloadError.message)
                : ''
            }
            .status=${this.data}
            .progress=${this.download}
            ?downloading=${a === 'download'}
            ?busy=${!!a && a !== 'download'}
            @ms-download-data=${this.handleDownloadData}
            @ms-delete-data=${this.handleDeleteData}
          ></ms-data-panel>
          <ms-train-panel
            class="train"
            .config=${this.config}
            ?training=${a === 'train'}
            ?paused=${this.paused}
            ?stopping=${this.stopping}
            .blockedReason=${blocked}
            .progress=${this.progress}
            .testProgress=${a === 'train' ? this.stepProgress : undefined}
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
              .checkpoint=${a === 'train' ? undefined : this.checkpoint}
              ?disabled=${!!a || elsewhere || !this.data?.cached}
              @ms-resume-training=${this.handleResumeTraining}
              @ms-discard-checkpoint=${this.handleDiscardCheckpoint}
            ></ms-resume-offer>
          </ms-train-panel>
          <ms-models-panel
            class="models"
            .saved=${this.models.saved}
            .current=${this.models.current}
            ?busy=${!!a}
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
            .info=${this.backend}
            ?busy=${!!a}
            ?measuring=${a === 'speed'}
            .speed=${this.speed}
            .speedProgress=${a === 'speed' ? this.stepProgress : undefined}
            @ms-backend-change=${this.handleBackendChange}
            @ms-measure-speed=${this.handleMeasureSpeed}
          ></ms-backend-panel>
        </div>
        <div class="primary">
          <ms-training-charts class="charts" .points=${this.chart}></ms-training-charts>
          <ms-predict-panel
            class="predict"
            .modelKey=${this.predictionModelKey()}
            @ms-error=${this.handleError}
          ></ms-predict-panel>
          <ms-evaluation
            class="evaluation"
            .evaluation=${this.evaluation}
            ?canEvaluate=${this.hasModel && !a}
            ?evaluating=${a === 'evaluate'}
            .progress=${a === 'evaluate' ? this.stepProgress : undefined}
            @ms-evaluate=${this.handleEvaluate}
          ></ms-evaluation>
        </div>
        <ms-run-history
          class="history"
          .runs=${this.runs}
          @ms-delete-run=${this.handleDeleteRun}
        ></ms-run-history>
      </main>
      <footer>${s.appFooter}</footer>
      <ms-notifier
        .notices=${this.notices.notices}
        @ms-dismiss-notice=${this.handleDismissNotice}
      ></ms-notifier>
    `;
  }

  /** Starts the worker's backend and reads what is stored, side by side. */
  private async start(): Promise<void> {
    const api = this.client.api;
    await Promise.all([
      this.client.ready().then(
        (info) => void (this.backend = info),
        (error: unknown) => {
          this.backendFailed = true;
          this.notices.report(error);
        },
      ),
      api.getDataStatus().then(
        (status) => void (this.data = status),
        (error: unknown) => {
          this.data = { cached: false, bytes: 0 };
          this.notices.report(error);
        },
      ),
      this.refreshRuns(),
      this.models.refresh(),
      this.refreshCheckpoint(),
    ]);
  }

  /** Changes whenever the model that reads digits may have changed. */
  private predictionModelKey(): string {
    const current = this.models.current;
    return [this.hasModel, this.lastRun?.id, current?.name, current?.savedId].join('|');
  }

  /** Asks the worker whether an unfinished run can be resumed. */
  private async refreshCheckpoint(): Promise<void> {
    try {
      this.checkpoint = await this.client.api.getCheckpoint();
    } catch (error) {
      this.notices.report(error);
    }
  }

  /** The worker died: say what was lost, start a new one, and offer to resume. */
  private readonly handleWorkerCrash = (): void => {
    // The same notice as a call that was waiting on the worker gets (shown once).
    this.notices.report({ name: 'WorkerCrashed', message: 'worker died' });
    this.backend = undefined;
    this.hasModel = false; // the model lived in the dead worker
    void this.start();
  };

  private async refreshRuns(): Promise<void> {
    try {
      this.runs = await this.client.api.listRuns();
    } catch (error) {
      this.notices.report(error);
    }
  }

  /** Runs one worker job unless another is running; failures go to the notifier. */
  private async exclusive(activity: Activity, job: () => Promise<void>): Promise<void> {
    if (this.activity) return;
    this.activity = activity;
    this.stepProgress = undefined;
    try {
      await job();
    } catch (error) {
      this.notices.report(error);
    } finally {
      this.activity = undefined;
      this.stepProgress = undefined;
    }
  }

  private handleError(event: CustomEvent<unknown>): void {
    this.notices.report(event.detail);
  }

  private handleDismissNotice(event: CustomEvent<number>): void {
    this.notices.dismiss(event.detail);
  }

  private async handleDownloadData(): Promise<void> {
    await this.exclusive('download', async () => {
      // The bar keeps its last reading until the job ends and hides it (clearing it here
      // would flash an empty bar for one frame).
      this.download = undefined;
      this.downloadError = undefined;
      try {
        this.data = await this.client.api.downloadData(
          callback((p: DownloadProgress) => (this.download = p)),
        );
        this.notices.info(() => s.downloadDone);
      } catch (error) {
        // Shown in the data card, next to the Retry button, rather than as a passing notice.
        const name = errorName(error);
        if (name === 'AbortError') return;
        this.downloadError = { name, message: (error as Error)?.message ?? String(error) };
        this.data = await this.client.api.getDataStatus();
      }
    });
  }

  private async handleDeleteData(): Promise<void> {
    await this.exclusive('delete', async () => {
      this.data = await this.client.api.deleteData();
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
    await this.runTraining((progress, test) => this.client.api.train(config, progress, test));
  }

  private async handleResumeTraining(): Promise<void> {
    if (!this.checkpoint) return;
    this.config = this.checkpoint.config;
    await this.runTraining((progress, test) => this.client.api.resumeTraining(progress, test));
  }

  private async handleDiscardCheckpoint(): Promise<void> {
    try {
      await this.client.api.discardCheckpoint();
      this.checkpoint = undefined;
      this.notices.info(() => s.resumeDiscarded);
    } catch (error) {
      this.notices.report(error);
    }
  }

  /** Runs a new or resumed training run as the app's job, showing its progress and outcome. */
  private async runTraining(
    start: (
      onProgress: ((p: TrainProgress) => void) & ProxyMarked,
      onTest: ((p: StepProgress) => void) & ProxyMarked,
    ) => Promise<TrainOutcome>,
  ): Promise<void> {
    await this.exclusive('train', async () => {
      this.chart = EMPTY_CHART;
      this.progress = undefined;
      this.lastRun = undefined;
      this.evaluation = undefined;
      this.paused = this.stopping = false;
      markTiming(TIMING_MARKS.trainStart);
      try {
        const outcome = await start(
          callback((p: TrainProgress) => this.handleTrainProgress(p)),
          callback((p: StepProgress) => {
            if (!this.stepProgress) markTiming(TIMING_MARKS.testStart);
            this.stepProgress = p;
          }),
        );
        this.hasModel = true;
        this.lastRun = outcome.run;
        this.evaluation = outcome.evaluation;
        // The last update may have been throttled away; the history has every epoch.
        this.chart = appendProgress(this.chart, { newBatches: [], newEpochs: outcome.history });
        this.notices.info(() => s.trainDone(outcome.run.testAccuracy));
      } finally {
        this.paused = this.stopping = false;
      }
    });
    await Promise.all([this.refreshRuns(), this.refreshCheckpoint(), this.models.refresh()]);
  }

  private handleTrainProgress(progress: TrainProgress): void {
    const lost = progress.gpuLost;
    if (lost && !this.progress?.gpuLost) {
      // The worker went on with another backend: say so, and show what runs now.
      this.notices.info(() =>
        s.gpuLost(s.backendChoice(lost.from), s.backendChoice(lost.to), lost.fromEpoch),
      );
      void this.refreshBackend();
    }
    this.progress = progress;
    this.chart = appendProgress(this.chart, progress);
    if (progress.phase === 'paused') this.paused = true;
  }

  private async handlePause(): Promise<void> {
    if (this.activity !== 'train') return;
    this.paused = true;
    await this.client.api.pause().catch((error: unknown) => this.notices.report(error));
  }

  private async handleResume(): Promise<void> {
    if (this.activity !== 'train') return;
    this.paused = false;
    await this.client.api.resume().catch((error: unknown) => this.notices.report(error));
  }

  private async handleStop(): Promise<void> {
    if (this.activity !== 'train') return;
    this.stopping = true;
    await this.client.api.stop().catch((error: unknown) => this.notices.report(error));
  }

  private async handleEvaluate(): Promise<void> {
    await this.exclusive('evaluate', async () => {
      this.evaluation = await this.client.api.evaluate(
        callback((p: StepProgress) => (this.stepProgress = p)),
      );
    });
  }

  private async handleBackendChange(event: CustomEvent<BackendChoice>): Promise<void> {
    await this.exclusive('backend', async () => {
      try {
        this.backend = await this.client.api.setBackend(event.detail);
      } finally {
        // A new object makes the select show the backend really in use, even after a failure.
        if (this.backend) this.backend = { ...this.backend };
      }
    });
  }

  private async handleMeasureSpeed(): Promise<void> {
    await this.exclusive('speed', async () => {
      this.speed = await this.client.api.measureSpeed(
        {},
        callback((p: StepProgress) => (this.stepProgress = p)),
      );
    });
    // The timings now decide the automatic choice: show them, and the backend they chose.
    await this.refreshBackend();
  }

  /** Reads what the worker runs on now. */
  private async refreshBackend(): Promise<void> {
    try {
      this.backend = await this.client.api.backendInfo();
    } catch (error) {
      this.notices.report(error);
    }
  }

  private async handleDeleteRun(event: CustomEvent<number>): Promise<void> {
    const id = event.detail;
    try {
      await this.client.api.deleteRun(id);
      this.runs = this.runs.filter((run) => run.id !== id);
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
