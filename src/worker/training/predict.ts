/** Batched inference over stored MNIST bytes, one float batch at a time. */
import { tensor4d, tidy, type Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../shared/mnist.ts';
import { fillImageBatch } from '../data/mnist-data.ts';
import { throwIfAborted } from '../../shared/errors.ts';
import { yieldToEventLoop } from './control.ts';

/** Images per inference batch: big enough to keep kernels busy, small enough for phones. */
export const PREDICT_BATCH = 500;

/**
 * Runs `model` on the images at `indices` of `pixels` (`N × 784` bytes), `PREDICT_BATCH` at a
 * time, and hands each batch's probabilities (`[n, 10]`, row-major) to `onBatch` with the
 * batch's offset in `indices`. Yields to the event loop between batches, and stops there with an
 * `AbortError` once `signal` is aborted.
 */
export async function predictInBatches(
  model: LayersModel,
  pixels: Uint8Array,
  indices: Uint32Array,
  onBatch: (probs: Float32Array, offset: number, count: number) => void,
  batchSize = PREDICT_BATCH,
  signal?: AbortSignal,
): Promise<void> {
  const buffer = new Float32Array(batchSize * IMAGE_PIXELS);
  for (let offset = 0; offset < indices.length; offset += batchSize) {
    throwIfAborted(signal);
    const batch = indices.subarray(offset, Math.min(offset + batchSize, indices.length));
    fillImageBatch(pixels, batch, buffer);
    const probs = tidy(
      () =>
        model.predict(
          tensor4d(buffer.subarray(0, batch.length * IMAGE_PIXELS), [
            batch.length,
            IMAGE_SIZE,
            IMAGE_SIZE,
            1,
          ]),
        ) as Tensor,
    );
    try {
      onBatch((await probs.data()) as Float32Array, offset, batch.length);
    } finally {
      probs.dispose();
    }
    await yieldToEventLoop();
  }
}
