/**
 * The training loop of listing 4.2, written as a batch loop so that a person can pause, resume
 * and stop it: batches are made from the `Uint8Array` store into reused float buffers, shuffled
 * by an index permutation each epoch, and validated on the held-out split after each epoch.
 * Recipes add to it: a learning rate set before every batch (one-cycle), smoothed targets, a
 * test after each epoch, and the best epoch's weights kept and restored at the end.
 */
import { dispose, tensor2d, tensor4d, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  IMAGE_PIXELS,
  IMAGE_SIZE,
  NUM_CLASSES,
  TEST_COUNT,
  TRAIN_COUNT,
  VALIDATION_COUNT,
  VALIDATION_FRACTION,
} from '../../shared/mnist.ts';
import type {
  BatchPoint,
  EpochPoint,
  TrainConfig,
  TrainPhase,
  TrainProgress,
} from '../../shared/protocol.ts';
import { deriveSeed, drawSeed, mulberry32 } from '../../shared/random.ts';
import { bestEpochOf, learningRateAt, reached99Of } from '../../shared/recipes.ts';
import { augmentationRandom, augmentBatch } from '../../shared/augment.ts';
import { checkTrainConfig } from '../../shared/train-config-check.ts';
import { setLearningRate } from '../models/index.ts';
import {
  fillImageBatch,
  fillOneHotBatch,
  range,
  shuffleInPlace,
  type MnistData,
} from '../data/mnist-data.ts';
import type { TrainingControl } from './control.ts';
import { predictInBatches } from './predict.ts';
import { Scorer } from './scoring.ts';

/** How a run ended and what it learned. */
export interface TrainSummary {
  history: EpochPoint[];
  stopped: boolean;
  examplesDone: number;
  /** Training time without pauses. */
  activeMs: number;
  /**
   * Time spent in training steps alone (without validation, test, batch making or pauses):
   * what the live examples/s figure measures. Absent for a run resumed from a checkpoint made
   * before it was recorded.
   */
  stepMs?: number;
  /** Epochs completed, fractional when stopped mid-epoch. */
  epochsCompleted: number;
  /** The epoch whose weights the model holds at the end, when the run keeps the best. */
  bestEpoch?: number;
}

/** Where a run stands at the end of an epoch: enough to resume it after a reload. */
export interface RunState {
  epochsDone: number;
  history: EpochPoint[];
  /** Every batch's point so far (the chart's training curve). */
  batches: BatchPoint[];
  examplesDone: number;
  activeMs: number;
  /** Time in training steps so far (see `TrainSummary.stepMs`). */
  stepMs?: number;
  /**
   * A copy of the best epoch's weights (in `model.weights` order) when the run keeps the best;
   * the loop owns them (a checkpoint reads them, never keeps them).
   */
  bestWeights?: Tensor[];
}

/** Hooks and knobs of one run. */
export interface TrainOptions {
  /** Continue a run from the end of its last finished epoch (the model holds its weights). */
  resume?: RunState;
  /** Called after each epoch's validation (and test), before the next epoch (to checkpoint). */
  onEpochEnd?: (state: RunState) => Promise<void>;
  control: TrainingControl;
  onProgress: (p: TrainProgress) => void;
  /** Minimum time between progress messages (a few per second is all a person can see). */
  reportIntervalMs?: number;
  now?: () => number;
  /**
   * Rejects if the backend's GPU is lost: a step on a lost WebGL context may never settle, so
   * every step and validation races it (see backend/backends.ts `gpuLoss`).
   */
  gpuLost?: Promise<never>;
  /**
   * Trains one batch (the first `n` images and smoothed labels of the buffers) and resolves to
   * its loss and accuracy; absent, `model.trainOnBatch`. Node's `npm run train` passes one that
   * shares the batch between threads (scripts/lib/parallel-step.ts).
   */
  trainStep?: TrainStep;
}

/** One training step on the first `n` examples of the batch buffers: [loss, accuracy]. */
export type TrainStep = (
  images: Float32Array,
  labels: Float32Array,
  n: number,
) => Promise<[number, number]>;

// The check lives in src/shared (no TF.js), so a checkpoint's settings are checked the same way.
export { checkTrainConfig };

/** Validation examples for a run: 15% of the data it sees, as `validationSplit: 0.15` would. */
export function validationCountFor(trainExamples: number): number {
  return Math.min(
    VALIDATION_COUNT,
    Math.round((trainExamples * VALIDATION_FRACTION) / (1 - VALIDATION_FRACTION)),
  );
}

/** Examples per second over the last few batches (pauses excluded). */
class SpeedWindow {
  #samples: { examples: number; ms: number }[] = [];

  add(examples: number, ms: number): void {
    this.#samples.push({ examples, ms });
    if (this.#samples.length > 20) this.#samples.shift();
  }

  get examplesPerSecond(): number {
    let examples = 0;
    let ms = 0;
    for (const s of this.#samples) {
      examples += s.examples;
      ms += s.ms;
    }
    return ms > 0 ? (examples * 1000) / ms : 0;
  }
}

/** Scores `model` on `indices` of an image store with its labels (offset `labelStart`). */
async function score(
  model: LayersModel,
  images: Uint8Array,
  labels: Uint8Array,
  indices: Uint32Array,
  labelStart: number,
  gpuLost: Promise<never> | undefined,
): Promise<Scorer> {
  const scorer = new Scorer();
  const scoring = predictInBatches(model, images, indices, (probs, offset, n) =>
    scorer.add(probs, labels.subarray(labelStart + offset, labelStart + offset + n)),
  );
  await (gpuLost ? Promise.race([scoring, gpuLost]) : scoring);
  return scorer;
}

/** Moves `smoothing` of each one-hot row's weight evenly onto all ten classes, in place. */
export function smoothLabels(labels: Float32Array, count: number, smoothing: number): void {
  if (smoothing === 0) return;
  const share = smoothing / NUM_CLASSES;
  for (let i = 0; i < count * NUM_CLASSES; i++) labels[i] = labels[i] * (1 - smoothing) + share;
}

/** Trains a compiled model on the training split of `data`, as configured. */
export async function trainModel(
  model: LayersModel,
  data: MnistData,
  config: TrainConfig,
  options: TrainOptions,
): Promise<TrainSummary> {
  checkTrainConfig(config);
  const { control, onProgress, reportIntervalMs = 250 } = options;
  // Each epoch's shuffle draws from the run's seed and the epoch number (so a resumed run
  // shuffles as the uninterrupted one would have); a config without one gets one.
  const seed = config.seed ?? drawSeed();
  const now = options.now ?? (() => performance.now());
  const { epochs, batchSize, trainExamples, keepBest, testEachEpoch } = config;
  const order = range(0, Math.min(trainExamples, TRAIN_COUNT));
  const validation = range(TRAIN_COUNT, validationCountFor(order.length));
  const testSet = range(0, TEST_COUNT);
  const batchesPerEpoch = Math.ceil(order.length / batchSize);
  const totalSteps = batchesPerEpoch * epochs;
  const examplesTotal = order.length * epochs;
  const images = new Float32Array(batchSize * IMAGE_PIXELS);
  const labels = new Float32Array(batchSize * NUM_CLASSES);
  const { resume, onEpochEnd, gpuLost } = options;
  const trainStep: TrainStep =
    options.trainStep ??
    (async (images, labels, n) => {
      const xs = tensor4d(images.subarray(0, n * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]);
      try {
        const trained = model.trainOnBatch(xs, ys) as Promise<number[]>;
        const [loss, acc] = await (gpuLost ? Promise.race([trained, gpuLost]) : trained);
        return [loss, acc];
      } finally {
        dispose([xs, ys]);
      }
    });
  const history: EpochPoint[] = [...(resume?.history ?? [])];
  const batches: BatchPoint[] = [...(resume?.batches ?? [])];
  const speed = new SpeedWindow();
  const start = now() - (resume?.activeMs ?? 0);
  const activeMs = () => now() - start - control.pausedMs;
  const optimizer = model.optimizer;
  // The best epoch so far and a copy of its weights.
  let bestEpoch = keepBest ? bestEpochOf(history) : undefined;
  let bestWeights: Tensor[] | undefined = resume?.bestWeights;

  let phase: TrainPhase = 'training';
  let epoch = (resume?.epochsDone ?? 0) + 1;
  let batch = 0;
  let step = batches.length;
  let examplesDone = resume?.examplesDone ?? 0;
  // A checkpoint from before step times were kept has none: the run then reports none.
  let stepMs = resume ? resume.stepMs : 0;
  let lastReport = -Infinity;
  // A resumed run's first update repeats what came before, so its curves look the same.
  let newBatches: BatchPoint[] = [...batches];
  let newEpochs: EpochPoint[] = [...history];

  const report = (force = false) => {
    const t = now();
    if (!force && t - lastReport < reportIntervalMs) return;
    lastReport = t;
    const elapsedMs = activeMs();
    onProgress({
      phase,
      epoch,
      epochs,
      batch,
      batchesPerEpoch,
      examplesDone,
      examplesTotal,
      examplesPerSecond: speed.examplesPerSecond,
      elapsedMs,
      // Elapsed time per example so far includes validation, so the estimate does too.
      remainingMs:
        examplesDone > 0 ? (elapsedMs * (examplesTotal - examplesDone)) / examplesDone : undefined,
      newBatches,
      newEpochs,
      seed,
      bestEpoch,
      reached99: reached99Of(history),
    });
    newBatches = [];
    newEpochs = [];
  };
  control.onPauseChange((paused) => {
    phase = paused ? 'paused' : 'training';
    report(true);
  });

  /** Keeps a copy of the weights the model holds now, epoch `epoch`'s, as the best. */
  const keepCurrentAsBest = () => {
    dispose(bestWeights ?? []);
    bestWeights = model.getWeights().map((w) => w.clone());
    bestEpoch = epoch;
  };

  report(true);
  let stopped = false;
  try {
    training: for (; epoch <= epochs; epoch++) {
      shuffleInPlace(order, mulberry32(deriveSeed(seed, epoch)));
      const augmentRandom = config.augment ? augmentationRandom(seed, epoch) : undefined;
      batch = 0;
      let epochLoss = 0;
      let epochCorrect = 0;
      for (let first = 0; first < order.length; first += batchSize) {
        if ((await control.checkpoint()) === 'stop') {
          stopped = true;
          break training;
        }
        const indices = order.subarray(first, Math.min(first + batchSize, order.length));
        const n = indices.length;
        fillImageBatch(data.trainImages, indices, images);
        if (augmentRandom) augmentBatch(images, n, augmentRandom);
        fillOneHotBatch(data.trainLabels, indices, labels);
        smoothLabels(labels, n, config.labelSmoothing);
        const lr = learningRateAt(config, step, totalSteps);
        if (optimizer) setLearningRate(optimizer, lr);
        const batchStart = now();
        const [loss, acc] = await trainStep(images, labels, n);
        const batchMs = now() - batchStart;
        speed.add(n, batchMs);
        if (stepMs !== undefined) stepMs += batchMs;
        batch++;
        step++;
        examplesDone += n;
        epochLoss += loss * n;
        epochCorrect += acc * n;
        const point: BatchPoint = { step, loss, acc, lr };
        batches.push(point);
        newBatches.push(point);
        report();
      }
      phase = 'validating';
      report(true);
      const val = await score(
        model,
        data.trainImages,
        data.trainLabels,
        validation,
        TRAIN_COUNT,
        gpuLost,
      );
      const point: EpochPoint = {
        epoch,
        step,
        loss: epochLoss / order.length,
        acc: epochCorrect / order.length,
        valLoss: val.loss,
        valAcc: val.accuracy,
      };
      if (testEachEpoch) {
        const test = await score(model, data.testImages, data.testLabels, testSet, 0, gpuLost);
        point.testLoss = test.loss;
        point.testAcc = test.accuracy;
      }
      point.elapsedMs = activeMs();
      point.examplesDone = examplesDone;
      if (keepBest) {
        const best = bestEpoch === undefined ? undefined : history[bestEpoch - 1];
        if (!best || point.valAcc > best.valAcc) keepCurrentAsBest();
      }
      history.push(point);
      newEpochs.push(point);
      await onEpochEnd?.({
        epochsDone: epoch,
        history,
        batches,
        examplesDone,
        activeMs: activeMs(),
        stepMs,
        bestWeights,
      });
      phase = 'training';
      if (epoch < epochs) report(true);
    }
    // The best epoch's weights go back into the model: the one tested, saved and used. (A run
    // stopped before its first epoch ended has none, and keeps what it has.)
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    dispose(bestWeights ?? []);
  }
  epoch = Math.min(epoch, epochs);
  phase = 'done';
  report(true);
  return {
    history,
    stopped,
    examplesDone,
    activeMs: activeMs(),
    stepMs,
    epochsCompleted: examplesDone / order.length,
    bestEpoch,
  };
}
