/**
 * The worker's state as one snapshot: what the page shows about jobs, data, the model, the
 * backend and unfinished runs is derived from it, never kept a second time on the page. The
 * worker pushes a new snapshot through one subscription whenever something changes (progress
 * throttled to a few per second); `seq` grows with each, so a late one is recognised.
 */
import type { BackendInfo } from './backends.ts';
import type {
  CheckpointInfo,
  CurrentModelInfo,
  DataStatus,
  DownloadProgress,
  RunRecord,
  SavedModelInfo,
  StepProgress,
} from './protocol.ts';
import { EMPTY_PERSONAL, type PersonalSummary } from './personal.ts';

/** The jobs a worker runs, one at a time. */
export const JOB_KINDS = [
  'download',
  'deleteData',
  'train',
  'evaluate',
  'measure',
  'backend',
  'save',
  'load',
  'import',
  'finetune',
] as const;
/** A kind of job. */
export type JobKind = (typeof JOB_KINDS)[number];

/** The job in progress. */
export interface JobState {
  kind: JobKind;
  /** Training: paused at a batch boundary (or about to be). */
  paused?: boolean;
  /** Training: a Stop was asked for and the run ends at the next batch boundary. */
  stopping?: boolean;
  /** A download's bytes. */
  download?: DownloadProgress;
  /** An evaluation's images, a speed measurement's steps, or a run's final test. */
  steps?: StepProgress;
}

/** MNIST in IndexedDB: still being looked up, or known. */
export type DataState = { checking: true } | (DataStatus & { checking?: false });

/** Everything the page shows about the worker. */
export interface WorkerState {
  /** Grows with every snapshot of one worker. */
  seq: number;
  /** What computes, once a backend has started; `undefined` while starting. */
  backend?: BackendInfo;
  /** No backend could start. */
  backendFailed: boolean;
  data: DataState;
  /** The job in progress, if any. */
  job?: JobState;
  /** The model evaluations and readings use; `undefined`: the starter model reads digits. */
  model?: CurrentModelInfo;
  /** Bumps whenever the model changes (trained, loaded, replaced), to refresh what reads it. */
  modelVersion: number;
  /** Saved models, newest first. */
  savedModels: SavedModelInfo[];
  /** Finished runs, newest first. */
  runs: RunRecord[];
  /** The unfinished run a reload or crash left behind, if any. */
  checkpoint?: CheckpointInfo;
  /** Another tab of this browser is training (only one run at a time). */
  trainingElsewhere: boolean;
  /** The person's own digits (My digits), counted; the images stay in the worker. */
  personal: PersonalSummary;
}

/** The state before the worker has said anything. */
export const INITIAL_WORKER_STATE: WorkerState = {
  seq: 0,
  backendFailed: false,
  data: { checking: true },
  modelVersion: 0,
  savedModels: [],
  runs: [],
  trainingElsewhere: false,
  personal: EMPTY_PERSONAL,
};
