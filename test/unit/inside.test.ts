/**
 * Inside the model: every layer's output in one pass, checked against `model.predict`, against a
 * conv2d value worked out by hand, and against `traceConv`/`tracePool` (what the page shows when
 * a person follows one number); the saliency map of a 1 lies on its stroke.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  mapOf,
  saliencyOnInk,
  stackBelow,
  traceConv,
  tracePool,
  valueAt,
} from '../../src/shared/inside.ts';
import { errorCode } from '../../src/shared/errors.ts';
import { buildModel } from '../../src/worker/models/index.ts';
import { inspectModel, saliencyOf, toPixels } from '../../src/worker/predict/inside.ts';
import { loadMnist } from './support/mnist-files.ts';
import { loadStarterModel } from './support/starter-model.ts';
import { useTfBackend } from './support/tf-wasm.ts';

const mnist = loadMnist();
/** Test image `i`, 0–1. */
const testImage = (i: number) => toPixels(mnist.testImages.subarray(i * 784, (i + 1) * 784));

/** The first `count` test images of `digit`. */
function testImagesOf(digit: number, count: number): Float32Array[] {
  const found: Float32Array[] = [];
  for (let i = 0; found.length < count; i++) {
    if (mnist.testLabels[i] === digit) found.push(testImage(i));
  }
  return found;
}

let starter: LayersModel;

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`inside the starter model (listing 4.1) on ${backend}`, () => {
    beforeAll(async () => {
      await useTfBackend(backend);
      starter ??= await loadStarterModel();
    });

    it('shows the 7 layers of listing 4.1 with their shapes and parameters', async () => {
      const view = await inspectModel(starter, testImage(0));
      expect(view.layers.map((l) => [l.name, l.kind, l.shape, l.params])).toEqual([
        ['conv2d_1', 'conv2d', [26, 26, 16], 160],
        ['max_pooling2d_1', 'maxPooling2d', [13, 13, 16], 0],
        ['conv2d_2', 'conv2d', [11, 11, 32], 4_640],
        ['max_pooling2d_2', 'maxPooling2d', [5, 5, 32], 0],
        ['flatten_1', 'flatten', [800], 0],
        ['dense_1', 'dense', [64], 51_264],
        ['dense_2', 'dense', [10], 650],
      ]);
      for (const layer of view.layers) {
        expect(layer.values.length).toBe(layer.shape.reduce((a, b) => a * b));
        expect(layer.min).toBe(Math.min(...layer.values));
        expect(layer.max).toBe(Math.max(...layer.values));
      }
      expect(view.layers[0].kernelShape).toEqual([3, 3, 1, 16]);
      expect(view.layers[2].kernelShape).toEqual([3, 3, 16, 32]);
      expect(view.layers[1].window).toEqual([2, 2]);
    });

    it('its last layer is what model.predict answers, for ten test images', async () => {
      for (let i = 0; i < 10; i++) {
        const pixels = testImage(i);
        const view = await inspectModel(starter, pixels);
        const predicted = tf.tidy(() =>
          (starter.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor).dataSync(),
        );
        expect(Array.from(view.layers[6].values)).toEqual(Array.from(predicted));
        expect(view.probabilities).toEqual(Array.from(predicted));
        expect(view.digit).toBe(mnist.testLabels[i]);
      }
    });

    it('a conv2d_1 value is the 3 × 3 patch times the filter, plus bias, after ReLU', async () => {
      const pixels = testImage(0); // a 7
      const view = await inspectModel(starter, pixels);
      const conv = view.layers[0];
      const [kernel, bias] = starter.layers[0].getWeights().map((w) => w.dataSync());
      // Worked out here by hand (not through traceConv): output (y, x, f) reads input rows
      // y..y+2, columns x..x+2; kernel index (dy * 3 + dx) * 16 + f (one input channel).
      let checked = 0;
      for (const [y, x, f] of [
        [10, 12, 3],
        [5, 5, 0],
        [20, 8, 15],
        [13, 13, 7],
      ]) {
        let sum = bias[f];
        for (let dy = 0; dy < 3; dy++) {
          for (let dx = 0; dx < 3; dx++) {
            sum += pixels[(y + dy) * 28 + (x + dx)] * kernel[(dy * 3 + dx) * 16 + f];
          }
        }
        const byHand = Math.max(0, sum);
        expect(valueAt(conv, y, x, f)).toBeCloseTo(byHand, 5);
        const trace = traceConv(stackBelow(view, 0), conv, y, x, f);
        expect(trace.terms).toHaveLength(9);
        expect(trace.value).toBeCloseTo(byHand, 5);
        if (byHand > 0) checked++;
      }
      expect(checked).toBeGreaterThan(0); // at least one position past the ReLU
    });

    it('traceConv and tracePool give every value of every map the model computed', async () => {
      const view = await inspectModel(starter, testImage(1));
      let worst = 0;
      view.layers.forEach((layer, index) => {
        if (layer.kind !== 'conv2d' && layer.kind !== 'maxPooling2d') return;
        const below = stackBelow(view, index);
        const [height, width, channels] = layer.shape;
        for (let c = 0; c < channels; c++) {
          for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
              const trace =
                layer.kind === 'conv2d'
                  ? traceConv(below, layer, y, x, c)
                  : tracePool(below, layer, y, x, c);
              worst = Math.max(worst, Math.abs(trace.value - valueAt(layer, y, x, c)));
            }
          }
        }
      });
      expect(worst).toBeLessThan(1e-4);
      // A max-pool output is its window's largest value, and the winner is in the window.
      const pool = tracePool(stackBelow(view, 1), view.layers[1], 6, 7, 2);
      expect(pool.window).toHaveLength(4);
      expect(pool.value).toBe(Math.max(...pool.window));
      expect(pool.window[pool.winner]).toBe(pool.value);
    });

    it('the saliency of a 1 lies on its stroke; "why not 7" differs', async () => {
      const shares: number[] = [];
      for (const pixels of testImagesOf(1, 10)) {
        const view = await inspectModel(starter, pixels);
        expect(view.digit).toBe(1);
        expect(view.saliency.digit).toBe(1);
        shares.push(saliencyOnInk(view.saliency, pixels));
      }
      // Most of the map's mass lies on ink pixels, for every one of the ten 1s.
      expect(Math.min(...shares)).toBeGreaterThan(0.5);
      const [one] = testImagesOf(1, 1);
      const forOne = await saliencyOf(starter, one, 1);
      const forSeven = await saliencyOf(starter, one, 7);
      expect(forSeven.digit).toBe(7);
      expect(Array.from(forSeven.values)).not.toEqual(Array.from(forOne.values));
      // The ink as a whole argues for 1: blanking it lowers the 1's score more than it raises.
      const net = forOne.values.reduce((a, b) => a + b, 0);
      expect(net).toBeGreaterThan(0);
    });

    it('leaves no tensor behind', async () => {
      const pixels = testImage(2);
      await inspectModel(starter, pixels); // builds the every-output model once
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) await inspectModel(starter, pixels);
      await saliencyOf(starter, pixels, 3);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe('inside any of the book models, and imported ones', () => {
  beforeAll(async () => {
    await useTfBackend('cpu');
  });

  it('draws conv3 and dense as they are built (maps, strips, bars)', async () => {
    const conv3 = await inspectModel(buildModel('conv3'), testImage(0));
    expect(conv3.layers.map((l) => l.shape)).toEqual([
      [26, 26, 16],
      [13, 13, 16],
      [11, 11, 32],
      [5, 5, 32],
      [3, 3, 32],
      [288],
      [64],
      [10],
    ]);
    const dense = await inspectModel(buildModel('dense'), testImage(0));
    expect(dense.layers.map((l) => [l.kind, l.shape])).toEqual([
      ['flatten', [784]],
      ['dense', [42]],
      ['dense', [10]],
    ]);
  });

  it('follows a number through a same-padded, strided conv2d and keeps dropout', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [28, 28, 1],
          filters: 4,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'relu',
        }),
        tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'same' }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const view = await inspectModel(model, testImage(3));
    expect(view.layers.map((l) => l.kind)).toEqual([
      'conv2d',
      'dropout',
      'maxPooling2d',
      'flatten',
      'dense',
    ]);
    const conv = view.layers[0];
    expect(conv.shape).toEqual([14, 14, 4]);
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 14; x++) {
        expect(traceConv(stackBelow(view, 0), conv, y, x, 1).value).toBeCloseTo(
          valueAt(conv, y, x, 1),
          5,
        );
      }
    }
    // Dropout is off outside training: its output is its input.
    expect(Array.from(view.layers[1].values)).toEqual(Array.from(conv.values));
    const pool = view.layers[2];
    expect(pool.shape).toEqual([7, 7, 4]);
    expect(tracePool(stackBelow(view, 2), pool, 6, 6, 0).value).toBe(valueAt(pool, 6, 6, 0));
    expect(mapOf(pool, 0).max).toBe(Math.max(...mapOf(pool, 0).values));
  });

  it('refuses a model with a layer it cannot show, naming the layer', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28, 1] }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    let caught: unknown;
    try {
      await inspectModel(model, testImage(0));
    } catch (error) {
      caught = error;
    }
    expect(errorCode(caught)).toBe('CannotInspect');
    expect((caught as { params: { layer: string } }).params.layer).toBe('BatchNormalization');
  });
});
