/**
 * Inside the model: every layer's output for one 28 × 28 input in one pass (a model that has
 * every layer's output as an output, built once per model), each conv2d layer's kernel and bias,
 * and a saliency map (how much each patch of ink moves a digit's logit, by occlusion).
 */
import {
  add,
  dispose,
  matMul,
  slice,
  tensor4d,
  tidy,
  type Tensor,
  type Tensor2D,
  type Tensor4D,
} from '@tensorflow/tfjs-core';
import { model as functionalModel, type LayersModel } from '@tensorflow/tfjs-layers';
import type { InsideLayer, InsideLayerKind, InsideView, Saliency } from '../../shared/inside.ts';
import { StudioError } from '../../shared/errors.ts';
import { IMAGE_SIZE } from '../../shared/mnist.ts';

/** Layers the view draws, by TF.js class name. */
const KINDS: Record<string, InsideLayerKind> = {
  Conv2D: 'conv2d',
  MaxPooling2D: 'maxPooling2d',
  Flatten: 'flatten',
  Dense: 'dense',
  Dropout: 'dropout',
};

/** One model per model inspected, with every layer's output as an output. */
const everyOutput = new WeakMap<LayersModel, LayersModel>();

function everyOutputOf(model: LayersModel): LayersModel {
  let inspector = everyOutput.get(model);
  if (!inspector) {
    inspector = functionalModel({
      inputs: model.inputs,
      outputs: model.layers.map((layer) => layer.output as never),
    });
    everyOutput.set(model, inspector);
  }
  return inspector;
}

/** A layer's configuration, as much of it as the view reads. */
interface LayerConfig {
  activation?: string;
  strides?: number | number[];
  poolSize?: number | number[];
  padding?: InsideLayer['padding'];
}

const pair = (v: number | number[] | undefined, fallback: number): [number, number] =>
  v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/** Smallest and largest of `values`. */
function rangeOf(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Every layer's output for `pixels` (784 values, 0–1) with what the page needs to draw and
 * recompute them. Read with `data()`, never `dataSync()`: WebGPU's synchronous read goes
 * through canvases and lost the device on SwiftShader (the run then fell back to WASM). The
 * caller holds the model until it settles.
 */
export async function inspectLayers(
  model: LayersModel,
  pixels: Float32Array,
): Promise<InsideLayer[]> {
  const inspector = everyOutputOf(model);
  const tensors = tidy(() => {
    const result = inspector.predict(tensor4d(pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]));
    return Array.isArray(result) ? result : [result];
  });
  let outputs: Float32Array[];
  try {
    outputs = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  } finally {
    dispose(tensors);
  }
  // The layers' own weights (not copies: never disposed here), read without blocking.
  const weights = await Promise.all(
    model.layers.map((layer) =>
      KINDS[layer.getClassName()] === 'conv2d'
        ? Promise.all(layer.getWeights().map((w) => w.data() as Promise<Float32Array>))
        : [],
    ),
  );
  return model.layers.map((layer, i) => {
    const className = layer.getClassName();
    const kind = KINDS[className] ?? 'other';
    const config = layer.getConfig() as LayerConfig;
    const values = outputs[i];
    const shape = (layer.outputShape as (number | null)[]).slice(1) as number[];
    const described: InsideLayer = {
      name: layer.name,
      kind,
      className,
      shape,
      params: layer.countParams(),
      values,
      ...rangeOf(values),
    };
    if (kind === 'conv2d' || kind === 'dense') described.activation = config.activation;
    if (kind === 'conv2d') {
      const [kernel, bias] = weights[i];
      described.kernel = kernel;
      described.kernelShape = layer.getWeights()[0].shape as [number, number, number, number];
      described.bias = bias;
      described.window = [described.kernelShape[0], described.kernelShape[1]];
      described.strides = pair(config.strides, 1);
      described.padding = config.padding;
    } else if (kind === 'maxPooling2d') {
      described.window = pair(config.poolSize, 2);
      described.strides = pair(config.strides ?? config.poolSize, 2);
      described.padding = config.padding;
    }
    return described;
  });
}

/**
 * The logits of `model` for `input`: every layer applied in turn, and the last one's sum before
 * its softmax (a probability near 1 has almost no gradient; its logit has). Sequential models
 * only, which is what the view accepts.
 */
function logitsOf(model: LayersModel, input: Tensor4D): Tensor2D {
  const layers = model.layers;
  let x: Tensor = input;
  for (const layer of layers.slice(0, -1)) x = layer.apply(x, { training: false }) as Tensor;
  const last = layers[layers.length - 1];
  const config = last.getConfig() as LayerConfig;
  if (last.getClassName() === 'Dense' && config.activation === 'softmax') {
    const [kernel, bias] = last.getWeights();
    const z = matMul(x as Tensor2D, kernel as Tensor2D);
    return (bias ? add(z, bias) : z) as Tensor2D;
  }
  return last.apply(x, { training: false }) as Tensor2D;
}

/** Half the side of the square blanked around each pixel for the saliency map (3 × 3). */
const OCCLUSION_RADIUS = 1;
/** Occluded copies per forward pass (bounds the memory of one pass). */
const OCCLUSION_BATCH = 256;

/**
 * Which pixels made the model see `digit`, by occlusion: for each pixel, how much `digit`'s
 * logit falls when the 3 × 3 square around it is blanked (set to the background, 0). Positive:
 * that ink argues for `digit`; negative: against it. A square with no ink changes nothing, so
 * only squares that touch ink are tried (a drawn 1 needs about 150 copies, not 784).
 */
export async function saliencyOf(
  model: LayersModel,
  pixels: Float32Array,
  digit: number,
): Promise<Saliency> {
  const values = new Float32Array(pixels.length);
  const square = (center: number, visit: (i: number) => void) => {
    const cy = Math.floor(center / IMAGE_SIZE);
    const cx = center % IMAGE_SIZE;
    for (let y = cy - OCCLUSION_RADIUS; y <= cy + OCCLUSION_RADIUS; y++) {
      for (let x = cx - OCCLUSION_RADIUS; x <= cx + OCCLUSION_RADIUS; x++) {
        if (y >= 0 && x >= 0 && y < IMAGE_SIZE && x < IMAGE_SIZE) visit(y * IMAGE_SIZE + x);
      }
    }
  };
  const centers: number[] = [];
  for (let i = 0; i < pixels.length; i++) {
    let ink = false;
    square(i, (j) => (ink ||= pixels[j] > 0));
    if (ink) centers.push(i);
  }
  const logitOf = async (images: Float32Array, n: number) => {
    const logit = tidy(() =>
      slice(logitsOf(model, tensor4d(images, [n, IMAGE_SIZE, IMAGE_SIZE, 1])), [0, digit], [n, 1]),
    );
    try {
      return (await logit.data()) as Float32Array;
    } finally {
      logit.dispose();
    }
  };
  const [base] = await logitOf(pixels, 1);
  const images = new Float32Array(OCCLUSION_BATCH * pixels.length);
  for (let first = 0; first < centers.length; first += OCCLUSION_BATCH) {
    const chunk = centers.slice(first, first + OCCLUSION_BATCH);
    chunk.forEach((center, k) => {
      const image = images.subarray(k * pixels.length, (k + 1) * pixels.length);
      image.set(pixels);
      square(center, (j) => (image[j] = 0));
    });
    const occluded = await logitOf(images.subarray(0, chunk.length * pixels.length), chunk.length);
    chunk.forEach((center, k) => (values[center] = base - occluded[k]));
  }
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  return { digit, values, maxAbs };
}

/**
 * Refuses (`CannotInspect`) a model the view cannot show: it reads one 28 × 28 image through a
 * chain of layers the view knows.
 */
export function checkInspectable(model: LayersModel): void {
  const shape = model.inputs[0]?.shape;
  const chain =
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    shape?.length === 4 &&
    shape[1] === IMAGE_SIZE &&
    shape[2] === IMAGE_SIZE &&
    shape[3] === 1 &&
    model.layers.every((l) => l.inboundNodes.length === 1);
  const unknown = model.layers.find((l) => KINDS[l.getClassName()] === undefined);
  if (!chain || unknown) {
    throw new StudioError('CannotInspect', { layer: unknown?.getClassName() ?? 'Model' });
  }
}

/** The whole view of `model` on `pixels` (784 values, 0–1). */
export async function inspectModel(model: LayersModel, pixels: Float32Array): Promise<InsideView> {
  const start = performance.now();
  checkInspectable(model);
  const layers = await inspectLayers(model, pixels);
  const probabilities = Array.from(layers[layers.length - 1].values);
  const digit = probabilities.indexOf(Math.max(...probabilities));
  const saliency = await saliencyOf(model, pixels, digit);
  return {
    input: pixels,
    layers,
    probabilities,
    digit,
    saliency,
    ms: performance.now() - start,
  };
}

/** 784 pixels 0–255 as the model reads them, 0–1 (a fresh array, safe to transfer). */
export function toPixels(input: Uint8Array): Float32Array {
  if (input.length !== IMAGE_SIZE * IMAGE_SIZE) throw new RangeError('An image has 784 pixels.');
  return Float32Array.from(input, (v) => v / 255);
}

/** The typed arrays of `view`, for `Comlink.transfer`. */
export function insideBuffers(view: InsideView): ArrayBuffer[] {
  const arrays = [view.input, view.saliency.values];
  for (const layer of view.layers) {
    arrays.push(layer.values);
    if (layer.kernel) arrays.push(layer.kernel);
    if (layer.bias) arrays.push(layer.bias);
  }
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
