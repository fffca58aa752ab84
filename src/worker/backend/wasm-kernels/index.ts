/**
 * Our training kernels for TF.js' WASM backend, and the switch between them and TF.js 4.22's
 * own ("stock") kernels, so that a benchmark can time both in the same run.
 *
 * Register before the WASM backend first initialises: a kernel's `setupFunc` (TF.js binding its
 * C++ function) runs at that moment, and our replacements keep the stock `setupFunc` so that
 * the stock kernel they fall back to stays usable.
 */
import {
  getKernel,
  registerGradient,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { batchMatMulName, makeBatchMatMul } from './batch-mat-mul.ts';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.ts';
import { conv2DBackpropFilterMatMulConfig } from './conv2d-backprop-filter-matmul.ts';
import { conv2DBackpropInputName, makeConv2DBackpropInput } from './conv2d-backprop-input.ts';
import { elementwiseNames, makeAdd, makeCast, makeIdentity, makeSum } from './elementwise.ts';
import { maxPoolGradName, maxPoolGradWasm } from './max-pool-grad.ts';
import { reluGradConfig, reluGradient } from './relu-grad.ts';
import { rmsPropStepConfig } from './rmsprop.ts';

/** Which WASM training kernels run: ours, or TF.js' own (plus the filter gradient it lacks). */
export type WasmKernelSet = 'studio' | 'stock';

interface Replacement {
  stock: KernelConfig | undefined;
  studio: KernelConfig;
}

let replacements: Replacement[] | undefined;
let active: WasmKernelSet | undefined;

function replace(name: string, make: (stock: KernelFunc) => KernelFunc): Replacement {
  const stock = getKernel(name, 'wasm');
  if (!stock) throw new Error(`TF.js' WASM backend has no ${name} kernel to replace.`);
  return {
    stock,
    studio: { ...stock, kernelFunc: make(stock.kernelFunc) },
  };
}

function swap(name: string, config: KernelConfig | undefined): void {
  if (getKernel(name, 'wasm')) unregisterKernel(name, 'wasm');
  if (config) registerKernel(config);
}

/** Registers `set` (default: ours) for the WASM backend; cheap to call again. */
export function useWasmKernels(set: WasmKernelSet = 'studio'): void {
  replacements ??= [
    replace(conv2DBackpropInputName, makeConv2DBackpropInput),
    replace(maxPoolGradName, () => maxPoolGradWasm),
    replace(batchMatMulName, makeBatchMatMul),
    replace(elementwiseNames.identity, makeIdentity),
    replace(elementwiseNames.cast, makeCast),
    replace(elementwiseNames.sum, makeSum),
    replace(elementwiseNames.add, makeAdd),
    // TF.js has no filter gradient on WASM (tensorflow/tfjs#8474): the stock set gets our first,
    // composed one.
    { stock: conv2DBackpropFilterWasmConfig, studio: conv2DBackpropFilterMatMulConfig },
    // ReLU's gradient in one pass; without it (the stock set) TF.js' Step and Multiply run.
    { stock: undefined, studio: reluGradConfig },
    // RMSprop's step in one call per weight tensor (StudioRMSProp uses it where registered).
    { stock: undefined, studio: rmsPropStepConfig },
  ];
  // Runs our fused kernel on a backend that has it, TF.js' composition on every other.
  registerGradient(reluGradient);
  if (set === active) return;
  for (const r of replacements) swap(r.studio.kernelName, set === 'studio' ? r.studio : r.stock);
  active = set;
}

/** The set registered now. */
export function activeWasmKernels(): WasmKernelSet | undefined {
  return active;
}
