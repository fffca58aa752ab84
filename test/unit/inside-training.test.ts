import 'fake-indexeddb/auto';
/**
 * Inside the model during training: a run sends the view of test image 1 once per epoch, from
 * the weights of the epoch that just ended, so a person sees the filters form.
 */
import { beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { InsideView } from '../../src/shared/inside.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { runTraining } from '../../src/worker/training/run.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';
import { bookConfig } from './support/train-configs.ts';

beforeAll(async () => {
  await useTfBackend('wasm');
});

it('a conv run shows inside the model after each epoch, filters changing as it learns', async () => {
  const data = loadMnist();
  const views: InsideView[] = [];
  let model: LayersModel | undefined;
  const outcome = await runTraining({
    config: bookConfig({ model: 'conv', epochs: 3, trainExamples: 3_000, batchSize: 64, seed: 5 }),
    data,
    backend: 'wasm',
    control: new TrainingControl(),
    onProgress: (p) => {
      if (p.inside) views.push(p.inside);
    },
    onModel: (m) => (model = m),
  });
  expect(views.map((v) => v.epoch)).toEqual([1, 2, 3]);
  expect(views.every((v) => v.layers.length === 7)).toBe(true);
  // The filters move from epoch to epoch.
  const kernels = views.map((v) => Array.from(v.layers[0].kernel!));
  expect(kernels[1]).not.toEqual(kernels[0]);
  expect(kernels[2]).not.toEqual(kernels[1]);
  // The last view is the finished model's answer on test image 1 (the book's run keeps the
  // last epoch's weights).
  const pixels = Float32Array.from(data.testImages.subarray(0, 784), (v) => v / 255);
  const answer = tf.tidy(() =>
    Array.from((model!.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor).dataSync()),
  );
  expect(views[2].probabilities).toEqual(answer);
  expect(outcome.run.epochsCompleted).toBe(3);
}, 120_000);
