/**
 * The training loop of listing 4.2, written as a batch loop so that a person can pause, resume
 * and stop it: batches are made from the `Uint8Array` store into reused float buffers, shuffled
 * by an index permutation each epoch, and validated on the held-out split after each epoch.
 */
import { dispose, tensor2d, tensor4d } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  IMAGE_PIXELS,
  IMAGE_SIZE,
  NUM_CLASSES,
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
import { checkTrainConfig } from '../../shared/train-config-check.ts';
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
  /** Epochs completed, fractional when stopped mid-epoch. */
  epochsCompleted: number;
}

/** Where a run stands at the end of an epoch: enough to resume it after a reload. */
export interface RunState {
  epochsDone: number;
  history: EpochPoint[];
  /** Every batch's point so far (the chart's training curve). */
  batches: BatchPoint[];
  examplesDone: number;
  activeMs: number;
}

/** Hooks and knobs of one run. */
export interface TrainOptions {
  /** Continue a run from the end of its last finished epoch (the model holds its weights). */
  resume?: RunState;
  /** Called after each epoch's validation, before the next epoch starts (to checkpoint). */
  onEpochEnd?: (state: RunState) => Promise<void>;
  control: TrainingControl;
  onProgress: (p: TrainProgress) => void;
  /** Minimum time between progress messages (a few per second is all a person can see). */
  reportIntervalMs?: number;
  random?: () => number;
  now?: () => number;
  /**
   * Rejects if the backend's GPU is lost: a step on a lost WebGL context may never settle, so
   * every step and validation races it (see backend/backends.ts `gpuLoss`).
   */
  gpuLost?: Promise<never>;
}

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

/** Trains a compiled model on the training split of `data`, as configured. */
export async function trainModel(
  model: LayersModel,
  data: MnistData,
  config: TrainConfig,
  options: TrainOptions,
): Promise<TrainSummary> {
  checkTrainConfig(config);
  const { control, onProgress, reportIntervalMs = 250, random = Math.random } = options;
  const now = options.now ?? (() => performance.now());
  const { epochs, batchSize, trainExamples } = config;
  const order = range(0, Math.min(trainExamples, TRAIN_COUNT));
  const validation = range(TRAIN_COUNT, validationCountFor(order.length));
  const batchesPerEpoch = Math.ceil(order.length / batchSize);
  const examplesTotal = order.length * epochs;
  const images = new Float32Array(batchSize * IMAGE_PIXELS);
  const labels = new Float32Array(batchSize * NUM_CLASSES);
  const { resume, onEpochEnd } = options;
  const history: EpochPoint[] = [...(resume?.history ?? [])];
  const batches: BatchPoint[] = [...(resume?.batches ?? [])];
  const speed = new SpeedWindow();
  const start = now() - (resume?.activeMs ?? 0);
  const activeMs = () => now() - start - control.pausedMs;

  let phase: TrainPhase = 'training';
  let epoch = (resume?.epochsDone ?? 0) + 1;
  let batch = 0;
  let step = batches.length;
  let examplesDone = resume?.examplesDone ?? 0;
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
    });
    newBatches = [];
    newEpochs = [];
  };
  control.onPauseChange((paused) => {
    phase = paused ? 'paused' : 'training';
    report(true);
  });

  report(true);
  let stopped = false;
  training: for (; epoch <= epochs; epoch++) {
    shuffleInPlace(order, random);
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
      fillOneHotBatch(data.trainLabels, indices, labels);
      const batchStart = now();
      const xs = tensor4d(images.subarray(0, n * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]);
      let loss: number;
      let acc: number;
      try {
        const step = model.trainOnBatch(xs, ys) as Promise<number[]>;
        [loss, acc] = await (options.gpuLost ? Promise.race([step, options.gpuLost]) : step);
      } finally {
        dispose([xs, ys]);
      }
      speed.add(n, now() - batchStart);
      batch++;
      step++;
      examplesDone += n;
      epochLoss += loss * n;
      epochCorrect += acc * n;
      const point = { step, loss, acc };
      batches.push(point);
      newBatches.push(point);
      report();
    }
    phase = 'validating';
    report(true);
    const scorer = new Scorer();
    const validating = predictInBatches(model, data.trainImages, validation, (probs, offset, n) =>
      scorer.add(probs, data.trainLabels.subarray(TRAIN_COUNT + offset, TRAIN_COUNT + offset + n)),
    );
    await (options.gpuLost ? Promise.race([validating, options.gpuLost]) : validating);
    const point: EpochPoint = {
      epoch,
      step,
      loss: epochLoss / order.length,
      acc: epochCorrect / order.length,
      valLoss: scorer.loss,
      valAcc: scorer.accuracy,
    };
    history.push(point);
    newEpochs.push(point);
    await onEpochEnd?.({ epochsDone: epoch, history, batches, examplesDone, activeMs: activeMs() });
    phase = 'training';
    if (epoch < epochs) report(true);
  }
  epoch = Math.min(epoch, epochs);
  phase = 'done';
  report(true);
  return {
    history,
    stopped,
    examplesDone,
    activeMs: activeMs(),
    epochsCompleted: examplesDone / order.length,
  };
}
