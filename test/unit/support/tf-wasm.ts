/** TF.js in Node for tests: the CPU backend and the WASM backend with our filter-gradient kernel. */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tf.variableGrads needs the gradient registry (tfjs-layers imports it too).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { conv2DBackpropFilterWasmConfig } from '../../../src/worker/backend/conv2d-backprop-filter.ts';

let registered = false;

/** Registers the custom kernel once and switches TF.js to `backend`. */
export async function useTfBackend(backend: 'wasm' | 'cpu'): Promise<typeof tf> {
  if (!registered) {
    tf.registerKernel(conv2DBackpropFilterWasmConfig);
    registered = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed`);
  await tf.ready();
  return tf;
}
