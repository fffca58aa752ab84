/**
 * What each Keras layer type of an imported model makes, worked out from its config alone, the
 * way TF.js 4.22 (tfjs-layers) builds it: its output shape and the shapes of its weights, in the
 * order TF.js creates them. Nothing here allocates a tensor; `model-topology.ts` walks a model
 * with these rules before any TF.js code sees the JSON.
 *
 * Shapes include the batch dimension first (`null`). Settings are read as TF.js reads them
 * (`layer-settings.ts`), with TF.js' defaults.
 */
import {
  isInt,
  LayerSettings,
  type LayerRule,
  type LayerWeight,
  type Shape,
} from './layer-settings.ts';

export type { LayerOutcome, LayerRule, Shape } from './layer-settings.ts';

/** The one input of a single-input layer, of rank `rank` (or at least `minRank`). */
function oneInput(layer: LayerSettings, inputs: Shape[], rank?: number, minRank = 2): Shape {
  if (inputs.length !== 1) layer.refuseInput(inputs[1] ?? []);
  const [input] = inputs;
  if (rank !== undefined ? input.length !== rank : input.length < minRank) {
    layer.refuseInput(input);
  }
  return input;
}

/** A dimension the layer's weights depend on: it must be known. */
function knownDim(layer: LayerSettings, input: Shape, axis: number): number {
  const dim = input.at(axis);
  return typeof dim === 'number' ? dim : layer.refuseInput(input);
}

/** TF.js' `convOutputLength`, refusing a window larger than its input. */
function convLength(
  layer: LayerSettings,
  input: Shape,
  length: number | null,
  size: number,
  padding: 'valid' | 'same',
  stride: number,
  dilation = 1,
): number | null {
  if (length === null) return null;
  const dilated = size + (size - 1) * (dilation - 1);
  const out = Math.floor(
    ((padding === 'same' ? length : length - dilated + 1) + stride - 1) / stride,
  );
  return out > 0 ? out : layer.refuseInput(input);
}

/** The settings every 2-D convolution and pooling shares, and its output's spatial size. */
function spatial2d(
  layer: LayerSettings,
  inputs: Shape[],
  window: number[],
  strides: number[],
  dilation: number[] = [1, 1],
): { input: Shape; channels: number; first: boolean; rows: (number | null)[] } {
  const input = oneInput(layer, inputs, 4);
  const first = layer.choice('dataFormat', ['channelsLast', 'channelsFirst']) === 'channelsFirst';
  const padding = layer.choice('padding', ['valid', 'same']);
  const space = first ? input.slice(2) : input.slice(1, 3);
  const rows = space.map((d, i) =>
    convLength(layer, input, d, window[i], padding, strides[i], dilation[i]),
  );
  return { input, channels: knownDim(layer, input, first ? 1 : 3), first, rows };
}

/** `[batch, ...rows, channels]` or `[batch, channels, ...rows]`. */
const image = (input: Shape, rows: (number | null)[], channels: number | null, first: boolean) =>
  first ? [input[0], channels, ...rows] : [input[0], ...rows, channels];

/** A layer that passes its one input through unchanged in shape and has no weights. */
const sameShape: LayerRule = (layer, inputs) => ({
  output: oneInput(layer, inputs, undefined, 1),
  weights: [],
});

const withBias = (layer: LayerSettings, weights: LayerWeight[], size: number) =>
  layer.bool('useBias', true) ? [...weights, { name: 'bias', shape: [size] }] : weights;

const dense: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs);
  const units = layer.int('units');
  const weights = [{ name: 'kernel', shape: [knownDim(layer, input, -1), units] }];
  return { output: [...input.slice(0, -1), units], weights: withBias(layer, weights, units) };
};

/** A convolution's window over its input: strides and dilation read from the layer. */
const convWindow = (
  layer: Parameters<LayerRule>[0],
  inputs: Parameters<LayerRule>[1],
  kernel: number[],
) =>
  spatial2d(layer, inputs, kernel, layer.ints('strides', 2, 1), layer.ints('dilationRate', 2, 1));

const conv2d: LayerRule = (layer, inputs) => {
  const filters = layer.int('filters');
  const kernel = layer.ints('kernelSize', 2);
  const { input, channels, first, rows } = convWindow(layer, inputs, kernel);
  const weights = [{ name: 'kernel', shape: [...kernel, channels, filters] }];
  return { output: image(input, rows, filters, first), weights: withBias(layer, weights, filters) };
};

const depthwiseConv2d: LayerRule = (layer, inputs) => {
  const kernel = layer.ints('kernelSize', 2);
  const multiplier = layer.int('depthMultiplier', 1);
  const { input, channels, first, rows } = convWindow(layer, inputs, kernel);
  const out = channels * multiplier;
  const weights = [{ name: 'depthwise_kernel', shape: [...kernel, channels, multiplier] }];
  return { output: image(input, rows, out, first), weights: withBias(layer, weights, out) };
};

const separableConv2d: LayerRule = (layer, inputs) => {
  const filters = layer.int('filters');
  const kernel = layer.ints('kernelSize', 2);
  const multiplier = layer.int('depthMultiplier', 1);
  const { input, channels, first, rows } = convWindow(layer, inputs, kernel);
  const weights = [
    { name: 'depthwise_kernel', shape: [...kernel, channels, multiplier] },
    { name: 'pointwise_kernel', shape: [1, 1, channels * multiplier, filters] },
  ];
  return { output: image(input, rows, filters, first), weights: withBias(layer, weights, filters) };
};

const pooling2d: LayerRule = (layer, inputs) => {
  const size = layer.ints('poolSize', 2, 2);
  const strides = layer.get('strides') == null ? size : layer.ints('strides', 2);
  const { input, channels, first, rows } = spatial2d(layer, inputs, size, strides);
  return { output: image(input, rows, channels, first), weights: [] };
};

const globalPooling2d: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs, 4);
  const first = layer.choice('dataFormat', ['channelsLast', 'channelsFirst']) === 'channelsFirst';
  return { output: [input[0], first ? input[1] : input[3]], weights: [] };
};

/** Elements per example of a fully known shape. */
const perExample = (layer: LayerSettings, input: Shape) =>
  input.slice(1).reduce<number>((n, _, i) => n * knownDim(layer, input, i + 1), 1);

const flatten: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs, undefined, 3);
  return { output: [input[0], perExample(layer, input)], weights: [] };
};

const reshape: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs, undefined, 1);
  const value = layer.get('targetShape');
  // -1 (or null) is the one dimension worked out from the others.
  const target = (Array.isArray(value) && value.length > 0 ? value : [0]).map((d: unknown) =>
    d === -1 ? null : d,
  );
  const unknown = target.filter((d) => d === null).length;
  if (unknown > 1 || !target.every((d) => d === null || isInt(d, 1))) layer.refuse('targetShape');
  const known = (target as (number | null)[]).reduce<number>((n, d) => n * (d ?? 1), 1);
  if (input.slice(1).every((d) => d !== null)) {
    const size = perExample(layer, input);
    if (unknown ? size % known !== 0 : size !== known) layer.refuseInput(input);
  }
  // TF.js leaves the worked-out dimension unknown in the layer's output shape (its
  // `computeOutputShape` sees the batch's null and gives up), so a Flatten after it fails.
  return { output: [input[0], ...(target as (number | null)[])], weights: [] };
};

const permute: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs);
  const dims = layer.get('dims');
  const rank = input.length - 1;
  if (
    !Array.isArray(dims) ||
    dims.length !== rank ||
    [...dims].sort((a, b) => a - b).some((d, i) => d !== i + 1)
  ) {
    layer.refuse('dims');
  }
  return { output: [input[0], ...(dims as number[]).map((d) => input[d])], weights: [] };
};

/** `[[top, bottom], [left, right]]` from a number, a pair or a pair of pairs. */
function sides(layer: LayerSettings, key: string, fallback?: number): number[][] {
  const value = layer.get(key) ?? fallback;
  const pairs =
    typeof value === 'number'
      ? [
          [value, value],
          [value, value],
        ]
      : Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')
        ? [
            [value[0], value[0]],
            [value[1], value[1]],
          ]
        : value;
  const valid =
    Array.isArray(pairs) &&
    pairs.length === 2 &&
    pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => isInt(v, 0)));
  return valid ? (pairs as number[][]) : layer.refuse(key);
}

/** Adds `by[i][0] + by[i][1]` (times `sign`) to each spatial dimension of a 2-D image. */
function resize2d(layer: LayerSettings, inputs: Shape[], by: number[][], sign: 1 | -1) {
  const input = oneInput(layer, inputs, 4);
  const first = layer.choice('dataFormat', ['channelsLast', 'channelsFirst']) === 'channelsFirst';
  const rows = (first ? input.slice(2) : input.slice(1, 3)).map((d, i) => {
    if (d === null) return null;
    const out = d + sign * (by[i][0] + by[i][1]);
    return out > 0 ? out : layer.refuseInput(input);
  });
  return { output: image(input, rows, first ? input[1] : input[3], first), weights: [] };
}

const upSampling2d: LayerRule = (layer, inputs) => {
  const size = layer.get('size') ?? [2, 2];
  // TF.js reads `size` as a pair only (a single number gives NaN shapes).
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => isInt(v, 1))) {
    layer.refuse('size');
  }
  const input = oneInput(layer, inputs, 4);
  const first = layer.choice('dataFormat', ['channelsLast', 'channelsFirst']) === 'channelsFirst';
  const rows = (first ? input.slice(2) : input.slice(1, 3)).map((d, i) =>
    d === null ? null : d * (size as number[])[i],
  );
  return { output: image(input, rows, first ? input[1] : input[3], first), weights: [] };
};

/** An axis setting resolved against a rank: -1 is the last axis. */
function axisOf(layer: LayerSettings, key: string, value: unknown, rank: number): number {
  if (!Number.isSafeInteger(value)) layer.refuse(key);
  const axis = (value as number) < 0 ? (value as number) + rank : (value as number);
  return axis >= 1 && axis < rank ? axis : layer.refuse(key);
}

const batchNormalization: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs);
  let value = layer.get('axis') ?? -1;
  // tf.keras writes `axis: [3]`; TF.js reads a one-element list only when it is not negative.
  if (Array.isArray(value) && value.length === 1 && isInt(value[0], 0)) value = value[0];
  const dim = knownDim(layer, input, axisOf(layer, 'axis', value, input.length));
  const weights: LayerWeight[] = [];
  if (layer.bool('scale', true)) weights.push({ name: 'gamma', shape: [dim] });
  if (layer.bool('center', true)) weights.push({ name: 'beta', shape: [dim] });
  weights.push({ name: 'moving_mean', shape: [dim] }, { name: 'moving_variance', shape: [dim] });
  return { output: input, weights };
};

const layerNormalization: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs);
  const value = layer.get('axis') ?? -1;
  const axes = (Array.isArray(value) ? value : [value]).map((a) =>
    axisOf(layer, 'axis', a, input.length),
  );
  if (axes.length === 0 || new Set(axes).size !== axes.length) layer.refuse('axis');
  const shape = axes.map((a) => knownDim(layer, input, a));
  const weights: LayerWeight[] = [];
  if (layer.bool('scale', true)) weights.push({ name: 'gamma', shape });
  if (layer.bool('center', true)) weights.push({ name: 'beta', shape });
  return { output: input, weights };
};

const prelu: LayerRule = (layer, inputs) => {
  const input = oneInput(layer, inputs);
  const value = layer.get('sharedAxes');
  const shared = value == null ? [] : Array.isArray(value) ? value : [value];
  if (!shared.every((a) => isInt(a, 1) && a < input.length)) layer.refuse('sharedAxes');
  const shape = input
    .slice(1)
    .map((_, i) => (shared.includes(i + 1) ? 1 : knownDim(layer, input, i + 1)));
  return { output: input, weights: [{ name: 'alpha', shape }] };
};

/** The inputs of a merge layer: at least two, of one rank. */
function mergeInputs(layer: LayerSettings, inputs: Shape[]): Shape[] {
  if (inputs.length < 2 || inputs.some((s) => s.length !== inputs[0].length)) {
    layer.refuseInput(inputs.find((s) => s.length !== inputs[0].length) ?? inputs[0] ?? []);
  }
  return inputs;
}

/** Add, Multiply, Average, Maximum, Minimum: same shapes, or 1 where one broadcasts. */
const elementwise: LayerRule = (layer, inputs) => {
  const shapes = mergeInputs(layer, inputs);
  const output = shapes[0].map((_, axis) => {
    const dims = shapes.map((s) => s[axis]);
    const sizes = new Set(dims.filter((d) => d !== 1));
    if (sizes.size > 1) layer.refuseInput(shapes.find((s) => s[axis] !== dims[0]) ?? shapes[0]);
    return sizes.size ? [...sizes][0] : 1;
  });
  return { output, weights: [] };
};

const concatenate: LayerRule = (layer, inputs) => {
  const shapes = mergeInputs(layer, inputs);
  const axis = axisOf(layer, 'axis', layer.get('axis') ?? -1, shapes[0].length);
  const output = shapes[0].map((d, i) => {
    if (i === axis) return shapes.reduce((n, s) => n + knownDim(layer, s, axis), 0);
    const other = shapes.find((s) => s[i] !== d);
    return other ? layer.refuseInput(other) : d;
  });
  return { output, weights: [] };
};

/**
 * The layer types MNIST Studio can size, by Keras class name. Others (recurrent, 1-D and 3-D
 * layers, nested models, custom layers) are refused: their size cannot be bounded here.
 */
export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  Dense: dense,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  MaxPooling2D: pooling2d,
  AveragePooling2D: pooling2d,
  GlobalMaxPooling2D: globalPooling2d,
  GlobalAveragePooling2D: globalPooling2d,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  ZeroPadding2D: (layer, inputs) => resize2d(layer, inputs, sides(layer, 'padding', 1), 1),
  Cropping2D: (layer, inputs) => resize2d(layer, inputs, sides(layer, 'cropping'), -1),
  UpSampling2D: upSampling2d,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  PReLU: prelu,
  Activation: sameShape,
  ReLU: sameShape,
  LeakyReLU: sameShape,
  ELU: sameShape,
  Softmax: sameShape,
  ThresholdedReLU: sameShape,
  Dropout: sameShape,
  AlphaDropout: sameShape,
  GaussianDropout: sameShape,
  GaussianNoise: sameShape,
  Rescaling: sameShape,
  Add: elementwise,
  Multiply: elementwise,
  Average: elementwise,
  Maximum: elementwise,
  Minimum: elementwise,
  Concatenate: concatenate,
};
