import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter, type Tensor4D } from '@tensorflow/tfjs-core';
import { metrics } from '@tensorflow/tfjs-layers';
import { fillImageBatch, fillOneHotBatch, range } from '../../src/worker/data/mnist-data.ts';
import { disableSimdKernels } from '../../src/worker/backend/wasm-kernels/simd.ts';
import { buildModel } from '../../src/worker/models/index.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';

type Shape4 = [number, number, number, number];

/** Seeded uniform [-1, 1) values, so a failure can be reproduced. */
function randomValues(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    values[i] = s / 2 ** 31 - 1;
  }
  return values;
}

/** The filter gradient of a conv2d, computed by whichever backend is active. */
async function filterGradient(
  backend: 'wasm' | 'cpu',
  x: Float32Array,
  xShape: Shape4,
  dy: Float32Array,
  dyShape: Shape4,
  filterShape: Shape4,
  strides: number,
  pad: 'valid' | 'same',
): Promise<Float32Array> {
  await useTfBackend(backend);
  const xt = tf.tensor4d(x, xShape);
  const dyt = tf.tensor4d(dy, dyShape);
  const dw = tf
    .engine()
    .runKernel(
      Conv2DBackpropFilter,
      { x: xt, dy: dyt },
      { strides, pad, dataFormat: 'NHWC', filterShape },
    ) as Tensor4D;
  expect(dw.shape).toEqual(filterShape);
  const values = (await dw.data()) as Float32Array;
  tf.dispose([xt, dyt, dw]);
  return values;
}

const cases: { name: string; x: Shape4; filter: Shape4; strides: number; pad: 'valid' | 'same' }[] =
  [
    {
      name: 'conv layer 1 of listing 4.1',
      x: [64, 28, 28, 1],
      filter: [3, 3, 1, 16],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 1 of big (one channel in, 32 out: the register-blocked loop)',
      x: [9, 28, 28, 1],
      filter: [3, 3, 1, 32],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'one channel in, 12 out, 5 wide (the memory loop)',
      x: [7, 11, 13, 1],
      filter: [2, 5, 1, 12],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 2 of listing 4.1',
      x: [32, 13, 13, 16],
      filter: [3, 3, 16, 32],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 3 of conv3',
      x: [64, 5, 5, 32],
      filter: [3, 3, 32, 32],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 2 of big (the direct kernel: one block of 6 images)',
      x: [6, 26, 26, 32],
      filter: [3, 3, 32, 32],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 3 of big (the direct kernel: blocks of 8, 8 and 4 images)',
      x: [20, 12, 12, 32],
      filter: [3, 3, 32, 64],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'conv layer 4 of big (the direct kernel: 3 blocks of 8 images)',
      x: [24, 10, 10, 64],
      filter: [3, 3, 64, 64],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'chunked, odd: 40 channels in, 6 out, same padding (chunks of 7, then 4)',
      x: [11, 9, 11, 40],
      filter: [3, 3, 40, 6],
      strides: 1,
      pad: 'same',
    },
    {
      name: 'odd sizes, stride 2',
      x: [3, 9, 11, 2],
      filter: [3, 2, 2, 5],
      strides: 2,
      pad: 'valid',
    },
    {
      name: 'same padding, stride 2',
      x: [2, 8, 7, 3],
      filter: [3, 3, 3, 4],
      strides: 2,
      pad: 'same',
    },
    {
      name: 'same padding, stride 1',
      x: [4, 6, 5, 3],
      filter: [5, 3, 3, 2],
      strides: 1,
      pad: 'same',
    },
    {
      name: 'stride 3 leaving rows unused',
      x: [2, 10, 10, 3],
      filter: [5, 5, 3, 2],
      strides: 3,
      pad: 'valid',
    },
  ];

describe('Conv2DBackpropFilter on the WASM backend', () => {
  afterEach(() => disableSimdKernels(false));

  it.each(cases.flatMap((c) => [true, false].map((simd) => ({ ...c, simd }))))(
    'matches the CPU backend: $name (WASM SIMD kernels: $simd)',
    async ({ x, filter, strides, pad, simd }) => {
      disableSimdKernels(!simd);
      await useTfBackend('cpu');
      const dyShape = tf.tidy(
        () => tf.conv2d(tf.zeros(x) as Tensor4D, tf.zeros(filter) as Tensor4D, strides, pad).shape,
      );
      const xValues = randomValues(
        x.reduce((a, b) => a * b),
        1,
      );
      const dyValues = randomValues(
        dyShape.reduce((a, b) => a * b),
        2,
      );
      const gradientOn = (backend: 'cpu' | 'wasm') =>
        filterGradient(backend, xValues, x, dyValues, dyShape as Shape4, filter, strides, pad);
      const expected = await gradientOn('cpu');

      const wasm = (await useTfBackend('wasm')) && tf.backend();
      const dataIdsBefore = wasm.numDataIds();
      const actual = await gradientOn('wasm');

      // Sums over up to ~250,000 products: compare relative to the gradient's scale.
      const scale = Math.max(...expected.map(Math.abs));
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
      }
      expect(worst).toBeLessThan(1e-4);
      expect(scale).toBeGreaterThan(0);
      // Every intermediate (transposes, crop, the convolution) was freed.
      expect(wasm.numDataIds()).toBe(dataIdsBefore);
    },
  );

  it('gives the listing 4.1 convnet the same weight gradients on WASM as on CPU', async () => {
    const data = loadMnist();
    const indices = range(0, 32);
    const images = new Float32Array(32 * 784);
    const labels = new Float32Array(32 * 10);
    fillImageBatch(data.trainImages, indices, images);
    fillOneHotBatch(data.trainLabels, indices, labels);
    await useTfBackend('cpu');
    const initial = buildModel('conv');
    const weights = initial
      .getWeights()
      .map((w) => ({ shape: w.shape, values: w.dataSync().slice() }));
    initial.dispose();

    const gradientsOn = async (backend: 'cpu' | 'wasm') => {
      await useTfBackend(backend);
      const model = buildModel('conv');
      model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape)));
      const x = tf.tensor4d(images, [32, 28, 28, 1]);
      const y = tf.tensor2d(labels, [32, 10]);
      const { value, grads } = tf.variableGrads(
        () =>
          tf.mean(metrics.categoricalCrossentropy(y, model.predict(x) as tf.Tensor)) as tf.Scalar,
        model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
      );
      const result = {
        loss: (await value.data())[0],
        grads: await Promise.all(
          Object.values(grads).map(async (g) => (await g.data()) as Float32Array),
        ),
      };
      tf.dispose([x, y, value, ...Object.values(grads)]);
      model.dispose();
      return result;
    };
    const cpu = await gradientsOn('cpu');
    const wasm = await gradientsOn('wasm');
    expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
    expect(wasm.grads).toHaveLength(8);
    cpu.grads.forEach((expected, v) => {
      const scale = Math.max(...expected.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      expected.forEach((e, i) => expect(Math.abs(wasm.grads[v][i] - e) / scale).toBeLessThan(1e-4));
    });
  });
});
