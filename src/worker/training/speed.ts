/** Training speed of a model on the current backend, timed on real training batches. */
import { dispose, tensor2d, tensor4d } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../../shared/mnist.ts';
import { fillImageBatch, fillOneHotBatch, range, type MnistData } from '../data/mnist-data.ts';
import { throwIfAborted } from '../../shared/errors.ts';
import { yieldToEventLoop } from './control.ts';

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times `batches` training steps of a compiled model at `batchSize` after `warmup` untimed ones
 * (shader compilation, first allocations), on real MNIST images when `data` is given and on
 * random pixels otherwise. Returns the median milliseconds per batch.
 */
export async function timeTrainingBatches(
  model: LayersModel,
  batchSize: number,
  batches: number,
  data?: MnistData,
  warmup = 1,
  signal?: AbortSignal,
): Promise<number> {
  const images = new Float32Array(batchSize * IMAGE_PIXELS);
  const labels = new Float32Array(batchSize * NUM_CLASSES);
  if (data) {
    const indices = range(0, batchSize);
    fillImageBatch(data.trainImages, indices, images);
    fillOneHotBatch(data.trainLabels, indices, labels);
  } else {
    for (let i = 0; i < images.length; i++) images[i] = Math.random();
    for (let i = 0; i < batchSize; i++) labels[i * NUM_CLASSES + (i % NUM_CLASSES)] = 1;
  }
  const times: number[] = [];
  for (let i = 0; i < warmup + batches; i++) {
    throwIfAborted(signal);
    const xs = tensor4d(images, [batchSize, IMAGE_SIZE, IMAGE_SIZE, 1]);
    const ys = tensor2d(labels, [batchSize, NUM_CLASSES]);
    const start = performance.now();
    try {
      await model.trainOnBatch(xs, ys);
    } finally {
      dispose([xs, ys]);
    }
    if (i >= warmup) times.push(performance.now() - start);
    await yieldToEventLoop();
  }
  return median(times);
}
