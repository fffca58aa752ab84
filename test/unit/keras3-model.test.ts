/**
 * Keras 3 converter output made loadable (src/shared/keras3-model.ts), on the real
 * `tensorflowjs_converter` 4.22 output of the listing 4.1 convnet in both flavours
 * (test/fixtures/keras): the Keras 2 one untouched, the Keras 3 one rewritten into what TF.js
 * 4.22 itself loads and reads digits with exactly as the Keras 2 one does (they hold the same
 * weights); malformed Keras 3 files refused with their codes, and the usual import checks
 * applied to the rewritten topology. CPU backend.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { errorCode, errorParams } from '../../src/shared/errors.ts';
import { normalizeKerasModelJson } from '../../src/shared/keras3-model.ts';
import { checkModelFiles } from '../../src/shared/model-files.ts';
import { MAX_MODEL_PARAMS, sizeTopology } from '../../src/shared/model-topology.ts';
import type { ModelFiles } from '../../src/shared/protocol.ts';
import { modelFromFiles } from '../../src/worker/models/import.ts';
import { loadMnist } from './support/mnist-files.ts';
import { useTfBackend } from './support/tf-wasm.ts';

type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

beforeAll(async () => {
  await useTfBackend('cpu');
});

const fixtureUrl = (folder: string, name: string) =>
  new URL(`../fixtures/keras/${folder}/${name}`, import.meta.url);
/** A fixture's model.json, freshly parsed. */
const modelJson = (folder: string): Loose =>
  JSON.parse(readFileSync(fixtureUrl(folder, 'model.json'), 'utf8'));
const weightBytes = (folder: string): ArrayBuffer => {
  const bytes = readFileSync(fixtureUrl(folder, 'group1-shard1of1.bin'));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
};
const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer;
/** `json` (a fixture's model.json, possibly edited) with the fixture's weights, as chosen files. */
const filesOf = (json: unknown, folder = 'keras3-h5-conv'): ModelFiles => ({
  files: [
    { name: 'model.json', bytes: text(json) as ArrayBuffer },
    { name: 'group1-shard1of1.bin', bytes: weightBytes(folder) },
  ],
});
/** The fixture's files byte for byte, as a person would choose them. */
const fixtureFiles = (folder: string): ModelFiles => ({
  files: ['model.json', 'group1-shard1of1.bin'].map((name) => {
    const bytes = readFileSync(fixtureUrl(folder, name));
    return { name, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
  }),
});
const layersOf = (json: Loose): Loose[] => json.modelTopology.model_config.config.layers;
const weightNames = (json: Loose): string[] =>
  json.weightsManifest.flatMap((g: Loose) => g.weights.map((w: Loose) => w.name));

/** Every value under `key` anywhere in `value`. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOf(v, key));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === key ? [v] : []),
    ...valuesOf(v, key),
  ]);
}

/** The code and parameters `work` throws or rejects with. */
async function refusal(work: () => unknown) {
  try {
    await work();
  } catch (error) {
    const code = errorCode(error);
    return { code, params: code && errorParams(error, code) };
  }
  throw new Error('expected a refusal');
}

/** TF.js' own `loadLayersModel` on a model.json and its weights, in memory. */
function tfjsLoad(json: Loose, weights: ArrayBuffer): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g: Loose) => g.weights),
      weightData: weights,
    }),
  );
}

describe('the real converter output', () => {
  it('leaves the Keras 2 (tf_keras) model.json as it is', () => {
    const json = modelJson('tf-keras-conv');
    const result = normalizeKerasModelJson(json);
    expect(result.keras3).toBe(false);
    expect(result.json).toBe(json);
    expect(result.json).toEqual(modelJson('tf-keras-conv'));
  });

  it('rewrites the Keras 3 one, in a copy, into the Keras 2 one’s spellings', () => {
    const json = modelJson('keras3-h5-conv');
    const keras2 = modelJson('tf-keras-conv');
    const { json: normalized, keras3 } = normalizeKerasModelJson(json);
    const out: Loose = normalized;
    expect(keras3).toBe(true);
    // The parsed input is not touched.
    expect(json).toEqual(modelJson('keras3-h5-conv'));

    const [input] = layersOf(out);
    expect(input.class_name).toBe('InputLayer');
    expect(input.config.batch_input_shape).toEqual([null, 28, 28, 1]);
    expect(input.config).not.toHaveProperty('batch_shape');
    expect(valuesOf(out.modelTopology, 'batch_shape')).toEqual([]);
    // Every dtype is a plain string; before, 9 were DTypePolicy objects (model + 8 layers).
    expect(valuesOf(json.modelTopology, 'dtype').filter((d) => typeof d === 'object')).toHaveLength(
      8,
    );
    expect(valuesOf(out.modelTopology, 'dtype')).toEqual(Array(9).fill('float32'));
    // `conv/conv2d/kernel` → `conv2d/kernel`, as tf_keras names them.
    expect(weightNames(json)[0]).toBe('conv/conv2d/kernel');
    expect(weightNames(out)).toEqual(weightNames(keras2));
    expect(out.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
    // The same layers, in the same order, with the same settings TF.js reads.
    const summary = (j: Loose) =>
      layersOf(j)
        .slice(1)
        .map((l: Loose) => [l.class_name, l.config.name, l.config.filters, l.config.units]);
    expect(summary(out)).toEqual(summary(keras2));
  });

  it('is what the import check sees: origin, size and weights', () => {
    const keras3 = checkModelFiles(fixtureFiles('keras3-h5-conv'));
    const keras2 = checkModelFiles(fixtureFiles('tf-keras-conv'));
    expect(keras3.origin).toBe('keras3');
    expect(keras2.origin).toBe('keras');
    expect(keras3.size.params).toBe(56_714);
    expect(keras3.size).toEqual(keras2.size);
    expect(keras3.weightSpecs).toEqual(keras2.weightSpecs);
    expect(new Uint8Array(keras3.weightData)).toEqual(new Uint8Array(keras2.weightData));
  });

  it('TF.js 4.22 loads the rewritten Keras 3 model (not the original), reading as tf_keras’ does', async () => {
    const original = modelJson('keras3-h5-conv');
    const weights = weightBytes('keras3-h5-conv');
    await expect(tfjsLoad(original, weights)).rejects.toThrow(/batchInputShape|inputShape/);

    const tensors = tf.memory().numTensors;
    const keras3 = await tfjsLoad(normalizeKerasModelJson(original).json, weights);
    const keras2 = await tfjsLoad(modelJson('tf-keras-conv'), weightBytes('tf-keras-conv'));
    expect(keras3.countParams()).toBe(56_714);
    const data = loadMnist();
    const n = 300;
    const [a, b] = tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from(data.testImages.subarray(0, n * 784), (v) => v / 255),
        [n, 28, 28, 1],
      );
      return [keras3.predict(x) as tf.Tensor, keras2.predict(x) as tf.Tensor].map((y) =>
        y.dataSync(),
      );
    });
    // Same weights, same layers: the same scores, to the bit.
    expect(a).toEqual(b);
    const digits = (scores: Float32Array) =>
      Array.from({ length: n }, (_, i) => {
        const row = Array.from(scores.subarray(i * 10, i * 10 + 10));
        return row.indexOf(Math.max(...row));
      });
    const right = digits(a as Float32Array).filter((d, i) => d === data.testLabels[i]).length;
    // Keras measured 98.82% on all 10,000 test images.
    expect(right / n).toBeGreaterThan(0.97);
    keras3.dispose();
    keras2.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('imports through the app’s path, recorded as Keras 3 (converted) or Keras / TF.js', async () => {
    const keras3 = await modelFromFiles(fixtureFiles('keras3-h5-conv'));
    const keras2 = await modelFromFiles(fixtureFiles('tf-keras-conv'));
    expect(keras3.draft).toMatchObject({
      name: 'model',
      architecture: 'conv',
      params: 56_714,
      source: 'imported',
      origin: 'keras3',
    });
    expect(keras3.draft.testAccuracy).toBeUndefined();
    expect(keras2.draft).toMatchObject({ architecture: 'conv', origin: 'keras' });
    const x = tf.tensor4d(
      Float32Array.from(loadMnist().testImages.subarray(0, 20 * 784), (v) => v / 255),
      [20, 28, 28, 1],
    );
    const [a, b] = [keras3.model, keras2.model].map((m) => (m.predict(x) as tf.Tensor).dataSync());
    expect(a).toEqual(b);
    tf.dispose(x);
    keras3.model.dispose();
    keras2.model.dispose();
  });
});

/** The Keras 3 fixture's model.json with `edit` applied to it. */
function edited(edit: (json: Loose) => void): Loose {
  const json = modelJson('keras3-h5-conv');
  edit(json);
  return json;
}

describe('malformed Keras 3 files are refused with what is wrong', () => {
  it('a mixed-precision or quantised dtype policy, or one without a dtype', async () => {
    const policy = (p: Json) => edited((j) => (layersOf(j)[1].config.dtype = p));
    const mixed = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' } };
    expect(await refusal(() => normalizeKerasModelJson(policy(mixed)))).toEqual({
      code: 'ImportInvalid.kerasDtype',
      params: { layer: 'conv2d', dtype: 'mixed_float16' },
    });
    const quantised = {
      class_name: 'QuantizedDTypePolicy',
      config: { name: 'float32', source_name: 'float32' },
    };
    expect(await refusal(() => normalizeKerasModelJson(policy(quantised)))).toEqual({
      code: 'ImportInvalid.kerasDtype',
      params: { layer: 'conv2d', dtype: 'float32' },
    });
    expect(
      await refusal(() => normalizeKerasModelJson(policy({ class_name: 'DTypePolicy' }))),
    ).toEqual({
      code: 'ImportInvalid.kerasDtype',
      params: { layer: 'conv2d', dtype: 'DTypePolicy' },
    });
    // Through the whole import too: nothing is built.
    expect(await refusal(() => modelFromFiles(filesOf(policy(mixed))))).toMatchObject({
      code: 'ImportInvalid.kerasDtype',
    });
  });

  it('a weight named for no layer of the model', async () => {
    const json = edited((j) => (j.weightsManifest[0].weights[2].name = 'other/conv2d_1/kernel'));
    expect(await refusal(() => normalizeKerasModelJson(json))).toEqual({
      code: 'ImportInvalid.kerasWeightName',
      params: { weight: 'other/conv2d_1/kernel', model: 'conv' },
    });
    const noLayer = edited((j) => (j.weightsManifest[0].weights[0].name = 'conv/conv9/kernel'));
    expect(await refusal(() => modelFromFiles(filesOf(noLayer)))).toEqual({
      code: 'ImportInvalid.kerasWeightName',
      params: { weight: 'conv/conv9/kernel', model: 'conv' },
    });
  });

  it('a batch_shape that is not a shape, or not MNIST’s', async () => {
    const shape = (s: unknown) => edited((j) => (layersOf(j)[0].config.batch_shape = s));
    expect(await refusal(() => modelFromFiles(filesOf(shape('28x28'))))).toEqual({
      code: 'ImportInvalid.layerSetting',
      params: { layer: 'input_layer', type: 'InputLayer', setting: 'batch_shape' },
    });
    expect(await refusal(() => modelFromFiles(filesOf(shape([null, 28, 28, 3]))))).toEqual({
      code: 'ImportInvalid.weightShape',
      params: { weight: 'conv2d/kernel', shape: '[3, 3, 1, 16]', expected: '[3, 3, 3, 16]' },
    });
  });

  it('the size limits and manifest checks apply to the rewritten topology', async () => {
    const huge = edited((j) => (layersOf(j)[6].config.units = 10_000));
    const memory = tf.memory();
    expect(await refusal(() => modelFromFiles(filesOf(huge)))).toEqual({
      code: 'ImportInvalid.tooManyParams',
      params: { params: 8_014_800, max: MAX_MODEL_PARAMS },
    });
    expect(tf.memory().numBytes).toBe(memory.numBytes);

    const shape = edited((j) => (j.weightsManifest[0].weights[5].shape = [65]));
    expect(await refusal(() => checkModelFiles(filesOf(shape)))).toMatchObject({
      code: 'ImportInvalid.weightsSize',
    });
    const swapped = edited((j) => {
      const w = j.weightsManifest[0].weights;
      [w[4].shape, w[6].shape] = [w[6].shape, w[4].shape];
    });
    expect(await refusal(() => checkModelFiles(filesOf(swapped)))).toEqual({
      code: 'ImportInvalid.weightShape',
      params: { weight: 'dense/kernel', shape: '[64, 10]', expected: '[800, 64]' },
    });
  });
});

describe('Keras 3 spellings beyond the fixture', () => {
  /** A Keras 3 functional MNIST model as `Functional.get_config` writes it (no version key). */
  const tensor = (layer: string) => ({
    class_name: '__keras_tensor__',
    config: { shape: [null], dtype: 'float32', keras_history: [layer, 0, 0] },
  });
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } };
  const functional = {
    class_name: 'Functional',
    config: {
      name: 'fn',
      trainable: true,
      layers: [
        {
          class_name: 'InputLayer',
          name: 'pixels',
          config: { batch_shape: [null, 28, 28, 1], dtype: 'float32', name: 'pixels' },
          inbound_nodes: [],
        },
        {
          class_name: 'Flatten',
          name: 'flat',
          config: { name: 'flat', dtype: policy },
          inbound_nodes: [{ args: [tensor('pixels')], kwargs: {} }],
        },
        {
          class_name: 'Dense',
          name: 'hidden',
          config: { name: 'hidden', units: 32, activation: 'relu', dtype: policy },
          inbound_nodes: [{ args: [tensor('flat')], kwargs: {} }],
        },
        {
          class_name: 'Dense',
          name: 'scores',
          config: { name: 'scores', units: 10, activation: 'softmax', dtype: policy },
          inbound_nodes: [{ args: [tensor('hidden')], kwargs: {} }],
        },
      ],
      input_layers: ['pixels', 0, 0],
      output_layers: ['scores', 0, 0],
    },
  };

  it('a functional model’s {args, kwargs} nodes and single input and output refs', async () => {
    const json = { format: 'layers-model', modelTopology: functional, weightsManifest: [] };
    await expect(
      tfl.models.modelFromJSON({ modelTopology: functional as never }),
    ).rejects.toThrow();
    const { json: out, keras3 } = normalizeKerasModelJson(json);
    expect(keras3).toBe(true);
    const topology = out.modelTopology as Loose;
    expect(topology.config.layers[2].inbound_nodes).toEqual([[['flat', 0, 0, {}]]]);
    expect(topology.config.input_layers).toEqual([['pixels', 0, 0]]);
    const model = await tfl.models.modelFromJSON({ modelTopology: topology });
    const size = sizeTopology(topology);
    expect(model.countParams()).toBe(size.params);
    expect(size.params).toBe(784 * 32 + 32 + 33 * 10);
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it('a Keras 2 functional model is left alone', () => {
    const keras2 = {
      keras_version: '2.15.0',
      model_config: {
        class_name: 'Functional',
        config: { name: 'fn', layers: [], input_layers: [], output_layers: [] },
      },
    };
    const json = { modelTopology: keras2, weightsManifest: [] };
    expect(normalizeKerasModelJson(json).json).toBe(json);
  });
});
