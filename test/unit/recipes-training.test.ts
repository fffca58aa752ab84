import 'fake-indexeddb/auto';
/**
 * Recipes in the real training loop (Node, WASM with our kernels, real MNIST): seeded runs
 * repeat exactly, the best epoch's weights are the ones a run ends with, a checkpoint carries
 * them across a reload, and the learning rate follows the schedule batch by batch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { FAST_RECIPE, type TrainConfig, type TrainProgress } from '../../src/shared/protocol.ts';
import { learningRateAt } from '../../src/shared/recipes.ts';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  buildModel,
  compileForTraining,
  disposeModel,
  initializeWeights,
} from '../../src/worker/models/index.ts';
import {
  deleteCheckpoint,
  readCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
} from '../../src/worker/storage/checkpoints.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { evaluateModel } from '../../src/worker/training/evaluate.ts';
import { trainModel, type RunState } from '../../src/worker/training/train.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';
import { bookConfig } from './support/train-configs.ts';

beforeAll(async () => {
  await useTfBackend('wasm');
});

/** A model built, compiled for `config` and initialised from its seed, as the worker does. */
function modelFor(config: TrainConfig): LayersModel {
  const model = buildModel(config.model);
  compileForTraining(model, config);
  initializeWeights(model, config.seed!);
  return model;
}

/** Every batch's loss of a run of `config` from scratch. */
async function batchLosses(config: TrainConfig): Promise<number[]> {
  const model = modelFor(config);
  const updates: TrainProgress[] = [];
  await trainModel(model, loadMnist(), config, {
    control: new TrainingControl(),
    onProgress: (p) => updates.push(p),
  });
  disposeModel(model);
  return updates.flatMap((u) => u.newBatches.map((b) => b.loss));
}

/** Sets every weight of `model` to zero: the next epoch cannot learn, a dip for sure. */
function wreck(model: LayersModel): void {
  const zeros = model.weights.map((w) => tf.zeros(w.shape as number[]));
  model.setWeights(zeros);
  tf.dispose(zeros);
}

const fastDense = bookConfig({
  ...FAST_RECIPE,
  model: 'dense',
  epochs: 2,
  batchSize: 50,
  trainExamples: 1_000,
  seed: 11,
});

describe('seeded runs', () => {
  it('repeat batch for batch with the same seed, and differ with another', async () => {
    const first = await batchLosses(fastDense);
    const again = await batchLosses(fastDense);
    const other = await batchLosses({ ...fastDense, seed: 12 });
    expect(first).toHaveLength(40);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('with photo-like augmentation, repeat batch for batch too, and train on other images', async () => {
    const plain = await batchLosses(fastDense);
    const augmented = await batchLosses({ ...fastDense, augment: true });
    const again = await batchLosses({ ...fastDense, augment: true });
    expect(again).toEqual(augmented);
    // Same weights and order: the first batch differs only by its augmented images.
    expect(augmented[0]).not.toBe(plain[0]);
    // Still learning: the second epoch's losses are lower than the first's.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(augmented.slice(20))).toBeLessThan(mean(augmented.slice(0, 20)));
  });

  it('train with the schedule’s learning rate at every batch, on smoothed targets', async () => {
    const model = modelFor(fastDense);
    const updates: TrainProgress[] = [];
    await trainModel(model, loadMnist(), fastDense, {
      control: new TrainingControl(),
      onProgress: (p) => updates.push(p),
    });
    const points = updates.flatMap((u) => u.newBatches);
    points.forEach((p, i) => expect(p.lr).toBeCloseTo(learningRateAt(fastDense, i, 40), 12));
    expect((model.optimizer as unknown as { learningRate: number }).learningRate).toBe(
      points.at(-1)!.lr,
    );
    // Smoothed targets put a floor under the loss: ε·ln(10)-ish, never near 0.
    expect(Math.min(...points.map((p) => p.loss))).toBeGreaterThan(0.1);
    disposeModel(model);
  });
});

describe('keeping the best epoch', () => {
  const config = bookConfig({
    model: 'dense',
    epochs: 3,
    batchSize: 100,
    trainExamples: 2_000,
    keepBest: true,
    testEachEpoch: true,
    seed: 5,
  });

  it('ends with the best epoch’s weights: its test accuracy is the one recorded for it', async () => {
    const model = modelFor(config);
    const data = loadMnist();
    const progress: TrainProgress[] = [];
    const summary = await trainModel(model, data, config, {
      control: new TrainingControl(),
      onProgress: (p) => progress.push(p),
      onEpochEnd: async (state) => {
        if (state.epochsDone === 2) wreck(model);
      },
    });
    const [, second, third] = summary.history;
    expect(third.valAcc).toBeLessThan(second.valAcc);
    expect(summary.bestEpoch).toBe(2);
    expect(progress.at(-1)?.bestEpoch).toBe(2);
    const evaluation = await evaluateModel(model, data);
    expect(evaluation.accuracy).toBe(second.testAcc);
    expect(evaluation.accuracy).toBeGreaterThan(0.8);
    disposeModel(model);
  });

  it('without it, ends with the last epoch’s weights, as the book does', async () => {
    const model = modelFor({ ...config, keepBest: false });
    const data = loadMnist();
    const summary = await trainModel(
      model,
      data,
      { ...config, keepBest: false },
      {
        control: new TrainingControl(),
        onProgress: () => {},
        onEpochEnd: async (state) => {
          if (state.epochsDone === 2) wreck(model);
        },
      },
    );
    expect(summary.bestEpoch).toBeUndefined();
    const evaluation = await evaluateModel(model, data);
    expect(evaluation.accuracy).toBe(summary.history[2].testAcc);
    disposeModel(model);
  });

  it('survives a reload: the checkpoint keeps the best weights, and the resumed run ends with them', async () => {
    const data = loadMnist();
    const model = modelFor(config);
    const control = new TrainingControl();
    let states: RunState[] = [];
    await trainModel(model, data, config, {
      control,
      // Every batch reports (not 4 a second), so the stop lands in epoch 3's first batches.
      reportIntervalMs: 0,
      onProgress: (p) => {
        if (p.phase === 'training' && p.epoch === 3) control.stop();
      },
      onEpochEnd: async (state) => {
        states = [...states, state];
        await saveCheckpoint(model, { config, backend: 'wasm', ...state });
      },
    });
    const checkpoint = await readCheckpoint();
    expect(checkpoint?.epochsDone).toBe(2);
    expect(checkpoint?.best).toHaveLength(model.weights.length);
    const bestEpoch = checkpoint!.history[1].valAcc > checkpoint!.history[0].valAcc ? 2 : 1;

    // A new page: build, restore, and this time the epoch after the reload goes wrong.
    const before = tf.memory().numTensors;
    const restored = buildModel('dense');
    compileForTraining(restored, config);
    const bestWeights = await restoreCheckpoint(restored, checkpoint!);
    wreck(restored);
    const summary = await trainModel(restored, data, config, {
      control: new TrainingControl(),
      onProgress: () => {},
      resume: { ...checkpoint!, bestWeights },
    });
    expect(summary.bestEpoch).toBe(bestEpoch);
    expect(summary.history[2].valAcc).toBeLessThan(summary.history[bestEpoch - 1].valAcc);
    const evaluation = await evaluateModel(restored, data);
    expect(evaluation.accuracy).toBe(summary.history[bestEpoch - 1].testAcc);
    await deleteCheckpoint();
    disposeModel(restored);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    disposeModel(model);
  });
});
