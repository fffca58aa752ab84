/**
 * Node's data-parallel training step (scripts/lib/parallel-step.ts, `npm run train --
 * --threads N`): a batch shared between this thread and worker threads moves the weights as
 * `trainOnBatch` on the whole batch does, with the same loss and accuracy, over several steps
 * (the workers get the new weights each time) and with uneven shares.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { parallelStep, shareSizes } from '../../scripts/lib/parallel-step.ts';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../src/shared/mnist.ts';
import { fillImageBatch, fillOneHotBatch, range } from '../../src/worker/data/mnist-data.ts';
import {
  buildModel,
  compileForTraining,
  initializeWeights,
} from '../../src/worker/models/index.ts';
import { smoothLabels } from '../../src/worker/training/train.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';

describe('shares of a batch', () => {
  it('splits evenly, never empty, never more shares than examples', () => {
    expect(shareSizes(128, 2)).toEqual([64, 64]);
    expect(shareSizes(64, 3)).toEqual([22, 21, 21]);
    expect(shareSizes(2, 4)).toEqual([1, 1]);
    expect(shareSizes(51_000 % 128, 2)).toEqual([28, 28]);
  });
});

describe('a batch shared between threads', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => Promise.all(closers.map((close) => close())));

  it.each([2, 3])(
    'trains as trainOnBatch does on the whole batch (%i threads, 3 steps)',
    async (threads) => {
      await useTfBackend('wasm');
      const data = loadMnist();
      const n = 64;
      const config = { optimizer: 'adam', learningRate: 0.01 } as const;
      const whole = buildModel('conv');
      const shared = buildModel('conv');
      for (const model of [whole, shared]) {
        compileForTraining(model, config);
        initializeWeights(model, 5);
      }
      const parallel = await parallelStep(shared, 'conv', threads);
      closers.push(() => parallel.close());
      expect(parallel.threads).toBe(threads);
      const images = new Float32Array(n * IMAGE_PIXELS);
      const labels = new Float32Array(n * NUM_CLASSES);
      for (let step = 0; step < 3; step++) {
        fillImageBatch(data.trainImages, range(step * n, n), images);
        fillOneHotBatch(data.trainLabels, range(step * n, n), labels);
        smoothLabels(labels, n, 0.1);
        const xs = tf.tensor4d(images, [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
        const ys = tf.tensor2d(labels, [n, NUM_CLASSES]);
        const [loss, acc] = (await whole.trainOnBatch(xs, ys)) as number[];
        tf.dispose([xs, ys]);
        const [sharedLoss, sharedAcc] = await parallel.step(images, labels, n);
        expect(sharedLoss).toBeCloseTo(loss, 4);
        expect(sharedAcc).toBe(acc);
      }
      const expected = whole.getWeights().map((w) => w.dataSync());
      const actual = shared.getWeights().map((w) => w.dataSync());
      expected.forEach((e, i) => {
        const scale = Math.max(...e.map(Math.abs));
        let worst = 0;
        e.forEach((value, j) => (worst = Math.max(worst, Math.abs(actual[i][j] - value) / scale)));
        expect(worst, `weight ${i}`).toBeLessThan(1e-3);
      });
      // …and they did move: three Adam steps at 0.01 change every kernel.
      const initial = buildModel('conv');
      initializeWeights(initial, 5);
      const before = initial.getWeights().map((w) => w.dataSync());
      expect(actual[0].some((v, j) => Math.abs(v - before[0][j]) > 1e-3)).toBe(true);
      for (const model of [whole, shared, initial]) model.dispose();
    },
    120_000,
  );
});
