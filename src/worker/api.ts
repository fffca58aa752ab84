/**
 * The worker's one API: the intents the page sends, each handed to the service that owns it
 * (backend, data, training, models, prediction). State lives in the services and reaches the
 * page as snapshots through `subscribe`. `worker.ts` exposes it with Comlink; tests use
 * `createWorkerServices` without Comlink. The UI derives its type from `WorkerApi`.
 */
import type { BackendChoice, BackendInfo, StartMode } from '../shared/backends.ts';
import type { ModelName } from '../shared/models.ts';
import type {
  DataStatus,
  Evaluation,
  ModelFiles,
  ModelSummary,
  Prediction,
  PredictionModel,
  SavedModelInfo,
  SpeedResult,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
} from '../shared/protocol.ts';
import type { WorkerState } from '../shared/worker-state.ts';
import type { InsideView, Saliency } from '../shared/inside.ts';
import type {
  FineTuneConfig,
  FineTuneOutcome,
  FineTuneProgress,
  PersonalDigit,
  PersonalDigitDraft,
  PersonalFileFormat,
} from '../shared/personal.ts';
import { JobRunner } from './jobs.ts';
import { holdForLife } from './locks.ts';
import { workerLifeLock } from '../shared/coordination.ts';
import { BackendService, type SpeedOptions } from './services/backend-service.ts';
import { DataService } from './services/data-service.ts';
import { ModelService } from './services/model-service.ts';
import { PersonalService } from './services/personal-service.ts';
import { PredictionService } from './services/prediction-service.ts';
import { TrainingService } from './services/training-service.ts';
import { StateStore } from './state.ts';
import { watchTrainingLock } from './training-elsewhere.ts';

export type { SpeedOptions };

/** The worker's services, wired together around one state store and one job runner. */
export function createWorkerServices(starterUrl: URL) {
  const store = new StateStore();
  const jobs = new JobRunner(store);
  const data = new DataService(store, jobs);
  const backend = new BackendService(store, jobs, () => data.loadIfStored());
  const models = new ModelService(store, jobs, backend.ready);
  const training = new TrainingService(store, jobs, data, models, backend);
  const prediction = new PredictionService(models, backend.ready, starterUrl);
  const personal = new PersonalService(store, data, models, training, prediction);
  return { store, jobs, data, backend, models, training, prediction, personal };
}

/** The services `createWorkerApi` fronts. */
export type WorkerServices = ReturnType<typeof createWorkerServices>;

/** The API the page calls, over `services`. */
export function createWorkerApi(services: WorkerServices) {
  const { store, jobs, data, backend, models, training, prediction, personal } = services;
  let stopWatchingLock: (() => void) | undefined;
  return {
    /**
     * Takes this worker's life lock (the page then queues for it, and is granted it only when
     * the worker dies) and answers: the worker has loaded and is listening.
     */
    async alive(workerId: string): Promise<void> {
      await holdForLife(workerLifeLock(workerId));
    },

    /**
     * Answers at once. The page's start-up watch asks every second: a worker that is busy
     * still answers between its steps, one whose thread is blocked (Firefox, while TF.js'
     * threaded WASM build waits for its pthreads) does not.
     */
    ping(): boolean {
      return true;
    },

    /**
     * Starts TF.js on the person's backend choice and reads what is stored (data, runs, saved
     * models, the unfinished run), publishing each as it is known. `mode` is how far the page
     * has stepped down after starts that hung (see `StartMode`). Rejects with the first
     * failure after publishing everything it could.
     */
    async init(choice: BackendChoice = 'auto', mode: StartMode = 'threads'): Promise<BackendInfo> {
      stopWatchingLock ??= watchTrainingLock(
        (held) =>
          store.update({
            trainingElsewhere: held && jobs.current !== 'train' && jobs.current !== 'finetune',
          }),
        () => void Promise.allSettled([training.refreshRuns(), training.refreshCheckpoint()]),
      );
      // Storage first, the backend after. Firefox can block this thread for good while TF.js'
      // threaded WASM build starts (issue 18); the page then terminates this worker and starts
      // another, whose IndexedDB open would wait forever behind an open (on a first visit, an
      // upgrade) or a transaction that this blocked thread began and can never finish.
      const reads = await Promise.allSettled([
        data.refresh(),
        training.refreshRuns(),
        training.refreshCheckpoint(),
        models.refreshSaved(),
        personal.refresh(),
      ]);
      const [info] = await Promise.allSettled([backend.start(choice, mode)]);
      const failed = [info, ...reads].find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return (info as PromiseFulfilledResult<BackendInfo>).value;
    },

    /** Calls `listener` with the state now and with every change (throttled progress). */
    subscribe(listener: (state: WorkerState) => void): void {
      store.subscribe(listener);
    },

    // Backend
    setBackend: (choice: BackendChoice, signal?: AbortSignal): Promise<BackendInfo> =>
      backend.setBackend(choice, signal),
    /** Times training batches of each model on each backend; cancellable. */
    measureSpeed: (options: SpeedOptions, signal?: AbortSignal): Promise<SpeedResult[]> =>
      backend.measureSpeed(options, signal),

    // Data
    downloadData: (signal?: AbortSignal): Promise<DataStatus> => data.download(signal),
    deleteData: (): Promise<DataStatus> => data.delete(),

    // Training
    describeModel: (name: ModelName): Promise<ModelSummary> => models.describe(name),
    train: (
      config: TrainConfig,
      onProgress: (p: TrainProgress) => void,
      signal?: AbortSignal,
    ): Promise<TrainOutcome> => training.train(config, onProgress, signal),
    resumeTraining: (
      onProgress: (p: TrainProgress) => void,
      signal?: AbortSignal,
    ): Promise<TrainOutcome> => training.resume(onProgress, signal),
    discardCheckpoint: (): Promise<void> => training.discardCheckpoint(),
    pause: (): void => training.pause(),
    resume: (): void => training.resumeRun(),
    stop: (): void => training.stop(),
    evaluate: (signal?: AbortSignal): Promise<Evaluation> => training.evaluate(signal),
    deleteRun: (id: number): Promise<void> => training.deleteRun(id),

    // Saved models
    saveModel: (name: string): Promise<SavedModelInfo> => models.save(name),
    loadModel: (id: number): Promise<SavedModelInfo> => models.load(id),
    renameModel: (id: number, name: string): Promise<SavedModelInfo> => models.rename(id, name),
    deleteModel: (id: number): Promise<void> => models.delete(id),
    exportModel: (id: number): Promise<ModelFiles> => models.export(id),
    importModel: (files: ModelFiles, signal?: AbortSignal): Promise<SavedModelInfo> =>
      models.import(files, signal),

    // Reading digits
    predictionModel: (): Promise<PredictionModel> => prediction.model(),
    predict: (image: ImageBitmap | Blob, seq?: number): Promise<Prediction> =>
      prediction.predict(image, seq),
    /** Every layer's output for a 28 × 28 image (0–255), and why the model answered so. */
    inspect: (input: Uint8Array): Promise<InsideView> => prediction.inspect(input),
    /** Where the image's ink pushes `digit`'s score ("why not 3?"). */
    saliency: (input: Uint8Array, digit: number): Promise<Saliency> =>
      prediction.saliency(input, digit),

    // My digits (the person's own handwriting, kept on this device only)
    /** Keeps a confirmed or corrected reading (its thumbnail shrunk to 48 px at most). */
    keepDigit: (draft: PersonalDigitDraft): Promise<PersonalDigit> => personal.keep(draft),
    /** Every kept digit, oldest first. */
    listDigits: (): Promise<PersonalDigit[]> => personal.list(),
    relabelDigit: (id: number, label: number): Promise<void> => personal.relabel(id, label),
    deleteDigit: (id: number): Promise<void> => personal.delete(id),
    clearDigits: (): Promise<void> => personal.clear(),
    /**
     * Fine-tunes the model that reads digits on the person's digits with MNIST replay,
     * measured before and after on a held-out part; `pause`, `resume` and `stop` reach it.
     */
    fineTune: (
      config: Partial<FineTuneConfig>,
      onProgress: (p: FineTuneProgress) => void,
      signal?: AbortSignal,
    ): Promise<FineTuneOutcome> => personal.fineTune(config, onProgress, signal),

    /** My digits as files: 'png', one my-digits.png sprite; 'idx', MNIST's two IDX files. */
    exportDigits: (format: PersonalFileFormat): Promise<ModelFiles> => personal.export(format),
    /** Adds the digits of an exported file set; a bad set is refused and nothing is stored. */
    importDigits: (files: ModelFiles): Promise<number> => personal.import(files),
  };
}

/** The worker's API as the UI sees it (through `Comlink.Remote`). */
export type WorkerApi = ReturnType<typeof createWorkerApi>;
