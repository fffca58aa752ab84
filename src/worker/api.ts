/**
 * The worker's one API, exposed with Comlink. The UI derives its type from `WorkerApi`, so the
 * seam is written once. State (data, model, training run) lives here; the UI sends intents.
 */
import * as Comlink from 'comlink';
import type { BackendChoice, BackendInfo, BackendName } from '../shared/backends.ts';
import type { ModelName } from '../shared/models.ts';
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
} from '../shared/protocol.ts';
import { StudioError } from '../shared/errors.ts';

const notYet = (what: string): never => {
  throw new StudioError('Busy', `${what} is not implemented yet.`);
};

/** Options of a training-speed measurement. */
export interface SpeedOptions {
  backends?: BackendName[];
  models?: ModelName[];
  batchSize?: number;
  /** Timed batches per backend and model, after one warm-up batch. */
  batches?: number;
}

const api = {
  /** Starts TF.js on the person's backend choice and reports what runs. */
  async init(_choice: BackendChoice = 'auto'): Promise<BackendInfo> {
    return notYet('init');
  },
  /** Switches the compute backend (not while training). */
  async setBackend(_choice: BackendChoice): Promise<BackendInfo> {
    return notYet('setBackend');
  },
  /** Whether MNIST is in IndexedDB; reads IndexedDB only, never the network. */
  async getDataStatus(): Promise<DataStatus> {
    return notYet('getDataStatus');
  },
  /** Downloads, verifies and stores MNIST, reporting compressed bytes received. */
  async downloadData(_onProgress: (p: DownloadProgress) => void): Promise<DataStatus> {
    return notYet('downloadData');
  },
  /** Deletes the stored MNIST files. */
  async deleteData(): Promise<DataStatus> {
    return notYet('deleteData');
  },
  /** The layer table of one of the book's models. */
  async describeModel(_model: ModelName): Promise<ModelSummary> {
    return notYet('describeModel');
  },
  /** Trains a new model, then evaluates it on the test set and records the run. */
  async train(
    _config: TrainConfig,
    _onProgress: (p: TrainProgress) => void,
    _onEvaluate?: (p: StepProgress) => void,
  ): Promise<TrainOutcome> {
    return notYet('train');
  },
  /** Pauses training at the next batch boundary. */
  pause(): void {},
  /** Resumes a paused run. */
  resume(): void {},
  /** Ends training at the next batch boundary, keeping the model trained so far. */
  stop(): void {},
  /** Evaluates the current model on the 10,000 test images. */
  async evaluate(_onProgress?: (p: StepProgress) => void): Promise<Evaluation> {
    return notYet('evaluate');
  },
  /** Finished runs, newest first. */
  async listRuns(): Promise<RunRecord[]> {
    return notYet('listRuns');
  },
  /** Removes one run from the history. */
  async deleteRun(_id: number): Promise<void> {
    return notYet('deleteRun');
  },
  /** Times real training batches of each model on each backend. */
  async measureSpeed(
    _options: SpeedOptions,
    _onProgress?: (p: StepProgress) => void,
  ): Promise<SpeedResult[]> {
    return notYet('measureSpeed');
  },
};

/** The worker's API as the UI sees it (through `Comlink.Remote`). */
export type WorkerApi = typeof api;

Comlink.expose(api);
