/**
 * A worker thread of Node's data-parallel training (./parallel-step.ts): its own TF.js WASM
 * backend with our kernels and its own copy of the model; for each share it is sent (with the
 * latest weights when they changed) it answers the share's gradients, loss and correct count.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { tensor } from '@tensorflow/tfjs-core';
import { buildModel } from '../../src/worker/models/index.ts';
import { shareGradients, trainableVariables, type ShareRequest } from './parallel-share.ts';
import { useWasmInNode } from './node-training.ts';

const port = parentPort;
if (!port) throw new Error('parallel-worker.ts runs as a worker thread.');
await useWasmInNode();
const model = buildModel((workerData as { modelName: Parameters<typeof buildModel>[0] }).modelName);
const variables = trainableVariables(model);
port.on('message', (request: ShareRequest) => {
  if (request.weights) {
    request.weights.forEach((values, i) => {
      const weights = tensor(values, variables[i].shape);
      variables[i].assign(weights);
      weights.dispose();
    });
  }
  const result = shareGradients(model, variables, request.images, request.labels, request.n);
  port.postMessage(result, result.grads.map((g) => g.buffer) as ArrayBuffer[]);
});
port.postMessage('ready');
