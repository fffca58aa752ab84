/**
 * The topology walk against TF.js itself: for the book's models, the Keras fixtures and a model
 * of every layer type the walk knows, its parameter count, weights and output shapes must be
 * what TF.js builds. Then what it refuses, each with its code and parameters.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { errorCode, errorParams, type ErrorCode } from '../../src/shared/errors.ts';
import { LAYER_RULES } from '../../src/shared/layer-shapes.ts';
import {
  MAX_LAYER_VALUES,
  MAX_MODEL_LAYERS,
  MAX_MODEL_PARAMS,
  sizeTopology,
} from '../../src/shared/model-topology.ts';
import { MODEL_NAMES } from '../../src/shared/models.ts';
import { buildModel } from '../../src/worker/models/index.ts';
import { useTfBackend } from './support/tf-wasm.ts';

beforeAll(async () => {
  await useTfBackend('cpu');
});

type Json = Record<string, unknown>;

/** A model's topology as TF.js saves it (`model.toJSON`, snake_case like Keras). */
const topologyOf = (model: tfl.LayersModel) => model.toJSON(null, false) as Json;

/** A fixture's model.json. */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8')) as Json;

/** Asserts that the walk of `model`'s topology says what TF.js built. */
function expectSameAsTfjs(model: tfl.LayersModel, size = sizeTopology(topologyOf(model))): void {
  expect(size.params).toBe(model.countParams());
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  expect([...size.weights].sort(byName)).toEqual(
    model.weights.map((w) => ({ name: w.originalName, shape: w.shape })).sort(byName),
  );
  const built = new Map(
    model.layers.map((l) => [l.name, { shape: l.outputShape, params: l.countParams() }]),
  );
  for (const layer of size.layers) {
    expect(layer.output, layer.name).toEqual(built.get(layer.name)?.shape);
    expect(layer.params, layer.name).toBe(built.get(layer.name)?.params);
  }
  expect(size.inputs).toEqual(model.inputs.map((t) => t.shape));
  expect(size.outputs).toEqual(model.outputs.map((t) => t.shape));
}

/** The code and parameters `run` throws. */
function refusal(run: () => unknown): { code?: ErrorCode; params: unknown } {
  try {
    run();
  } catch (error) {
    const code = errorCode(error);
    return { code, params: code && errorParams(error, code) };
  }
  throw new Error('expected a refusal');
}

/** A Sequential topology as Keras writes it, of `layers` ([class name, config]). */
const sequential = (...layers: [string, Json][]): Json => ({
  class_name: 'Sequential',
  config: { name: 's', layers: layers.map(([class_name, config]) => ({ class_name, config })) },
});

const input = (shape: (number | null)[]): [string, Json] => [
  'InputLayer',
  { name: 'in', batch_input_shape: shape },
];

describe('sizes models as TF.js builds them', () => {
  it.each(MODEL_NAMES)('the book’s %s model', (name) => {
    const model = buildModel(name);
    expectSameAsTfjs(model);
    model.dispose();
  });

  it('the Keras fixtures: 56,714 parameters, Keras 2 and Keras 3 converter output alike', async () => {
    const keras2 = fixture('../../fixtures/keras/tf-keras-conv/model.json');
    const model = await tfl.models.modelFromJSON({
      modelTopology: keras2.modelTopology as never,
    });
    expectSameAsTfjs(model, sizeTopology(keras2.modelTopology as Json));
    model.dispose();
    for (const path of [
      '../../fixtures/keras/keras3-h5-conv/model.json',
      'keras-mnist-convnet/model.json',
      '../../../public/models/starter/model.json',
    ]) {
      const size = sizeTopology(fixture(path).modelTopology as Json);
      expect(size.params, path).toBe(56_714);
      expect(size.inputs).toEqual([[null, 28, 28, 1]]);
      expect(size.outputs).toEqual([[null, 10]]);
    }
  });

  it('every layer type it knows, in a Sequential model', () => {
    const L = tfl.layers;
    const model = tfl.sequential({
      layers: [
        L.zeroPadding2d({
          inputShape: [28, 28, 1],
          padding: [
            [1, 2],
            [0, 3],
          ],
        }),
        L.conv2d({ filters: 4, kernelSize: [3, 5], strides: 2, padding: 'same' }),
        L.batchNormalization({ axis: 3 }),
        L.reLU(),
        L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, useBias: false }),
        L.separableConv2d({ filters: 6, kernelSize: 3, dilationRate: 2, padding: 'same' }),
        L.conv2d({ filters: 3, kernelSize: 2, dilationRate: [2, 1], useBias: false }),
        L.maxPooling2d({ poolSize: 3, strides: 1 }),
        L.averagePooling2d({ poolSize: [2, 3], padding: 'same' }),
        L.upSampling2d({ size: [3, 2] }),
        L.cropping2D({
          cropping: [
            [1, 0],
            [2, 1],
          ],
        }),
        L.prelu({ sharedAxes: [1, 2] }),
        L.leakyReLU(),
        L.elu(),
        L.thresholdedReLU(),
        L.softmax(),
        L.dropout({ rate: 0.2 }),
        L.alphaDropout({ rate: 0.1 }),
        L.gaussianDropout({ rate: 0.1 }),
        L.gaussianNoise({ stddev: 0.1 }),
        L.rescaling({ scale: 1 / 255 }),
        L.activation({ activation: 'tanh' }),
        L.permute({ dims: [2, 1, 3] }),
        L.layerNormalization({ axis: [-1, -2] }),
        L.dense({ units: 5 }),
        L.flatten(),
        L.dense({ units: 20 }),
        L.reshape({ targetShape: [4, 5] }),
        L.reshape({ targetShape: [-1, 5] }),
        L.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    expectSameAsTfjs(model);
    model.dispose();
  });

  it('channels-first images, and global pooling', () => {
    const L = tfl.layers;
    const model = tfl.sequential({
      layers: [
        L.conv2d({
          inputShape: [3, 20, 24],
          filters: 4,
          kernelSize: 3,
          dataFormat: 'channelsFirst',
        }),
        L.maxPooling2d({ poolSize: 2, dataFormat: 'channelsFirst' }),
        L.globalAveragePooling2d({ dataFormat: 'channelsFirst' }),
        L.dense({ units: 10 }),
      ],
    });
    expectSameAsTfjs(model);
    const other = tfl.sequential({
      layers: [L.globalMaxPooling2d({ inputShape: [5, 6, 7] }), L.dense({ units: 2 })],
    });
    expectSameAsTfjs(other);
    model.dispose();
    other.dispose();
  });

  it('a functional model with merges and a shared layer', () => {
    const L = tfl.layers;
    const x = tfl.input({ shape: [28, 28, 1] });
    const a = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(
      x,
    ) as tfl.SymbolicTensor;
    const b = L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(
      x,
    ) as tfl.SymbolicTensor;
    const shared = L.conv2d({ filters: 4, kernelSize: 1, name: 'shared' });
    const sa = shared.apply(a) as tfl.SymbolicTensor;
    const sb = shared.apply(b) as tfl.SymbolicTensor;
    const merged = [
      L.add().apply([sa, sb]),
      L.multiply().apply([sa, sb]),
      L.average().apply([sa, sb]),
      L.maximum().apply([sa, sb]),
      L.minimum().apply([sa, sb]),
    ] as tfl.SymbolicTensor[];
    const joined = L.concatenate({ axis: -1 }).apply(merged) as tfl.SymbolicTensor;
    const flat = L.flatten().apply(joined) as tfl.SymbolicTensor;
    const out = L.dense({ units: 10 }).apply(flat) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: x, outputs: out });
    const topology = topologyOf(model);
    expect(topology.class_name).toBe('Model');
    expectSameAsTfjs(model);
    // Keras 2 names the class Functional; TF.js reads both.
    expect(sizeTopology({ ...topology, class_name: 'Functional' }).params).toBe(
      model.countParams(),
    );
    model.dispose();
  });

  it('reads settings as TF.js does: camelCase keys, tf.keras’ axis lists, Dense input_dim', () => {
    const size = sizeTopology(
      sequential(
        ['Dense', { name: 'a', units: 4, input_dim: 3, use_bias: false }],
        ['Reshape', { name: 'r', targetShape: [2, 2, 1] }],
        ['BatchNormalization', { name: 'bn', axis: [3], center: false }],
      ),
    );
    expect(size.weights).toEqual([
      { name: 'a/kernel', shape: [3, 4] },
      { name: 'bn/gamma', shape: [1] },
      { name: 'bn/moving_mean', shape: [1] },
      { name: 'bn/moving_variance', shape: [1] },
    ]);
    expect(size.outputs).toEqual([[null, 2, 2, 1]]);
  });

  it('knows the layer types the issue asks for, and more', () => {
    for (const type of [
      'Conv2D',
      'MaxPooling2D',
      'AveragePooling2D',
      'Flatten',
      'Dense',
      'Dropout',
      'Activation',
      'Reshape',
      'BatchNormalization',
    ]) {
      expect(Object.keys(LAYER_RULES)).toContain(type);
    }
  });
});

describe('refuses what it cannot bound', () => {
  const mnistDense = (units: number) =>
    sequential(
      ['Flatten', { name: 'flatten', batch_input_shape: [null, 28, 28, 1] }],
      ['Dense', { name: 'huge', units }],
      ['Dense', { name: 'out', units: 10 }],
    );

  it('a model of 100 M parameters, in well under a second', () => {
    const json = JSON.stringify({ format: 'layers-model', modelTopology: mnistDense(127_551) });
    expect(json.length).toBeLessThan(5_000);
    const start = performance.now();
    const { code, params } = refusal(() => sizeTopology(JSON.parse(json).modelTopology));
    const ms = performance.now() - start;
    expect(code).toBe('ImportInvalid.tooManyParams');
    // (784 + 1) × 127,551 = 100,127,535: refused at the layer that declares them.
    expect(params).toEqual({ params: 100_127_535, max: MAX_MODEL_PARAMS });
    expect(ms).toBeLessThan(1_000);
    console.info(`100 M parameters refused by the topology check in ${ms.toFixed(2)} ms`);
  });

  it('counts up to the limit and no further', () => {
    // (784 + 1) × u + (u + 1) × 10 parameters: 6,289 units make 4,999,765, 6,290 make 5,000,560.
    expect(sizeTopology(mnistDense(6_289)).params).toBe(4_999_765);
    expect(refusal(() => sizeTopology(mnistDense(6_290)))).toEqual({
      code: 'ImportInvalid.tooManyParams',
      params: { params: 5_000_560, max: MAX_MODEL_PARAMS },
    });
  });

  it.each<[string, Json, ErrorCode, Json]>([
    [
      'a layer type it cannot size',
      sequential(input([null, 28, 28, 1]), ['LSTM', { name: 'lstm', units: 8 }]),
      'ImportInvalid.layerType',
      { layer: 'lstm', type: 'LSTM' },
    ],
    [
      'a Dense layer without units',
      sequential(input([null, 784]), ['Dense', { name: 'd' }]),
      'ImportInvalid.layerSetting',
      { layer: 'd', type: 'Dense', setting: 'units' },
    ],
    [
      'a fractional number of filters',
      sequential(input([null, 28, 28, 1]), ['Conv2D', { name: 'c', filters: 2.5, kernel_size: 3 }]),
      'ImportInvalid.layerSetting',
      { layer: 'c', type: 'Conv2D', setting: 'filters' },
    ],
    [
      'an absurd input shape',
      sequential(['Dense', { name: 'd', units: 2, batch_input_shape: [null, -3] }]),
      'ImportInvalid.layerSetting',
      { layer: 'd', type: 'Dense', setting: 'batch_input_shape' },
    ],
    [
      'a kernel larger than its input',
      sequential(input([null, 28, 28, 1]), ['Conv2D', { name: 'c', filters: 2, kernel_size: 29 }]),
      'ImportInvalid.layerInput',
      { layer: 'c', type: 'Conv2D', shape: '[null, 28, 28, 1]' },
    ],
    [
      'a convolution of a flat input',
      sequential(input([null, 784]), ['Conv2D', { name: 'c', filters: 2, kernel_size: 3 }]),
      'ImportInvalid.layerInput',
      { layer: 'c', type: 'Conv2D', shape: '[null, 784]' },
    ],
    [
      'a layer output of absurd size',
      sequential(input([null, 28, 28, 1]), ['UpSampling2D', { name: 'up', size: [500, 500] }]),
      'ImportInvalid.layerTooLarge',
      { layer: 'up', type: 'UpSampling2D', values: 196_000_000, max: MAX_LAYER_VALUES },
    ],
    [
      'a model that does not say what it takes',
      sequential(['Dense', { name: 'd', units: 2 }]),
      'ImportInvalid.noInputShape',
      { layer: 'd' },
    ],
    [
      'two layers of one name',
      sequential(
        input([null, 3]),
        ['Dense', { name: 'd', units: 2 }],
        ['Dense', { name: 'd', units: 2 }],
      ),
      'ImportInvalid.layerName',
      { layer: 'd' },
    ],
    [
      'more layers than the limit',
      sequential(
        input([null, 3]),
        ...Array.from({ length: MAX_MODEL_LAYERS }, (_, i): [string, Json] => [
          'Dropout',
          { name: `d${i}`, rate: 0 },
        ]),
      ),
      'ImportInvalid.tooManyLayers',
      { layers: MAX_MODEL_LAYERS + 1, max: MAX_MODEL_LAYERS },
    ],
  ])('%s', (_, topology, code, params) => {
    expect(refusal(() => sizeTopology(topology))).toEqual({ code, params });
  });

  /** A functional topology of an input layer and the layers `layers` (with inbound nodes). */
  const functional = (...layers: Json[]): Json => ({
    class_name: 'Functional',
    config: {
      name: 'f',
      layers: [
        {
          class_name: 'InputLayer',
          name: 'x',
          config: { name: 'x', batch_input_shape: [null, 4] },
          inbound_nodes: [],
        },
        ...layers,
      ],
      input_layers: [['x', 0, 0]],
      output_layers: [[layers.at(-1)?.name, 0, 0]],
    },
  });
  const dense = (name: string, from: string, node = 0): Json => ({
    class_name: 'Dense',
    name,
    config: { name, units: 2 },
    inbound_nodes: [[[from, node, 0, {}]]],
  });

  it('functional models whose calls can never happen (TF.js would loop for ever)', () => {
    expect(sizeTopology(functional(dense('a', 'x'))).params).toBe(10);
    for (const [topology, layer] of [
      [functional(dense('a', 'nowhere')), 'a'],
      [functional(dense('a', 'b'), dense('b', 'a')), 'a'],
      [functional(dense('a', 'x', 1)), 'a'],
    ] as const) {
      expect(refusal(() => sizeTopology(topology))).toEqual({
        code: 'ImportInvalid.connections',
        params: { layer },
      });
    }
  });
});
