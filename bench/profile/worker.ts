/** The bench's profiling worker: the app's models and kernels, timed and profiled per kernel. */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { startWasmBackend } from '../../src/worker/backend/wasm-start.ts';
import { useBundledWasm } from '../../src/worker/backend/wasm-paths.ts';
import { useWasmKernels } from '../../src/worker/backend/wasm-kernels/index.ts';
import { stopKernelTeam, teamSize } from '../../src/worker/backend/wasm-kernels/team.ts';
import { buildModel, compileForTraining } from '../../src/worker/models/index.ts';
import { median, timeTrainingBatches } from '../../src/worker/training/speed.ts';
import type { KernelTime, ProfileRequest, ProfileResult } from './protocol.ts';

async function profile(request: ProfileRequest): Promise<ProfileResult> {
  const { backend, model: modelName, kernels, batchSize, steps, threads } = request;
  useBundledWasm();
  useWasmKernels(kernels);
  const started =
    backend === 'wasm'
      ? await startWasmBackend(threads || undefined)
      : await tf.setBackend(backend);
  if (!started) {
    throw new Error(`${backend} did not start`);
  }
  if (request.kernelHelpers === false) stopKernelTeam();
  const model = buildModel(modelName);
  compileForTraining(model, { optimizer: request.optimizer ?? 'rmsprop', learningRate: 0.001 });
  const stepMs = await timeTrainingBatches(model, batchSize, steps, undefined, 2);
  const xs = tf.randomUniform([batchSize, 28, 28, 1]);
  const ys = tf.oneHot(tf.randomUniform([batchSize], 0, 10, 'int32') as tf.Tensor1D, 10);
  const info = await tf.profile(async () => {
    await model.trainOnBatch(xs, ys);
  });
  tf.dispose([xs, ys]);
  const byName = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : NaN;
    entry.calls++;
    byName.set(k.name, entry);
  }
  const one = tf.randomUniform([1, 28, 28, 1]);
  const predictTimes: number[] = [];
  for (let i = 0; i < 60; i++) {
    const start = performance.now();
    const p = model.predict(one) as tf.Tensor;
    await p.data();
    p.dispose();
    if (i >= 10) predictTimes.push(performance.now() - start);
  }
  one.dispose();
  model.dispose();
  return {
    ...request,
    stepMs,
    examplesPerSecond: (batchSize * 1000) / stepMs,
    kernelTimes: [...byName.values()].sort((a, b) => b.ms - a.ms),
    threadsUsed: backend === 'wasm' ? getThreadsCount() : 1,
    kernelThreads: backend === 'wasm' ? teamSize() : 1,
    crossOriginIsolated:
      Boolean(globalThis.crossOriginIsolated) &&
      Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
    predictMs: median(predictTimes),
  };
}

const api = { profile };
/** The worker's API, for the page. */
export type ProfileApi = typeof api;
Comlink.expose(api);
