/**
 * The import is bounded before TF.js builds anything: a tiny model.json that declares a huge
 * model is refused without the worker's TF.js memory moving, while the real converter output of
 * the book's convnet still imports and reads digits. CPU backend, no training.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { errorCode, errorParams } from '../../src/shared/errors.ts';
import { MAX_MODEL_PARAMS } from '../../src/shared/model-topology.ts';
import type { ModelFiles } from '../../src/shared/protocol.ts';
import { modelFromFiles } from '../../src/worker/models/import.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';

beforeAll(async () => {
  await useTfBackend('cpu');
});

const text = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;

/** An MNIST Sequential topology: flatten, a Dense layer of `units`, ten scores. */
const denseTopology = (units: number) => ({
  class_name: 'Sequential',
  config: {
    name: 'wide',
    layers: [
      { class_name: 'Flatten', config: { name: 'f', batch_input_shape: [null, 28, 28, 1] } },
      { class_name: 'Dense', config: { name: 'd', units, activation: 'relu' } },
      { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'softmax' } },
    ],
  },
});

/** A fixture folder's files, as a person would choose them. */
function fixtureFiles(folder: string): ModelFiles {
  const read = (name: string) => {
    const bytes = readFileSync(new URL(`../fixtures/keras/${folder}/${name}`, import.meta.url));
    return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
  };
  return { files: [read('model.json'), read('group1-shard1of1.bin')] };
}

/** The code and parameters `work` rejects with. */
async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    const code = errorCode(error);
    return { code, params: code && errorParams(error, code) };
  }
  throw new Error('expected a refusal');
}

describe('an import bounded before anything is built', () => {
  it('the memory measure sees a model TF.js builds (so the next test can fail)', async () => {
    const before = tf.memory().numBytes;
    const model = await tfl.models.modelFromJSON({ modelTopology: denseTopology(1_000) as never });
    // (784 + 1) × 1,000 + (1,000 + 1) × 10 float32 values.
    expect(tf.memory().numBytes - before).toBe(795_010 * 4);
    model.dispose();
    expect(tf.memory().numBytes).toBe(before);
  });

  it('refuses a 5 kB model.json declaring 100 M parameters in < 1 s, TF.js memory unchanged', async () => {
    const json = text(
      JSON.stringify({
        format: 'layers-model',
        modelTopology: denseTopology(127_551),
        weightsManifest: [{ paths: ['w.bin'], weights: [] }],
      }),
    );
    expect(json.byteLength).toBeLessThan(5_000);
    const files: ModelFiles = {
      files: [
        { name: 'model.json', bytes: json },
        { name: 'w.bin', bytes: new ArrayBuffer(0) },
      ],
    };
    const memory = tf.memory();
    const start = performance.now();
    const refused = await refusal(modelFromFiles(files));
    const ms = performance.now() - start;
    expect(refused).toEqual({
      code: 'ImportInvalid.tooManyParams',
      params: { params: 100_127_535, max: MAX_MODEL_PARAMS },
    });
    expect(tf.memory().numBytes).toBe(memory.numBytes);
    expect(tf.memory().numTensors).toBe(memory.numTensors);
    expect(ms).toBeLessThan(1_000);
    console.info(`modelFromFiles refused 100,127,535 parameters in ${ms.toFixed(2)} ms`);
  });

  it('imports the Keras 2 converter output of the book’s convnet, which reads digits', async () => {
    const tensors = tf.memory().numTensors;
    const { model, draft } = await modelFromFiles(fixtureFiles('tf-keras-conv'));
    expect(draft).toMatchObject({ architecture: 'conv', params: 56_714, source: 'imported' });
    const data = loadMnist();
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from(data.testImages.subarray(0, 500 * 784), (v) => v / 255),
        [500, 28, 28, 1],
      );
      return tf.argMax(model.predict(x) as tf.Tensor, -1).dataSync();
    });
    const right = predicted.filter((p, i) => p === data.testLabels[i]).length;
    // Keras measured 98.82% on all 10,000 test images.
    expect(right / 500).toBeGreaterThan(0.97);
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('imports the Keras 3 converter output too, once normalised (keras3-model.test.ts)', async () => {
    const tensors = tf.memory().numTensors;
    const { model, draft } = await modelFromFiles(fixtureFiles('keras3-h5-conv'));
    expect(draft).toMatchObject({
      architecture: 'conv',
      params: 56_714,
      source: 'imported',
      origin: 'keras3',
    });
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
