/**
 * Learning the person's handwriting: a copy of the model in use is fine-tuned on their own
 * digits mixed with MNIST training images (replay, so it keeps reading MNIST's digits), with
 * Adam at a small learning rate, pausable and stoppable at batch boundaries. Before and after,
 * it is measured on a stratified held-out part of their digits (never trained on) and on the
 * 10,000 MNIST test images. With `freezeConv` only the dense head learns, as tfjs-examples'
 * mnist-transfer-cnn does: the conv layers' weights stay the same to the bit.
 */
import { dispose, tensor2d, tensor4d, train } from '@tensorflow/tfjs-core';
import { models, type LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, TEST_COUNT } from '../../shared/mnist.ts';
import {
  replayEpoch,
  stratifiedHoldOut,
  type FineTuneConfig,
  type FineTuneProgress,
  type FineTuneScores,
  type PersonalDigit,
} from '../../shared/personal.ts';
import { drawSeed } from '../../shared/random.ts';
import { fillImageBatch, fillOneHotBatch, range, type MnistData } from '../data/mnist-data.ts';
import type { TrainingControl } from './control.ts';
import { predictInBatches } from './predict.ts';
import { Scorer } from './scoring.ts';

/** What one fine-tune needs. */
export interface FineTuneRequest {
  /** The model in use: copied, never changed. */
  source: LayersModel;
  digits: readonly PersonalDigit[];
  data: MnistData;
  config: FineTuneConfig & { seed: number };
  control: TrainingControl;
  onProgress: (p: FineTuneProgress) => void;
  /** Minimum time between progress messages. */
  reportIntervalMs?: number;
  now?: () => number;
  signal?: AbortSignal;
}

/** What a fine-tune made and measured. */
export interface FineTuneResult {
  /** The fine-tuned copy (compiled; the caller owns it). */
  model: LayersModel;
  heldOutIds: number[];
  trainDigits: number;
  before: FineTuneScores;
  after: FineTuneScores;
  /** MNIST test loss after, for the run record. */
  mnistLossAfter: number;
  examplesDone: number;
  activeMs: number;
  /** Epochs completed, fractional when stopped mid-epoch. */
  epochsCompleted: number;
  stopped: boolean;
}

/** A copy of `source`: same topology, same weight values, its own variables. */
export async function copyModel(source: LayersModel): Promise<LayersModel> {
  type Config = Extract<Parameters<typeof models.modelFromJSON>[0], { modelTopology: unknown }>;
  const modelTopology = source.toJSON(null, false) as Config['modelTopology'];
  const copy = await models.modelFromJSON({ modelTopology });
  const weights = source.getWeights();
  copy.setWeights(weights);
  return copy;
}

/** The layers `freezeConv` keeps as they are. */
const isConv = (className: string) => /^(Conv|DepthwiseConv|SeparableConv)/.test(className);

/** The 784-byte images of `digits` at `positions`, one after another. */
function imagesOf(digits: readonly PersonalDigit[], positions: readonly number[]): Uint8Array {
  const images = new Uint8Array(positions.length * IMAGE_PIXELS);
  positions.forEach((p, i) => images.set(digits[p].input, i * IMAGE_PIXELS));
  return images;
}

/** Accuracy on the held-out digits (and which were right) and on the MNIST test set. */
export async function scoreFineTune(
  model: LayersModel,
  heldOut: { images: Uint8Array; labels: Uint8Array },
  data: MnistData,
  signal?: AbortSignal,
): Promise<FineTuneScores & { mnistLoss: number }> {
  const right: boolean[] = [];
  const personal = new Scorer();
  await predictInBatches(
    model,
    heldOut.images,
    range(0, heldOut.labels.length),
    (probs, offset, n) =>
      personal.add(probs, heldOut.labels.subarray(offset, offset + n), (i, predicted) => {
        right[offset + i] = predicted === heldOut.labels[offset + i];
      }),
    undefined,
    signal,
  );
  const mnist = new Scorer();
  await predictInBatches(
    model,
    data.testImages,
    range(0, TEST_COUNT),
    (probs, offset, n) => mnist.add(probs, data.testLabels.subarray(offset, offset + n)),
    undefined,
    signal,
  );
  return {
    personal: heldOut.labels.length ? personal.accuracy : 0,
    mnist: mnist.accuracy,
    right,
    mnistLoss: mnist.loss,
  };
}

/** Fine-tunes a copy of `request.source` on the person's digits with MNIST replay. */
export async function fineTuneModel(request: FineTuneRequest): Promise<FineTuneResult> {
  const { digits, data, config, control, onProgress, signal } = request;
  const { epochs, batchSize, replay, seed } = config;
  const now = request.now ?? (() => performance.now());
  const reportIntervalMs = request.reportIntervalMs ?? 250;
  const split = stratifiedHoldOut(
    digits.map((d) => d.label),
    seed,
  );
  const heldOut = {
    images: imagesOf(digits, split.heldOut),
    labels: Uint8Array.from(split.heldOut, (p) => digits[p].label),
  };
  const trainImages = imagesOf(digits, split.train);
  const trainLabels = Uint8Array.from(split.train, (p) => digits[p].label);

  const model = await copyModel(request.source);
  try {
    let progress: FineTuneProgress = {
      phase: 'measuring',
      epoch: 1,
      epochs,
      batch: 0,
      batchesPerEpoch: 0,
    };
    onProgress(progress);
    const before = await scoreFineTune(model, heldOut, data, signal);

    for (const layer of model.layers) {
      if (config.freezeConv && isConv(layer.getClassName())) layer.trainable = false;
    }
    model.compile({
      optimizer: train.adam(config.learningRate),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });

    const perEpoch =
      trainLabels.length +
      Math.min(data.trainLabels.length, Math.round(trainLabels.length * replay));
    const batchesPerEpoch = Math.ceil(perEpoch / batchSize);
    const mixedImages = new Uint8Array(perEpoch * IMAGE_PIXELS);
    const mixedLabels = new Uint8Array(perEpoch);
    const images = new Float32Array(batchSize * IMAGE_PIXELS);
    const labels = new Float32Array(batchSize * NUM_CLASSES);
    const start = now();
    const activeMs = () => now() - start - control.pausedMs;
    let examplesDone = 0;
    let lastReport = -Infinity;
    let stopped = false;
    const report = (patch: Partial<FineTuneProgress>, force = false) => {
      progress = { ...progress, ...patch };
      const t = now();
      if (!force && t - lastReport < reportIntervalMs) return;
      lastReport = t;
      onProgress(progress);
    };
    control.onPauseChange((paused) => report({ phase: paused ? 'paused' : 'training' }, true));
    const beforeScores = { personal: before.personal, mnist: before.mnist, right: before.right };
    report({ phase: 'training', before: beforeScores, batchesPerEpoch }, true);

    training: for (let epoch = 1; epoch <= epochs; epoch++) {
      // This epoch's mix: the person's digits and fresh MNIST replay, shuffled together.
      const order = replayEpoch(trainLabels.length, replay, data.trainLabels.length, seed, epoch);
      order.forEach((entry, i) => {
        const personal = entry < 0;
        const k = personal ? -1 - entry : entry;
        const from = personal ? trainImages : data.trainImages;
        mixedImages.set(from.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS), i * IMAGE_PIXELS);
        mixedLabels[i] = personal ? trainLabels[k] : data.trainLabels[k];
      });
      for (let first = 0, batch = 0; first < perEpoch; first += batchSize) {
        if ((await control.checkpoint()) === 'stop') {
          stopped = true;
          break training;
        }
        const indices = range(first, Math.min(batchSize, perEpoch - first));
        const n = indices.length;
        fillImageBatch(mixedImages, indices, images);
        fillOneHotBatch(mixedLabels, indices, labels);
        const xs = tensor4d(images.subarray(0, n * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
        const ys = tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]);
        let loss: number;
        let acc: number;
        try {
          [loss, acc] = (await model.trainOnBatch(xs, ys)) as number[];
        } finally {
          dispose([xs, ys]);
        }
        examplesDone += n;
        report({ epoch, batch: ++batch, loss, acc });
      }
    }
    for (const layer of model.layers) layer.trainable = true;
    const trainedMs = activeMs();
    report({ phase: 'measuring' }, true);
    const after = await scoreFineTune(model, heldOut, data, signal);
    report({ phase: 'done' }, true);
    const { mnistLoss, ...afterScores } = after;
    return {
      model,
      heldOutIds: split.heldOut.map((p) => digits[p].id),
      trainDigits: split.train.length,
      before: beforeScores,
      after: afterScores,
      mnistLossAfter: mnistLoss,
      examplesDone,
      activeMs: trainedMs,
      epochsCompleted: perEpoch ? examplesDone / perEpoch : 0,
      stopped,
    };
  } catch (error) {
    model.optimizer?.dispose();
    model.dispose();
    throw error;
  }
}

/** A seed for a fine-tune given none, and the config with it. */
export function withSeed(config: FineTuneConfig): FineTuneConfig & { seed: number } {
  return { ...config, seed: config.seed ?? drawSeed() };
}
