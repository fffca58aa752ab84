import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig, TrainProgress } from '../../src/shared/protocol.ts';
import { buildModel, compileForTraining, disposeModel } from '../../src/worker/models/index.ts';
import {
  deleteCheckpoint,
  readCheckpoint,
  restoreCheckpoint,
  saveCheckpoint,
} from '../../src/worker/storage/checkpoints.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { trainModel } from '../../src/worker/training/train.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';

beforeAll(async () => {
  await useTfBackend('wasm');
});

const config: TrainConfig = { model: 'dense', epochs: 3, batchSize: 100, trainExamples: 2_000 };

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
    await saveCheckpoint(dense, {
      config,
      backend: 'wasm',
      epochsDone: 1,
      history: [],
      batches: [],
      examplesDone: 0,
      activeMs: 0,
    });
    const conv = buildModel('conv');
    compileForTraining(conv);
    await expect(restoreCheckpoint(conv, (await readCheckpoint())!)).rejects.toMatchObject({
      name: 'CheckpointInvalid',
    });
    disposeModel(dense);
    disposeModel(conv);
  });
});
