/** TF.js in Node for tests: the CPU backend and the WASM backend with our training kernels. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tf.variableGrads needs the gradient registry (tfjs-layers imports it too).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import {
  useWasmKernels,
  type WasmKernelSet,
} from '../../../src/worker/backend/wasm-kernels/index.ts';
import { startWasmBackend } from '../../../src/worker/backend/wasm-start.ts';

let wasmStarted = false;

/**
 * Switches TF.js to `backend`; on WASM with our kernels, or TF.js' own (`kernels: 'stock'`).
 * Our kernels are registered before the WASM backend first starts, as the app does.
 */
export async function useTfBackend(
  backend: 'wasm' | 'cpu',
  kernels: WasmKernelSet = 'studio',
): Promise<typeof tf> {
  useWasmKernels(kernels);
  const started =
    backend === 'wasm' && !wasmStarted
      ? (wasmStarted = await startWasmBackend())
      : await tf.setBackend(backend);
  if (!started) throw new Error(`TF.js backend ${backend} failed`);
  await tf.ready();
  return tf;
}
