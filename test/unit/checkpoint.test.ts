import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { errorCode, errorParams } from '../../src/shared/errors.ts';
import type { TrainConfig, TrainProgress } from '../../src/shared/protocol.ts';
import { buildModel, compileForTraining, disposeModel } from '../../src/worker/models/index.ts';
import {
  deleteCheckpoint,
  readCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
} from '../../src/worker/storage/checkpoints.ts';
import { openStudioDb, type CheckpointRecord } from '../../src/worker/storage/db.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { trainModel } from '../../src/worker/training/train.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';
import { bookConfig } from './support/train-configs.ts';

beforeAll(async () => {
  await useTfBackend('wasm');
});

const config: TrainConfig = bookConfig({
  model: 'dense',
  epochs: 3,
  batchSize: 100,
  trainExamples: 2_000,
});

/** The model's outputs for the first 50 test images. */
function predictions(model: ReturnType<typeof buildModel>): Float32Array {
  const data = loadMnist();
  return tf.tidy(() => {
    const x = tf.tensor4d(
      Float32Array.from(data.testImages.subarray(0, 50 * 784), (v) => v / 255),
      [50, 28, 28, 1],
    );
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

describe('training checkpoints', () => {
  it('saves weights, optimizer state and curves after each epoch, and a run resumes from them', async () => {
    const data = loadMnist();
    const model = buildModel('dense');
    compileForTraining(model);
    // Train epochs 1–2 of 3, checkpointing after each; then "the tab closes".
    const control = new TrainingControl();
    let atCheckpoint: Float32Array | undefined;
    await trainModel(model, data, config, {
      control,
      onProgress: (p) => {
        if (p.phase === 'training' && p.epoch === 3) control.stop();
      },
      reportIntervalMs: 0,
      onEpochEnd: async (state) => {
        await saveCheckpoint(model, { config, backend: 'wasm', ...state });
        atCheckpoint = predictions(model);
      },
    });
    const checkpoint = await readCheckpoint();
    expect(checkpoint?.epochsDone).toBe(2);
    expect(checkpoint?.batches.map((b) => b.step)).toEqual([...Array(40).keys()].map((i) => i + 1));
    expect(checkpoint?.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(checkpoint?.examplesDone).toBe(4_000);

    // A new worker builds the model again and restores it: same outputs, same optimizer step.
    const tensorsBefore = tf.memory().numTensors;
    const restored = buildModel('dense');
    compileForTraining(restored);
    await restoreCheckpoint(restored, checkpoint!);
    const b = predictions(restored);
    atCheckpoint!.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
    expect((restored.optimizer as unknown as { iterations: number }).iterations).toBe(40);

    // Resuming continues with epoch 3 and repeats the earlier curves in its first update.
    const updates: TrainProgress[] = [];
    const summary = await trainModel(restored, data, config, {
      control: new TrainingControl(),
      onProgress: (p) => updates.push(p),
      resume: checkpoint,
    });
    expect(updates[0].epoch).toBe(3);
    expect(updates[0].newBatches).toHaveLength(40);
    expect(updates[0].newEpochs).toHaveLength(2);
    const steps = updates.flatMap((u) => u.newBatches).map((p) => p.step);
    expect(steps).toEqual([...Array(60).keys()].map((i) => i + 1));
    expect(summary.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(summary.examplesDone).toBe(6_000);
    expect(summary.epochsCompleted).toBe(3);

    await deleteCheckpoint();
    expect(await readCheckpoint()).toBeUndefined();
    disposeModel(model);
    disposeModel(restored);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore);
  });

  it('refuses a checkpoint that does not fit the model', async () => {
    const dense = buildModel('dense');
    compileForTraining(dense);
    await saveCheckpoint(dense, { config, backend: 'wasm', ...afterOneEpoch() });
    const conv = buildModel('conv');
    compileForTraining(conv);
    const record = await readCheckpoint();
    await expect(restoreCheckpoint(conv, record!)).rejects.toMatchObject({
      name: 'CheckpointInvalid',
      code: 'CheckpointInvalid.model',
      params: { model: 'dense' },
    });
    disposeModel(dense);
    disposeModel(conv);
  });
});

/** What the loop hands `onEpochEnd` after epoch 1 of `config` (20 batches of 100). */
function afterOneEpoch() {
  const batches = Array.from({ length: 20 }, (_, i) => ({ step: i + 1, loss: 1, acc: 0.5 }));
  return {
    epochsDone: 1,
    history: [{ epoch: 1, step: 20, loss: 1, acc: 0.5, valLoss: 1, valAcc: 0.5 }],
    batches,
    examplesDone: 2_000,
    activeMs: 1_000,
  };
}

describe('a checkpoint read back from IndexedDB', () => {
  /** A well-formed checkpoint of an untrained dense model, as stored. */
  async function storedRecord(): Promise<CheckpointRecord> {
    const model = buildModel('dense');
    compileForTraining(model);
    await saveCheckpoint(model, { config, backend: 'wasm', ...afterOneEpoch() });
    disposeModel(model);
    return (await (await openStudioDb()).get('checkpoints', 'current'))!;
  }

  /** Stores `record` as it is, and returns the code and parameters reading it fails with. */
  async function readBack(record: unknown): Promise<{ code?: string; params?: unknown }> {
    await (await openStudioDb()).put('checkpoints', record as CheckpointRecord);
    try {
      await readCheckpoint();
    } catch (error) {
      const code = errorCode(error);
      return { code, params: code && errorParams(error, code) };
    }
    return {};
  }

  it('is read as it was saved when it is sound', async () => {
    const record = await storedRecord();
    expect(await readCheckpoint()).toEqual(record);
  });

  it.each<[string, (r: CheckpointRecord) => unknown, string, Record<string, unknown>]>([
    [
      'nothing but its key',
      () => ({ key: 'current' }),
      'CheckpointInvalid.config',
      { setting: 'config' },
    ],
    [
      'an unknown model',
      (r) => ({ ...r, config: { ...r.config, model: 'resnet' } }),
      'CheckpointInvalid.config',
      { setting: 'model' },
    ],
    [
      'NaN epochs',
      (r) => ({ ...r, config: { ...r.config, epochs: NaN } }),
      'CheckpointInvalid.config',
      { setting: 'epochs' },
    ],
    [
      'a batch size of 0',
      (r) => ({ ...r, config: { ...r.config, batchSize: 0 } }),
      'CheckpointInvalid.config',
      { setting: 'batchSize' },
    ],
    [
      'an unknown setting',
      (r) => ({ ...r, config: { ...r.config, lr: 1 } }),
      'CheckpointInvalid.config',
      { setting: 'lr' },
    ],
    [
      'no settings',
      (r) => ({ ...r, config: null }),
      'CheckpointInvalid.config',
      { setting: 'config' },
    ],
    ['an unknown backend', (r) => ({ ...r, backend: 'gpu' }), 'CheckpointInvalid.record', {}],
    [
      'more epochs done than the run has',
      (r) => ({ ...r, epochsDone: 4 }),
      'CheckpointInvalid.progress',
      { epochsDone: 4, epochs: 3 },
    ],
    [
      'no epoch done',
      (r) => ({ ...r, epochsDone: 0 }),
      'CheckpointInvalid.progress',
      { epochsDone: 0, epochs: 3 },
    ],
    [
      'examples that do not add up',
      (r) => ({ ...r, examplesDone: 1_999 }),
      'CheckpointInvalid.record',
      {},
    ],
    ['a negative training time', (r) => ({ ...r, activeMs: -1 }), 'CheckpointInvalid.record', {}],
    ['no history', (r) => ({ ...r, history: undefined }), 'CheckpointInvalid.curves', {}],
    [
      'a missing batch',
      (r) => ({ ...r, batches: r.batches.slice(1) }),
      'CheckpointInvalid.curves',
      {},
    ],
    [
      'a batch point that is not a number',
      (r) => ({ ...r, batches: [...r.batches.slice(0, -1), { step: 20, loss: 'x', acc: 0 }] }),
      'CheckpointInvalid.curves',
      {},
    ],
    ['no weights', (r) => ({ ...r, weights: [] }), 'CheckpointInvalid.weights', {}],
    [
      'a weight missing',
      (r) => ({ ...r, weights: r.weights.slice(1) }),
      'CheckpointInvalid.weights',
      {},
    ],
    [
      'a truncated weight',
      (r) => ({
        ...r,
        weights: [{ ...r.weights[0], data: r.weights[0].data.slice(4) }, ...r.weights.slice(1)],
      }),
      'CheckpointInvalid.weights',
      {},
    ],
    [
      'a weight of another dtype',
      (r) => ({ ...r, weights: [{ ...r.weights[0], dtype: 'bool' }, ...r.weights.slice(1)] }),
      'CheckpointInvalid.weights',
      {},
    ],
    [
      'a broken optimizer state',
      (r) => ({ ...r, optimizer: [{ name: 'iter' }] }),
      'CheckpointInvalid.weights',
      {},
    ],
  ])('is refused, and forgotten, with %s', async (_, corrupt, code, params) => {
    const record = await storedRecord();
    const tensors = tf.memory().numTensors;
    expect(await readBack(corrupt(record))).toEqual({ code, params });
    expect(await readCheckpoint()).toBeUndefined();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('is not restored into a model when its optimizer state does not fit, model untouched', async () => {
    const record = await storedRecord();
    const model = buildModel('dense');
    compileForTraining(model);
    const before = model.getWeights().map((w) => w.dataSync().slice());
    const slot = { name: 'x', shape: [5], dtype: 'float32' as const, data: new ArrayBuffer(20) };
    await expect(
      restoreCheckpoint(model, { ...record, optimizer: [record.optimizer[0], slot] }),
    ).rejects.toMatchObject({ code: 'CheckpointInvalid.weights' });
    model.getWeights().forEach((w, i) => expect(w.dataSync()).toEqual(before[i]));
    disposeModel(model);
    await deleteCheckpoint();
  });
});
