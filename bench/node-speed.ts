/**
 * Training speed in Node, as the app's "Measure speed" times it in the browser: the app's model
 * builder and compile step, TF.js' WASM backend with our kernels, median of timed training
 * batches on real MNIST images after two warm-up batches. On one thread `trainOnBatch` (the
 * app's own `timeTrainingBatches`); on more, the data-parallel step `npm run train` uses
 * (scripts/lib/parallel-step.ts). Run by `npm run bench` in a process of its own; prints one
 * JSON line.
 *
 *   tsx bench/node-speed.ts MODEL BATCH OPTIMIZER STEPS THREADS
 */
import { isModelName } from '../src/shared/models.ts';
import { IMAGE_PIXELS, NUM_CLASSES } from '../src/shared/mnist.ts';
import type { OptimizerName } from '../src/shared/protocol.ts';
import { fillImageBatch, fillOneHotBatch, range } from '../src/worker/data/mnist-data.ts';
import { buildModel, compileForTraining, disposeModel } from '../src/worker/models/index.ts';
import { median, timeTrainingBatches } from '../src/worker/training/speed.ts';
import { loadMnistDir } from '../scripts/lib/mnist-files.ts';
import { useWasmInNode } from '../scripts/lib/node-training.ts';
import { parallelStep } from '../scripts/lib/parallel-step.ts';

const [model = 'big', batch = '128', optimizer = 'adam', steps = '5', threadArg = '1'] =
  process.argv.slice(2);
if (!isModelName(model)) throw new Error(`Unknown model ${model}.`);
const backend = await useWasmInNode();
const net = buildModel(model);
compileForTraining(net, { optimizer: optimizer as OptimizerName, learningRate: 0.001 });
const batchSize = Number(batch);
const threads = Number(threadArg);
const data = loadMnistDir();
let stepMs: number;
if (threads === 1) {
  stepMs = await timeTrainingBatches(net, batchSize, Number(steps), data, 2);
} else {
  const parallel = await parallelStep(net, model, threads);
  const images = new Float32Array(batchSize * IMAGE_PIXELS);
  const labels = new Float32Array(batchSize * NUM_CLASSES);
  fillImageBatch(data.trainImages, range(0, batchSize), images);
  fillOneHotBatch(data.trainLabels, range(0, batchSize), labels);
  const times: number[] = [];
  for (let i = 0; i < 2 + Number(steps); i++) {
    const start = performance.now();
    await parallel.step(images, labels, batchSize);
    if (i >= 2) times.push(performance.now() - start);
  }
  await parallel.close();
  stepMs = median(times);
}
disposeModel(net);
console.log(
  JSON.stringify({
    model,
    backend,
    threads,
    batchSize,
    stepMs,
    examplesPerSecond: (batchSize * 1000) / stepMs,
    node: process.version,
  }),
);
