import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FACTS, MODEL_NAMES } from '../../src/shared/models.ts';
import { buildModel, summarizeModel } from '../../src/worker/models/index.ts';
import * as tf from '@tensorflow/tfjs-core';
import { useTfBackend } from './support/tf-wasm.ts';

beforeAll(async () => {
  await useTfBackend('cpu');
});

describe('the book models', () => {
  it('conv is listing 4.1: 7 layers, 56,714 parameters, the book output shapes', () => {
    const model = buildModel('conv');
    const summary = summarizeModel('conv', model);
    expect(summary.totalParams).toBe(56_714);
    expect(summary.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Conv2D', '[batch, 26, 26, 16]', 160],
      ['MaxPooling2D', '[batch, 13, 13, 16]', 0],
      ['Conv2D', '[batch, 11, 11, 32]', 4_640],
      ['MaxPooling2D', '[batch, 5, 5, 32]', 0],
      ['Flatten', '[batch, 800]', 0],
      ['Dense', '[batch, 64]', 51_264],
      ['Dense', '[batch, 10]', 650],
    ]);
    model.dispose();
  });

  it('conv3 adds a third conv2d 32 3x3 after the second pool: 33,194 parameters', () => {
    const model = buildModel('conv3');
    const summary = summarizeModel('conv3', model);
    expect(summary.totalParams).toBe(33_194);
    expect(summary.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Conv2D', '[batch, 26, 26, 16]', 160],
      ['MaxPooling2D', '[batch, 13, 13, 16]', 0],
      ['Conv2D', '[batch, 11, 11, 32]', 4_640],
      ['MaxPooling2D', '[batch, 5, 5, 32]', 0],
      ['Conv2D', '[batch, 3, 3, 32]', 9_248],
      ['Flatten', '[batch, 288]', 0],
      ['Dense', '[batch, 64]', 18_496],
      ['Dense', '[batch, 10]', 650],
    ]);
    model.dispose();
  });

  it('big is tfjs-examples mnist-node: four conv layers, two dropouts, 594,922 parameters', () => {
    const model = buildModel('big');
    const summary = summarizeModel('big', model);
    expect(summary.totalParams).toBe(594_922);
    expect(summary.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Conv2D', '[batch, 26, 26, 32]', 320],
      ['Conv2D', '[batch, 24, 24, 32]', 9_248],
      ['MaxPooling2D', '[batch, 12, 12, 32]', 0],
      ['Conv2D', '[batch, 10, 10, 64]', 18_496],
      ['Conv2D', '[batch, 8, 8, 64]', 36_928],
      ['MaxPooling2D', '[batch, 4, 4, 64]', 0],
      ['Flatten', '[batch, 1024]', 0],
      ['Dropout', '[batch, 1024]', 0],
      ['Dense', '[batch, 512]', 524_800],
      ['Dropout', '[batch, 512]', 0],
      ['Dense', '[batch, 10]', 5_130],
    ]);
    model.dispose();
  });

  it('big drops units in training only: readings repeat, training passes differ', () => {
    const model = buildModel('big');
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 7);
    const read = () => Array.from((model.predict(x) as tf.Tensor).dataSync());
    const trained = () => Array.from((model.apply(x, { training: true }) as tf.Tensor).dataSync());
    expect(read()).toEqual(read());
    expect(trained()).not.toEqual(trained());
    x.dispose();
    model.dispose();
  });

  it('dense is listing 4.3: flatten, dense 42 relu, dense 10 softmax: 33,400 parameters', () => {
    const model = buildModel('dense');
    const summary = summarizeModel('dense', model);
    expect(summary.totalParams).toBe(33_400);
    expect(summary.layers.map((l) => [l.type, l.outputShape, l.params])).toEqual([
      ['Flatten', '[batch, 784]', 0],
      ['Dense', '[batch, 42]', 32_970],
      ['Dense', '[batch, 10]', 430],
    ]);
    model.dispose();
  });

  it.each(MODEL_NAMES)('%s agrees with the facts the UI shows before building it', (name) => {
    const model = buildModel(name);
    expect(model.countParams()).toBe(MODEL_FACTS[name].params);
    expect(model.layers).toHaveLength(MODEL_FACTS[name].layers);
    expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });
});
