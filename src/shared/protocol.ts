/**
 * The messages between the UI and the worker: small, serialisable, and the same type on both
 * sides. The worker API itself is `WorkerApi` in `src/worker/api.ts`.
 */
import type { PreprocessStages } from './preprocess/stages.ts';
import type { InsideView } from './inside.ts';
import type { FineTuneRecord } from './personal.ts';
import type { BackendName } from './backends.ts';
import type { ModelName } from './models.ts';
import { TRAIN_COUNT } from './mnist.ts';

/** The optimizers a run can use: listing 4.2's RMSprop, Adam, and SGD with momentum 0.9. */
export const OPTIMIZERS = ['rmsprop', 'adam', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * How the learning rate moves during a run: `constant` (the book), or `one-cycle`: a linear
 * warm-up from a tenth of the rate over the first 20% of the batches, then a linear decay to 0.
 */
export const SCHEDULES = ['constant', 'one-cycle'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** What a person chooses before pressing Train (listing 4.2's recipe by default). */
export interface TrainConfig {
  model: ModelName;
  epochs: number;
  batchSize: number;
  /** Examples trained on per epoch, taken from the 51,000-image training split. */
  trainExamples: number;
  optimizer: OptimizerName;
  /** The peak learning rate (the rate itself for a constant schedule). */
  learningRate: number;
  schedule: ScheduleName;
  /** 0 for one-hot targets; ε moves ε of each target's weight evenly onto all ten classes. */
  labelSmoothing: number;
  /**
   * Fixes weight initialisation and shuffling (a whole number from 0 to 2³²−1); absent, the
   * worker draws one and records it, so every run can be repeated.
   */
  seed?: number;
  /** Keep the weights of the epoch with the best validation accuracy (off: the book exactly). */
  keepBest: boolean;
  /** Test on the 10,000 test images after every epoch (a curve of test accuracy). */
  testEachEpoch: boolean;
  /**
   * Photo-like augmentation of the training images (`src/shared/augment.ts`): small rotations,
   * shifts and scale, stroke width, blur, noise. Absent or false: MNIST as it is (the book).
   */
  augment?: boolean;
}

/** The settings a recipe fixes (the model and the training-set size are chosen apart). */
export type RecipeSettings = Pick<
  TrainConfig,
  'optimizer' | 'learningRate' | 'schedule' | 'labelSmoothing' | 'batchSize' | 'epochs'
>;

/** Listing 4.2: RMSprop 0.001, batch 320, 10 epochs. */
export const BOOK_RECIPE: RecipeSettings = {
  optimizer: 'rmsprop',
  learningRate: 0.001,
  schedule: 'constant',
  labelSmoothing: 0,
  batchSize: 320,
  epochs: 10,
};

/**
 * 99% in under a minute: Adam with a one-cycle schedule and label smoothing, smaller batches, 2
 * epochs. Tuned in Node on the app's WASM backend (seeds 1–3 each): batch 32 at 0.002 gave
 * 99.04–99.06% but ~64 s of steps here; batch 64 at 0.003 98.99–99.07%, at 0.005 99.08–99.19%,
 * at 0.008 99.12–99.19%; batch 128 at 0.008 99.10–99.20%, at 0.012 99.12–99.16%. Batch 128 runs
 * ~2,250 examples/s on 2 WASM threads against ~1,900 at 64 (docs/BENCHMARKS.md, speed by batch
 * size), so 2 epochs take ~45 s of steps; the bench's seeded runs are in docs/BENCHMARKS.md.
 */
export const FAST_RECIPE: RecipeSettings = {
  optimizer: 'adam',
  learningRate: 0.01,
  schedule: 'one-cycle',
  labelSmoothing: 0.1,
  batchSize: 128,
  epochs: 2,
};

/**
 * The bigger convnet's 99.5% (section 4.2.5): Adam 0.003 with a one-cycle schedule, label
 * smoothing, batch 128, 5 epochs. Tuned in Node on the app's WASM backend (`npm run train --
 * --model big`): 99.57% after 5 epochs (seed 2), 99.49% after 4 (seed 1); docs/BENCHMARKS.md.
 * Any model can use it; listing 4.1 gains little over the Fast recipe from the extra epochs.
 */
export const LONG_RECIPE: RecipeSettings = {
  optimizer: 'adam',
  learningRate: 0.003,
  schedule: 'one-cycle',
  labelSmoothing: 0.1,
  batchSize: 128,
  epochs: 5,
};

/** The named recipes; a config that matches none is `custom`. */
export const RECIPES = { book: BOOK_RECIPE, fast: FAST_RECIPE, long: LONG_RECIPE } as const;
export type RecipeName = keyof typeof RECIPES | 'custom';

/** Listing 4.2: batch 320, 10 epochs, all training data, best epoch kept, tested each epoch. */
export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  model: 'conv',
  ...BOOK_RECIPE,
  trainExamples: TRAIN_COUNT,
  keepBest: true,
  testEachEpoch: true,
  augment: false,
};

/** Allowed ranges for the training form; the worker enforces them too. */
export const TRAIN_LIMITS = {
  epochs: { min: 1, max: 100 },
  batchSize: { min: 1, max: 4096 },
  trainExamples: { min: 100, max: TRAIN_COUNT },
  learningRate: { min: 1e-6, max: 1 },
  labelSmoothing: { min: 0, max: 0.5 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

/** Training-set sizes offered as quick choices. */
export const TRAIN_EXAMPLE_PRESETS = [1_000, 10_000, TRAIN_COUNT] as const;

/** Whether MNIST is in IndexedDB, and how big it is there. */
export interface DataStatus {
  cached: boolean;
  /** Bytes stored (uncompressed IDX files). */
  bytes: number;
  /** When it was stored (ms since epoch). */
  storedAt?: number;
}

/** Download progress, in compressed bytes received. */
export interface DownloadProgress {
  phase: 'download' | 'verify' | 'store';
  loaded: number;
  total: number;
}

/** Where a training run is. */
export type TrainPhase = 'preparing' | 'training' | 'paused' | 'validating' | 'evaluating' | 'done';

/** One training batch's metrics, for the live chart. */
export interface BatchPoint {
  /** Global batch number, 1-based. */
  step: number;
  loss: number;
  acc: number;
  /** The learning rate this batch was trained with (absent in runs recorded before recipes). */
  lr?: number;
}

/** One finished epoch's metrics, for the live chart and the history. */
export interface EpochPoint {
  epoch: number;
  /** The global batch number at the end of the epoch. */
  step: number;
  loss: number;
  acc: number;
  valLoss: number;
  valAcc: number;
  /** On the 10,000 test images, when the run tests after each epoch. */
  testLoss?: number;
  testAcc?: number;
  /** Active training time and examples trained on at the end of this epoch. */
  elapsedMs?: number;
  examplesDone?: number;
}

/** When a run first reached 99.0% accuracy: at the end of which epoch, after how long. */
export interface Milestone {
  epoch: number;
  /** Active training time (pauses excluded). */
  ms: number;
  examples: number;
}

/** The 99.0% accuracy line the book's convnet aims at. */
export const TARGET_ACCURACY = 0.99;

/** When validation and test accuracy first reached `TARGET_ACCURACY`, if they did. */
export interface Reached99 {
  val?: Milestone;
  test?: Milestone;
}

/**
 * A batched progress update, sent a few times a second at most: the counters, plus the batch
 * and epoch points that happened since the previous update.
 */
export interface TrainProgress {
  phase: TrainPhase;
  /** Current epoch, 1-based. */
  epoch: number;
  epochs: number;
  /** Batches finished in the current epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Training examples processed so far, and in the whole run. */
  examplesDone: number;
  examplesTotal: number;
  /** Recent training speed. */
  examplesPerSecond: number;
  elapsedMs: number;
  /** Estimated time left, or `undefined` before there is a speed to estimate from. */
  remainingMs?: number;
  newBatches: BatchPoint[];
  newEpochs: EpochPoint[];
  /** The seed this run uses (drawn by the worker when the config had none). */
  seed: number;
  /** The finished epoch with the best validation accuracy so far, when the run keeps it. */
  bestEpoch?: number;
  reached99: Reached99;
  /**
   * Inside the model on a fixed test image (the first), as it stood at the end of the epoch that
   * just finished: sent once per epoch, so the page can show the filters form.
   */
  inside?: InsideView;
  /**
   * Set when the GPU under WebGL or WebGPU was lost during the run and another backend took
   * over from the start of epoch `fromEpoch` (the last checkpoint).
   */
  gpuLost?: { from: BackendName; to: BackendName; fromEpoch: number };
}

/** A per-layer row of a model summary. */
export interface LayerRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

/** What `model.summary()` prints, as data. */
export interface ModelSummary {
  model: ModelName;
  layers: LayerRow[];
  totalParams: number;
}

/** Test images with the model's answers, for the figure 4.10 grid. */
export interface ExampleSet {
  /** `count × 784` pixels, 0–255. */
  pixels: Uint8Array;
  labels: number[];
  predictions: number[];
  /** Index of each image in the test set. */
  indices: number[];
}

/** The model's results on the 10,000 test images. */
export interface Evaluation {
  count: number;
  accuracy: number;
  loss: number;
  /** `confusion[truth * 10 + predicted]` = count. */
  confusion: number[];
  /** Accuracy of each digit 0–9. */
  perDigit: number[];
  /** The first 100 test images. */
  examples: ExampleSet;
  /** Up to 100 misclassified test images. */
  mistakes: ExampleSet;
}

/** A finished (or stopped) run, as kept in the history. */
export interface RunRecord {
  id?: number;
  /** The architecture: one of the book's, or `custom` (a fine-tuned imported model). */
  model: ModelName | 'custom';
  backend: BackendName;
  epochs: number;
  /** Epochs completed, fractional when stopped mid-epoch. */
  epochsCompleted: number;
  batchSize: number;
  trainExamples: number;
  durationMs: number;
  /** Over the whole run: training batches, validation and test (`durationMs`). */
  examplesPerSecond: number;
  /**
   * Over the training batches alone, what the live figure measures during the run (absent in
   * runs recorded before it was, and in a run resumed from such a checkpoint).
   */
  trainingExamplesPerSecond?: number;
  testAccuracy: number;
  testLoss: number;
  valAccuracy?: number;
  stopped: boolean;
  finishedAt: number;
  /** Recipe settings; absent in runs recorded before recipes (those used the book's). */
  optimizer?: OptimizerName;
  learningRate?: number;
  schedule?: ScheduleName;
  labelSmoothing?: number;
  seed?: number;
  keepBest?: boolean;
  testEachEpoch?: boolean;
  /** Trained on photo-like augmented images (absent in runs recorded before it existed: off). */
  augment?: boolean;
  /** The epoch whose weights were tested and kept (with `keepBest`). */
  bestEpoch?: number;
  /** Every finished epoch's metrics (the validation curve to compare runs by). */
  history?: EpochPoint[];
  reached99?: Reached99;
  /** Set when the run fine-tuned a model on the person's own digits (My digits). */
  fineTune?: FineTuneRecord;
}

/** What `train` returns: the run as recorded, and its test evaluation. */
export interface TrainOutcome {
  run: RunRecord;
  evaluation: Evaluation;
  history: EpochPoint[];
}

/** One training-speed measurement. */
export interface SpeedResult {
  backend: BackendName;
  model: ModelName;
  batchSize: number;
  /** Median over timed batches after warm-up. */
  examplesPerSecond: number;
  /** Median time of one training batch. */
  batchMs: number;
}

/** Progress of an evaluation or a speed measurement: done out of total. */
export interface StepProgress {
  done: number;
  total: number;
  /** What a speed measurement times now (the UI words it in its language). */
  measuring?: { model: ModelName; backend: BackendName };
}

/**
 * What made an imported model's files: `keras3`, Keras 3 converter output (normalised for
 * TF.js); `keras`, a Keras 2 conversion or any other TF.js layers model; `mnist-studio`, an
 * MNIST Studio export; `node`, a model `npm run train -- --out` trained in Node.
 */
export type ImportOrigin = 'keras3' | 'keras' | 'mnist-studio' | 'node';

/** A model kept in this browser: what it is and how it was made. */
export interface SavedModelInfo {
  id: number;
  name: string;
  /** One of the book's models, or `custom` for an imported topology. */
  architecture: ModelName | 'custom';
  params: number;
  source: 'trained' | 'imported';
  /** Where an imported model's files came from (absent for trained ones and older records). */
  origin?: ImportOrigin;
  testAccuracy?: number;
  epochs?: number;
  backend?: BackendName;
  trainingMs?: number;
  createdAt: number;
  /** Where TF.js keeps its topology and weights (`indexeddb://…`). */
  storageKey: string;
}

/** The model predictions and evaluations use now. */
export interface CurrentModelInfo {
  /** `trained`: the run just finished (not saved yet); `saved`: loaded from the saved list. */
  origin: 'trained' | 'saved';
  architecture: ModelName | 'custom';
  /** Its saved name, or the architecture for a run not saved yet. */
  name: string;
  /** The id of its saved record; absent while it is not saved (or after that was deleted). */
  savedId?: number;
  testAccuracy?: number;
  /** When its run finished, or when it was saved. */
  createdAt?: number;
}

/** A TF.js layers model as files: `model.json` and its weight files, for export and import. */
export interface ModelFiles {
  files: { name: string; bytes: ArrayBuffer }[];
}

/** An unfinished run that can be resumed from its last finished epoch. */
export interface CheckpointInfo {
  config: TrainConfig;
  backend: BackendName;
  epochsDone: number;
  savedAt: number;
}

/** The model that reads digits: the starter model until one is trained or loaded. */
export interface PredictionModel {
  kind: 'starter' | 'trained' | 'saved';
  name: string;
  testAccuracy?: number;
}

/** The model's answer for one image (a drawing, a file or a camera frame). */
export interface Prediction {
  /** The most likely digit, or `undefined` when the image holds no ink. */
  digit?: number;
  /** Probabilities of 0–9. */
  probabilities: number[];
  /** The 28 × 28 image the model received, 0–255, row-major. */
  input: Uint8Array;
  empty: boolean;
  /**
   * The runner-up digit when it is within `UNSURE_MARGIN` of `digit` (the answer then reads
   * "7 or 1?"); absent when the model is sure or the image is empty.
   */
  alternative?: number;
  /** How the image was read (original → flattened → ink), small grey views, transferred. */
  stages?: PreprocessStages;
  model: PredictionModel;
  /** Worker time from image to answer (decoding, preprocessing, inference). */
  ms: number;
  /** The page's number for the reading this answers (a later number supersedes it). */
  seq: number;
}
