/**
 * "Inside the model": what every layer of a model made of one 28 × 28 input (the book's figure
 * 4.2 for real), and the arithmetic behind one number of a conv2d or max-pooling output
 * (figures 4.3–4.5). The worker fills an `InsideView` in one pass (src/worker/predict/inside.ts);
 * the functions here recompute one output value from the layer below, so the page can show the
 * patch, the filter, the products and their sum, and a test can check them against the model.
 */
import { IMAGE_SIZE } from './mnist.ts';
import type { PredictionModel } from './protocol.ts';

/** What the view knows how to draw; imported models may hold other layers (`other`). */
export type InsideLayerKind = 'conv2d' | 'maxPooling2d' | 'flatten' | 'dense' | 'dropout' | 'other';

/** One layer's output for the input, and what is needed to recompute a value of it. */
export interface InsideLayer {
  /** The layer's name, as in the model's summary table (`conv2d_1`, `max_pooling2d_1`, …). */
  name: string;
  kind: InsideLayerKind;
  /** TF.js class name (`Conv2D`, `MaxPooling2D`, `Flatten`, `Dense`, `Dropout`, …). */
  className: string;
  /** Output shape without the batch dimension: `[height, width, channels]` or `[units]`. */
  shape: number[];
  params: number;
  /** The output, row-major in `shape` (height, width, channel for maps). */
  values: Float32Array;
  /** Smallest and largest value of `values`. */
  min: number;
  max: number;
  /** Activation applied after the layer's sum (`relu`, `softmax`, `linear`, …), conv2d and dense. */
  activation?: string;
  /** conv2d: the kernel, `[kh, kw, inChannels, filters]` row-major, and one bias per filter. */
  kernel?: Float32Array;
  kernelShape?: [number, number, number, number];
  bias?: Float32Array;
  /** conv2d and maxPooling2d: window size, strides and padding. */
  window?: [number, number];
  strides?: [number, number];
  padding?: 'valid' | 'same' | 'causal';
}

/**
 * Which ink made the model see one digit: for each pixel, how much the digit's logit (its score
 * before the softmax) falls when the 3 × 3 square around the pixel is blanked.
 */
export interface Saliency {
  digit: number;
  /** `784` values, logit drops, row-major 28 × 28 (0 where blanking changes nothing). */
  values: Float32Array;
  /** Largest absolute value (the colour scale's bound). */
  maxAbs: number;
}

/** What a model made of one input: every layer, the answer, and why. */
export interface InsideView {
  /** The 28 × 28 input, 0–1, row-major. */
  input: Float32Array;
  layers: InsideLayer[];
  /** The last layer's output: probabilities of 0–9. */
  probabilities: number[];
  /** The most likely digit. */
  digit: number;
  /** Saliency for `digit`. */
  saliency: Saliency;
  /** Worker time for the whole view, ms. */
  ms: number;
  /** The model that was looked into (a reading's view), or the epoch it had finished (training). */
  model?: PredictionModel;
  epoch?: number;
}

/** A layer output (or the input) as a stack of maps: height, width, channels, values. */
export interface MapStack {
  shape: number[];
  values: Float32Array;
}

/** The input as the stack the first layer reads: `[28, 28, 1]`. */
export function inputStack(view: InsideView): MapStack {
  return { shape: [IMAGE_SIZE, IMAGE_SIZE, 1], values: view.input };
}

/** What layer `index` of `view` reads: the previous layer's output, or the input. */
export function stackBelow(view: InsideView, index: number): MapStack {
  return index === 0 ? inputStack(view) : view.layers[index - 1];
}

/** Value at row `y`, column `x`, channel `c` of a `[h, w, c]` stack. */
export function valueAt(stack: MapStack, y: number, x: number, c: number): number {
  const [, width, channels] = stack.shape;
  return stack.values[(y * width + x) * channels + c];
}

/** Channel `c` of a `[h, w, c]` stack: its values, range and strongest position. */
export function mapOf(stack: MapStack, c: number) {
  const [height, width] = stack.shape;
  const values = new Float32Array(height * width);
  let max = -Infinity;
  let min = Infinity;
  let argmax = 0;
  for (let i = 0; i < values.length; i++) {
    const v = valueAt(stack, Math.floor(i / width), i % width, c);
    values[i] = v;
    if (v > max) [max, argmax] = [v, i];
    if (v < min) min = v;
  }
  return {
    values,
    height,
    width,
    min,
    max,
    strongest: { y: Math.floor(argmax / width), x: argmax % width },
  };
}

/** One term of a conv2d sum: input value × weight, at a patch position and input channel. */
export interface ConvTerm {
  dy: number;
  dx: number;
  channel: number;
  input: number;
  weight: number;
  product: number;
}

/** How a conv2d output value comes about (figures 4.3–4.4). */
export interface ConvTrace {
  /** Top-left corner of the patch in the layer below. */
  top: number;
  left: number;
  /** Patch size. */
  rows: number;
  cols: number;
  /** Every product, channel by channel, row by row. Inputs outside a `same` padding read 0. */
  terms: ConvTerm[];
  /** Sum of `terms` for each input channel. */
  channelSums: number[];
  sum: number;
  bias: number;
  /** Sum + bias, then after the activation (the map's value). */
  preActivation: number;
  value: number;
}

/** Applies a pointwise activation by name (`relu`, `linear`; others as TF.js defines them). */
export function activate(name: string | undefined, x: number): number {
  switch (name ?? 'linear') {
    case 'relu':
      return Math.max(0, x);
    case 'relu6':
      return Math.min(6, Math.max(0, x));
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'elu':
      return x >= 0 ? x : Math.exp(x) - 1;
    default:
      return x;
  }
}

/** Offset of the first window for `same` padding, as TF.js computes it. */
function padBefore(padding: InsideLayer['padding'], inSize: number, size: number, stride: number) {
  if (padding !== 'same') return 0;
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max((outSize - 1) * stride + size - inSize, 0);
  return Math.floor(total / 2);
}

/** Recomputes output (`y`, `x`, filter `f`) of conv2d `layer` from the stack below it. */
export function traceConv(below: MapStack, layer: InsideLayer, y: number, x: number, f: number) {
  const { kernel, kernelShape, bias } = layer;
  if (!kernel || !kernelShape) throw new Error(`${layer.name} is not a conv2d layer`);
  const [rows, cols, inChannels, filters] = kernelShape;
  const [sy, sx] = layer.strides ?? [1, 1];
  const [inH, inW] = below.shape;
  const top = y * sy - padBefore(layer.padding, inH, rows, sy);
  const left = x * sx - padBefore(layer.padding, inW, cols, sx);
  const terms: ConvTerm[] = [];
  const channelSums = new Array<number>(inChannels).fill(0);
  let sum = 0;
  for (let channel = 0; channel < inChannels; channel++) {
    for (let dy = 0; dy < rows; dy++) {
      for (let dx = 0; dx < cols; dx++) {
        const iy = top + dy;
        const ix = left + dx;
        const inside = iy >= 0 && ix >= 0 && iy < inH && ix < inW;
        const input = inside ? valueAt(below, iy, ix, channel) : 0;
        const weight = kernel[((dy * cols + dx) * inChannels + channel) * filters + f];
        const product = input * weight;
        terms.push({ dy, dx, channel, input, weight, product });
        channelSums[channel] += product;
        sum += product;
      }
    }
  }
  const b = bias?.[f] ?? 0;
  const preActivation = sum + b;
  return {
    top,
    left,
    rows,
    cols,
    terms,
    channelSums,
    sum,
    bias: b,
    preActivation,
    value: activate(layer.activation, preActivation),
  } satisfies ConvTrace;
}

/** How a max-pooling output value comes about (figure 4.5). */
export interface PoolTrace {
  top: number;
  left: number;
  rows: number;
  cols: number;
  /** The window's values, row by row (outside a `same` padding: `-Infinity`, never chosen). */
  window: number[];
  /** Index in `window` of the largest value (the first, on ties). */
  winner: number;
  value: number;
}

/** Recomputes output (`y`, `x`, channel `c`) of max-pooling `layer` from the stack below. */
export function tracePool(below: MapStack, layer: InsideLayer, y: number, x: number, c: number) {
  const [rows, cols] = layer.window ?? [2, 2];
  const [sy, sx] = layer.strides ?? [rows, cols];
  const [inH, inW] = below.shape;
  const top = y * sy - padBefore(layer.padding, inH, rows, sy);
  const left = x * sx - padBefore(layer.padding, inW, cols, sx);
  const window: number[] = [];
  let winner = 0;
  for (let dy = 0; dy < rows; dy++) {
    for (let dx = 0; dx < cols; dx++) {
      const iy = top + dy;
      const ix = left + dx;
      const inside = iy >= 0 && ix >= 0 && iy < inH && ix < inW;
      window.push(inside ? valueAt(below, iy, ix, c) : -Infinity);
      if (window[window.length - 1] > window[winner]) winner = window.length - 1;
    }
  }
  return { top, left, rows, cols, window, winner, value: window[winner] } satisfies PoolTrace;
}

/** The share of `|saliency|` that lies on pixels where `input` holds ink (above `threshold`). */
export function saliencyOnInk(saliency: Saliency, input: Float32Array, threshold = 0.2): number {
  let onInk = 0;
  let total = 0;
  saliency.values.forEach((v, i) => {
    total += Math.abs(v);
    if (input[i] > threshold) onInk += Math.abs(v);
  });
  return total > 0 ? onInk / total : 0;
}
