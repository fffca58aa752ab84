/**
 * The worker's one API, exposed with Comlink. The UI derives its type from `WorkerApi`, so the
 * seam is written once. State (data, model, training run) lives here; the UI sends intents.
 */
import * as Comlink from 'comlink';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { bitmapToRgba, decodeImage, readDigit } from './predict/read-digit.ts';
import { loadStarterModel } from './predict/starter.ts';
import { getBackend } from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendInfo, BackendName } from '../shared/backends.ts';
import { StudioError } from '../shared/errors.ts';
import { MNIST_ASSET_DIR } from '../shared/mnist.ts';
import { MODEL_NAMES, type ModelName } from '../shared/models.ts';
import type {
  DataStatus,
  DownloadProgress,
  Evaluation,
  ModelSummary,
  RunRecord,
  SpeedResult,
  StepProgress,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
  CheckpointInfo,
  Prediction,
  PredictionModel,
} from '../shared/protocol.ts';
import { workerLifeLock } from '../shared/coordination.ts';
import { holdForLife, withTrainingLock } from './locks.ts';
import { deleteCheckpoint, describeCheckpoint, readCheckpoint } from './storage/checkpoints.ts';
import { runTraining } from './training/run.ts';
import {
  describeBackend,
  dropLostGpuBackend,
  gpuLoss,
  gpuWasLost,
  rememberTimings,
  useBackend,
} from './backend/backends.ts';
import { downloadMnist } from './data/download.ts';
import { MnistData } from './data/mnist-data.ts';
import { buildModel, compileForTraining, disposeModel, summarizeModel } from './models/index.ts';
import {
  deleteMnistFiles,
  deleteRun,
  listRuns,
  readMnistFiles,
  readMnistStatus,
  writeMnistFiles,
} from './storage/db.ts';
import { TrainingControl } from './training/control.ts';
import type { CheckpointRecord } from './storage/db.ts';
import { evaluateModel } from './training/evaluate.ts';
import { timeTrainingBatches } from './training/speed.ts';
import { checkTrainConfig } from './training/train.ts';
import type { CurrentModelInfo, ModelFiles, SavedModelInfo } from '../shared/protocol.ts';
import {
  describeCurrentModel,
  loadedModel,
  noteDeleted,
  noteRenamed,
  savedDraft,
  type CurrentModel,
} from './models/current-model.ts';
import { modelFromFiles } from './models/import.ts';
import {
  deleteSavedModel,
  exportSavedModel,
  listSavedModels,
  loadSavedModel,
  renameSavedModel,
  storeModel,
} from './storage/models.ts';

/** Options of a training-speed measurement. */
export interface SpeedOptions {
  backends?: BackendName[];
  models?: ModelName[];
  batchSize?: number;
  /** Timed batches per backend and model, after one warm-up batch. */
  batches?: number;
}

/** The worker's state: one dataset, one current model, at most one job at a time. */
const state: {
  data?: MnistData;
  model?: CurrentModel;
  control?: TrainingControl;
  /** What the worker is doing, so a second job is refused rather than interleaved. */
  busy?: 'download' | 'train' | 'evaluate' | 'measure' | 'save' | 'load' | 'import';
} = {};

/**
 * Settles once `init` has chosen and started a backend. Work that makes tensors waits for it:
 * otherwise TF.js would start its own default backend (WebGL) for an early call.
 */
let backendStarted: () => void = () => {};
const backendReady = new Promise<void>((resolve) => (backendStarted = resolve));

/** Runs `job` unless another job is running (the UI disables buttons, but be sure). */
async function exclusive<T>(
  job: NonNullable<typeof state.busy>,
  run: () => Promise<T>,
): Promise<T> {
  if (state.busy) throw new StudioError('Busy', `Cannot ${job} while ${state.busy} is running.`);
  state.busy = job;
  try {
    return await run();
  } finally {
    state.busy = undefined;
  }
}

/** The dataset, read from IndexedDB on first use. */
async function loadData(): Promise<MnistData> {
  if (state.data) return state.data;
  const files = await readMnistFiles();
  if (!files) throw new StudioError('DataMissing', 'MNIST is not downloaded yet.');
  state.data = MnistData.fromFiles(files);
  return state.data;
}

/** The model that reads digits: the current one, else the starter model. */
async function predictionModel(): Promise<{ model: LayersModel; info: PredictionModel }> {
  await backendReady;
  if (state.model) {
    const current = describeCurrentModel(state.model);
    return {
      model: state.model.model,
      info: {
        kind: current.origin,
        name: current.name,
        testAccuracy: current.testAccuracy,
      },
    };
  }
  return loadStarterModel(
    new URL(`${import.meta.env.BASE_URL}models/starter/`, self.location.origin),
  );
}

/**
 * Runs training as the current job (see `attemptRun`). If the GPU under WebGL or WebGPU is lost
 * mid-run, the run goes on: WASM takes over from the last epoch's checkpoint (or from the start,
 * if no epoch had finished), and progress reports say so.
 */
async function startRun(
  config: TrainConfig,
  checkpoint: CheckpointRecord | undefined,
  onProgress: (p: TrainProgress) => void,
  onEvaluate?: (p: StepProgress) => void,
): Promise<TrainOutcome> {
  try {
    return await attemptRun(config, checkpoint, onProgress, onEvaluate);
  } catch (error) {
    if (!(await gpuWasLost())) throw error;
    const from = getBackend() as BackendName;
    console.warn(
      `The GPU under ${from} was lost; training goes on from the last checkpoint.`,
      error,
    );
    const info = await dropLostGpuBackend();
    const resumed = (await readCheckpoint()) ?? undefined;
    const note = { from, to: info.active, fromEpoch: (resumed?.epochsDone ?? 0) + 1 };
    return attemptRun(config, resumed, (p) => onProgress({ ...p, gpuLost: note }), onEvaluate);
  }
}

/** Runs training as the current job: the model becomes current, Stop/Pause reach it. */
async function attemptRun(
  config: TrainConfig,
  checkpoint: CheckpointRecord | undefined,
  onProgress: (p: TrainProgress) => void,
  onEvaluate?: (p: StepProgress) => void,
): Promise<TrainOutcome> {
  const data = await loadData();
  const control = new TrainingControl();
  state.control = control;
  try {
    const outcome = await runTraining({
      config,
      data,
      checkpoint,
      gpuLost: gpuLoss(),
      backend: getBackend() as BackendName,
      control,
      onProgress,
      onEvaluate,
      onModel: (model) => {
        if (state.model) disposeModel(state.model.model);
        state.model = { name: config.model, model };
      },
    });
    // Saving the model records how it was trained.
    if (state.model) state.model.run = outcome.run;
    const { examples, mistakes } = outcome.evaluation;
    return Comlink.transfer(outcome, [examples.pixels.buffer, mistakes.pixels.buffer]);
  } finally {
    state.control = undefined;
  }
}

/** Transfers the example pixels instead of copying them. */
function transferEvaluation(evaluation: Evaluation): Evaluation {
  return Comlink.transfer(evaluation, [
    evaluation.examples.pixels.buffer,
    evaluation.mistakes.pixels.buffer,
  ]);
}

const api = {
  /** Starts TF.js on the person's backend choice and reports what runs. */
  async init(choice: BackendChoice = 'auto', workerId?: string): Promise<BackendInfo> {
    // Hold a lock for life first, so the page learns at once if this worker ever dies.
    if (workerId) await holdForLife(workerLifeLock(workerId));
    const info = await useBackend(choice);
    backendStarted();
    return info;
  },

  /** What runs now (after a GPU loss or a speed measurement the automatic choice may change). */
  async backendInfo(): Promise<BackendInfo> {
    await backendReady;
    return describeBackend();
  },

  /** Switches the compute backend (not while a job runs). */
  async setBackend(choice: BackendChoice): Promise<BackendInfo> {
    if (state.busy)
      throw new StudioError('Busy', `Cannot switch backend while ${state.busy} is running.`);
    return useBackend(choice);
  },

  /** Whether MNIST is in IndexedDB; reads IndexedDB only, never the network. */
  async getDataStatus(): Promise<DataStatus> {
    return readMnistStatus();
  },

  /** Downloads, verifies and stores MNIST, reporting compressed bytes received. */
  async downloadData(onProgress: (p: DownloadProgress) => void): Promise<DataStatus> {
    return exclusive('download', async () => {
      const base = new URL(import.meta.env.BASE_URL + MNIST_ASSET_DIR, self.location.origin);
      const files = await downloadMnist(base, onProgress);
      onProgress({ phase: 'store', loaded: 1, total: 1 });
      const status = await writeMnistFiles(files);
      state.data = MnistData.fromFiles(files);
      return status;
    });
  },

  /** Deletes the stored MNIST files. */
  async deleteData(): Promise<DataStatus> {
    return exclusive('download', async () => {
      state.data = undefined;
      return deleteMnistFiles();
    });
  },

  /** The layer table of one of the book's models. */
  async describeModel(name: ModelName): Promise<ModelSummary> {
    await backendReady;
    if (!MODEL_NAMES.includes(name)) throw new StudioError('InvalidConfig', `No model ${name}.`);
    const model = buildModel(name);
    try {
      return summarizeModel(name, model);
    } finally {
      model.dispose();
    }
  },

  /**
   * Trains a new model (replacing any unfinished run's checkpoint), then evaluates it on the
   * test set and records the run. Refused while another tab trains.
   */
  async train(
    config: TrainConfig,
    onProgress: (p: TrainProgress) => void,
    onEvaluate?: (p: StepProgress) => void,
  ): Promise<TrainOutcome> {
    checkTrainConfig(config);
    return exclusive('train', () =>
      withTrainingLock(async () => {
        await deleteCheckpoint();
        return startRun(config, undefined, onProgress, onEvaluate);
      }),
    );
  },

  /** The unfinished run a reload, crash or closed tab left behind, if any. */
  async getCheckpoint(): Promise<CheckpointInfo | undefined> {
    const record = await readCheckpoint();
    return record && describeCheckpoint(record);
  },

  /** Continues the unfinished run from the end of its last finished epoch, same curves. */
  async resumeTraining(
    onProgress: (p: TrainProgress) => void,
    onEvaluate?: (p: StepProgress) => void,
  ): Promise<TrainOutcome> {
    return exclusive('train', () =>
      withTrainingLock(async () => {
        const checkpoint = await readCheckpoint();
        if (!checkpoint) throw new StudioError('CheckpointInvalid', 'There is no run to resume.');
        return startRun(checkpoint.config, checkpoint, onProgress, onEvaluate);
      }),
    );
  },

  /** Forgets the unfinished run. */
  async discardCheckpoint(): Promise<void> {
    if (state.busy === 'train') throw new StudioError('Busy', 'Training is running.');
    await deleteCheckpoint();
  },

  /** Pauses training at the next batch boundary. */
  pause(): void {
    state.control?.pause();
  },

  /** Resumes a paused run. */
  resume(): void {
    state.control?.resume();
  },

  /** Ends training at the next batch boundary, keeping the model trained so far. */
  stop(): void {
    state.control?.stop();
  },

  /** Evaluates the current model on the 10,000 test images. */
  async evaluate(onProgress?: (p: StepProgress) => void): Promise<Evaluation> {
    return exclusive('evaluate', async () => {
      if (!state.model) throw new StudioError('NoModel', 'Train a model first.');
      const data = await loadData();
      return transferEvaluation(await evaluateModel(state.model.model, data, onProgress));
    });
  },

  /** Finished runs, newest first. */
  async listRuns(): Promise<RunRecord[]> {
    return listRuns();
  },

  /** Removes one run from the history. */
  async deleteRun(id: number): Promise<void> {
    return deleteRun(id);
  },

  /**
   * Times real training batches of each model on each backend, then returns to the backend in
   * use before. Uses MNIST images when they are stored, random pixels otherwise.
   */
  async measureSpeed(
    options: SpeedOptions = {},
    onProgress?: (p: StepProgress) => void,
  ): Promise<SpeedResult[]> {
    return exclusive('measure', async () => {
      const before = await describeBackend();
      const backends = options.backends ?? before.available;
      const models = options.models ?? [...MODEL_NAMES];
      const batchSize = options.batchSize ?? 320;
      const batches = options.batches ?? 5;
      const data = (await readMnistStatus()).cached ? await loadData() : undefined;
      const results: SpeedResult[] = [];
      const total = backends.length * models.length;
      try {
        for (const backend of backends) {
          await useBackend(backend);
          for (const name of models) {
            onProgress?.({ done: results.length, total, measuring: { model: name, backend } });
            const model = buildModel(name);
            compileForTraining(model);
            try {
              // WebGL compiles its shaders on the first steps: warm it up longer.
              const warmup = backend === 'webgl' ? 2 : 1;
              const batchMs = await timeTrainingBatches(model, batchSize, batches, data, warmup);
              results.push({
                backend,
                model: name,
                batchSize,
                batchMs,
                examplesPerSecond: (batchSize * 1000) / batchMs,
              });
            } finally {
              disposeModel(model);
            }
          }
        }
        // The automatic choice uses these timings from now on ("re-measured on demand").
        const conv = results.filter((r) => r.model === 'conv' && r.batchSize === 320);
        await rememberTimings(Object.fromEntries(conv.map((r) => [r.backend, r.batchMs])));
      } finally {
        await useBackend(before.choice);
      }
      onProgress?.({ done: total, total });
      return results;
    });
  },

  // Saved models

  /** The model `evaluate` and predictions use; `undefined` until one is trained or loaded. */
  currentModel(): CurrentModelInfo | undefined {
    return state.model && describeCurrentModel(state.model);
  },

  /**
   * Saves the current model under `name`: TF.js keeps it in its IndexedDB database
   * (`indexeddb://mnist-studio-model-<id>`), our 'models' store keeps its description.
   */
  async saveModel(name: string): Promise<SavedModelInfo> {
    return exclusive('save', async () => {
      const current = state.model;
      if (!current) throw new StudioError('NoModel', 'Train or load a model first.');
      const info = await storeModel(current.model, savedDraft(current, name));
      current.saved = info;
      return info;
    });
  },

  /** Saved models, newest first. */
  async listModels(): Promise<SavedModelInfo[]> {
    return listSavedModels();
  },

  /** Makes saved model `id` the current model (the one `evaluate` uses). */
  async loadModel(id: number): Promise<CurrentModelInfo> {
    return exclusive('load', async () => {
      const { info, model } = await loadSavedModel(id);
      if (state.model) disposeModel(state.model.model);
      state.model = loadedModel(info, model);
      return describeCurrentModel(state.model);
    });
  },

  /** Renames saved model `id` (its description only). */
  async renameModel(id: number, name: string): Promise<SavedModelInfo> {
    const info = await renameSavedModel(id, name);
    noteRenamed(state.model, info);
    return info;
  },

  /** Deletes saved model `id` everywhere; if it is in use, it stays so, unsaved. */
  async deleteModel(id: number): Promise<void> {
    await deleteSavedModel(id);
    noteDeleted(state.model, id);
  },

  /** Saved model `id` as `<name>.json` and `<name>.weights.bin` (buffers transferred). */
  async exportModel(id: number): Promise<ModelFiles> {
    const files = await exportSavedModel(id);
    return Comlink.transfer(
      files,
      files.files.map((f) => f.bytes),
    );
  },

  /**
   * Checks a layers model's files (`model.json` and weights, e.g. from an export or from
   * `tensorflowjs_converter`) and adds the model to the saved list. Throws `ImportInvalid`,
   * having written nothing, if they are not an MNIST model.
   */
  async importModel(files: ModelFiles): Promise<SavedModelInfo> {
    return exclusive('import', async () => {
      const { model, draft } = await modelFromFiles(files);
      try {
        return await storeModel(model, draft);
      } finally {
        disposeModel(model);
      }
    });
  },

  // Reading digits

  /** Which model reads digits now: the current one, or the starter model until there is one. */
  async predictionModel(): Promise<PredictionModel> {
    return (await predictionModel()).info;
  },

  /**
   * Reads the digit in an image: a drawing or camera frame (an `ImageBitmap`, transferred) or
   * a file the person chose (a `Blob`, decoded here so the page never stalls on big photos).
   */
  async predict(image: ImageBitmap | Blob): Promise<Prediction> {
    const start = performance.now();
    const { model, info } = await predictionModel();
    const bitmap = image instanceof Blob ? await decodeImage(image) : image;
    const answer = readDigit(model, bitmapToRgba(bitmap));
    const prediction: Prediction = { ...answer, model: info, ms: performance.now() - start };
    return Comlink.transfer(prediction, [prediction.input.buffer]);
  },
};

/** The worker's API as the UI sees it (through `Comlink.Remote`). */
export type WorkerApi = typeof api;

Comlink.expose(api);
