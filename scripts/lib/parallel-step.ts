/**
 * Data-parallel training steps for Node (`npm run train -- --threads N`): TF.js' WASM backend
 * runs one thread per process in Node (TF.js turns its threaded build off there,
 * tensorflow/tfjs#3830), so the batch is shared instead. Each step, the main thread and N − 1
 * `node:worker_threads` workers (./parallel-worker.ts, each with its own WASM backend, our
 * kernels and a copy of the model) compute the gradients of their share of the batch; the main
 * thread sums them, weighted by share size — the gradient of the whole batch's mean loss, as
 * `trainOnBatch` computes it — and applies them with the model's own optimizer (its learning
 * rate and state), then sends the new weights with the next step's shares. It plugs into the
 * app's training loop as its `trainStep`; everything else (shuffle, recipes, validation, best
 * epoch, test) is the same code as in the browser.
 */
import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../src/shared/mnist.ts';
import type { ModelName } from '../../src/shared/models.ts';
import type { TrainStep } from '../../src/worker/training/train.ts';
import {
  shareGradients,
  trainableVariables,
  type ShareRequest,
  type ShareResult,
} from './parallel-share.ts';
import { tsWorker } from './ts-worker.ts';

/** The shares of `n` examples between `threads` (sizes differ by at most one; none empty). */
export function shareSizes(n: number, threads: number): number[] {
  const count = Math.max(1, Math.min(threads, n));
  return Array.from({ length: count }, (_, i) => Math.floor(n / count) + (i < n % count ? 1 : 0));
}

/** A training step over `threads` threads (this one included), and how to end the workers. */
export interface ParallelStep {
  step: TrainStep;
  threads: number;
  close(): Promise<void>;
}

/** Starts `threads − 1` workers holding `modelName` and returns the step that uses them. */
export async function parallelStep(
  model: LayersModel,
  modelName: ModelName,
  threads: number,
): Promise<ParallelStep> {
  const workers = await Promise.all(
    Array.from({ length: threads - 1 }, async () => {
      const worker = tsWorker(new URL('./parallel-worker.ts', import.meta.url), { modelName });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      return worker;
    }),
  );
  const variables = trainableVariables(model);
  const optimizer = model.optimizer;
  const currentWeights = () => variables.map((v) => v.dataSync() as Float32Array);
  /** The weights after the last update, for the workers' next shares (null: unchanged). */
  let pending: Float32Array[] | null = workers.length > 0 ? currentWeights() : null;

  const ask = (worker: Worker, request: ShareRequest) =>
    new Promise<ShareResult>((resolve, reject) => {
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      const onMessage = (result: ShareResult) => {
        worker.off('error', onError);
        resolve(result);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      const buffers = [request.images.buffer, request.labels.buffer];
      worker.postMessage(request, buffers as ArrayBuffer[]);
    });

  const step: TrainStep = async (images, labels, n) => {
    const sizes = shareSizes(n, workers.length + 1);
    let first = sizes[0];
    // Every worker gets its share (copied out of the loop's reused buffers) and, after an
    // update, the new weights; this thread computes the first share meanwhile.
    const answers = sizes.slice(1).map((size, k) => {
      const request: ShareRequest = {
        images: images.slice(first * IMAGE_PIXELS, (first + size) * IMAGE_PIXELS),
        labels: labels.slice(first * NUM_CLASSES, (first + size) * NUM_CLASSES),
        n: size,
        weights: pending ?? undefined,
      };
      first += size;
      return ask(workers[k], request);
    });
    const own = shareGradients(model, variables, images, labels, sizes[0]);
    const others = await Promise.all(answers);
    pending = null;
    const results = [own, ...others];
    // The shares' gradients, weighted by share size, summed into the first share's arrays.
    const total = variables.map((v, i) => {
      const sum = own.grads[i];
      for (let j = 0; j < sum.length; j++) sum[j] *= sizes[0] / n;
      others.forEach((r, k) => {
        const weight = sizes[k + 1] / n;
        for (let j = 0; j < sum.length; j++) sum[j] += r.grads[i][j] * weight;
      });
      return tf.tensor(sum, v.shape);
    });
    optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: total[i] })));
    tf.dispose(total);
    if (workers.length > 0) pending = currentWeights();
    const loss = results.reduce((sum, r, k) => sum + r.loss * sizes[k], 0) / n;
    const correct = results.reduce((sum, r) => sum + r.correct, 0);
    return [loss, correct / n];
  };

  return {
    step,
    threads: workers.length + 1,
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
