/** What the bench asks the profile page for, and what it answers. */
import type { ModelName } from '../../src/shared/models.ts';

/** One measurement: a model on a backend, with our WASM kernels or TF.js' own. */
export interface ProfileRequest {
  backend: 'wasm' | 'webgl' | 'cpu' | 'webgpu';
  model: ModelName;
  kernels: 'studio' | 'stock';
  batchSize: number;
  /** Timed training steps (after two warm-up steps); the median is reported. */
  steps: number;
  /** WASM threads (0: every logical core). */
  threads: number;
  /** `false`: our SIMD kernels on the worker's thread alone, without helper threads. */
  kernelHelpers?: boolean;
  /** The optimizer trained with (listing 4.2's RMSprop when absent). */
  optimizer?: 'rmsprop' | 'adam' | 'sgd';
}

/** Milliseconds spent in one kernel during one training step (all its calls). */
export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

/** The answer: speed, where one step's time goes, and single-image prediction time. */
export interface ProfileResult extends ProfileRequest {
  stepMs: number;
  examplesPerSecond: number;
  /** Kernel times of one profiled step; `ms` is NaN where the backend cannot time kernels. */
  kernelTimes: KernelTime[];
  threadsUsed: number;
  /** Threads our own SIMD kernels were shared between (1 without helpers: see team.ts). */
  kernelThreads: number;
  crossOriginIsolated: boolean;
  /** Median milliseconds of one `predict` on a single 28x28 image. */
  predictMs: number;
}
