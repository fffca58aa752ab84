/**
 * `npm run train:starter`: trains the starter model, so that the app can read digits before a
 * person has trained anything. In Node on TF.js' WASM backend (with our kernels), the `conv`
 * model of listing 4.1 with the app's Long recipe (Adam 0.003 one-cycle, label smoothing 0.1,
 * batch 128, 5 epochs) on all 60,000 training images, augmented like photos (issue 14: it reads
 * photographed digits better; src/shared/augment.ts), then the 10,000 test images with the
 * app's `evaluateModel`. Writes public/models/starter/ (committed; ~230 kB):
 * model.json + weights.bin (a TF.js layers model) and starter.json (how it was made, how it did).
 *
 * The app's `trainModel` trains on the first 51,000 images and validates on the last 9,000 (the
 * Keras split). A starter model has no use for validation, so this loop trains on all 60,000
 * with the app's own model builder, compile step and batch helpers, shuffling each epoch as
 * `trainModel` does. `--recipe book|fast|long` picks the recipe (default long), `--no-augment`
 * trains on MNIST as it is, and `--seed N` fixes initialisation, shuffling and augmentation as in
 * the app (the committed model: seed 1, 99.21%). Takes ~80 s on one core; the book's recipe
 * ~5 min. `--out DIR` writes elsewhere (to try a recipe without replacing the committed model).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  dispose,
  getBackend,
  io,
  ready,
  tensor2d,
  tensor4d,
  version_core,
} from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { format, resolveConfig } from 'prettier';
import { augmentationRandom, augmentBatch } from '../src/shared/augment.ts';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, TRAIN_FILE_COUNT } from '../src/shared/mnist.ts';
import { RECIPES } from '../src/shared/protocol.ts';
import { deriveSeed, drawSeed, mulberry32 } from '../src/shared/random.ts';
import { learningRateAt } from '../src/shared/recipes.ts';
import {
  fillImageBatch,
  fillOneHotBatch,
  range,
  shuffleInPlace,
  type MnistData,
} from '../src/worker/data/mnist-data.ts';
import {
  buildModel,
  compileForTraining,
  disposeModel,
  initializeWeights,
  setLearningRate,
} from '../src/worker/models/index.ts';
import { evaluateModel } from '../src/worker/training/evaluate.ts';
import { smoothLabels } from '../src/worker/training/train.ts';
import { useWasmKernels } from '../src/worker/backend/wasm-kernels/index.ts';
import { startWasmBackend } from '../src/worker/backend/wasm-start.ts';
import { loadMnistDir as loadMnist } from './lib/mnist-files.ts';

const argument = (flag: string) => {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
/** Where the starter model is written (served by Vite from the app's base URL); `--out DIR`. */
const OUT_DIR = argument('--out') ?? 'public/models/starter';
const RECIPE_NAME = (argument('--recipe') ?? 'long') as keyof typeof RECIPES;
if (!(RECIPE_NAME in RECIPES)) throw new Error('--recipe book|fast|long');
/** The recipe: the Long one (the committed model's), listing 4.2's or the Fast one. */
const RECIPE = RECIPES[RECIPE_NAME];
const { epochs: EPOCHS, batchSize: BATCH_SIZE } = RECIPE;
const SEED = argument('--seed') === undefined ? drawSeed() : Number(argument('--seed'));
/** Photo-like augmentation of every training batch (src/shared/augment.ts); `--no-augment` off. */
const AUGMENT = !process.argv.includes('--no-augment');

/** What starter.json records about the run (read by the tests too). */
export interface StarterInfo {
  model: 'conv';
  recipe: string;
  /** Trained on photo-like augmented images (`--augment`). */
  augment: boolean;
  seed: number;
  epochs: number;
  batchSize: number;
  trainExamples: number;
  testAccuracy: number;
  testLoss: number;
  trainedAt: string;
  trainingSeconds: number;
  tfjsVersion: string;
  backend: string;
}

/** Trains `model` for `epochs` over all 60,000 training images; logs each epoch. */
async function trainOnAll(model: LayersModel, data: MnistData): Promise<void> {
  const order = range(0, TRAIN_FILE_COUNT);
  const images = new Float32Array(BATCH_SIZE * IMAGE_PIXELS);
  const labels = new Float32Array(BATCH_SIZE * NUM_CLASSES);
  const stepsPerEpoch = Math.ceil(order.length / BATCH_SIZE);
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const start = performance.now();
    shuffleInPlace(order, mulberry32(deriveSeed(SEED, epoch)));
    const augmentRandom = AUGMENT ? augmentationRandom(SEED, epoch) : undefined;
    let lossSum = 0;
    let correct = 0;
    for (let first = 0; first < order.length; first += BATCH_SIZE) {
      const indices = order.subarray(first, Math.min(first + BATCH_SIZE, order.length));
      const n = indices.length;
      fillImageBatch(data.trainImages, indices, images);
      if (augmentRandom) augmentBatch(images, n, augmentRandom);
      fillOneHotBatch(data.trainLabels, indices, labels);
      smoothLabels(labels, n, RECIPE.labelSmoothing);
      setLearningRate(model.optimizer!, learningRateAt(RECIPE, step++, stepsPerEpoch * EPOCHS));
      const xs = tensor4d(images.subarray(0, n * IMAGE_PIXELS), [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const ys = tensor2d(labels.subarray(0, n * NUM_CLASSES), [n, NUM_CLASSES]);
      try {
        const [loss, acc] = (await model.trainOnBatch(xs, ys)) as number[];
        lossSum += loss * n;
        correct += acc * n;
      } finally {
        dispose([xs, ys]);
      }
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `epoch ${epoch}/${EPOCHS}: loss ${(lossSum / order.length).toFixed(4)}, ` +
        `accuracy ${((100 * correct) / order.length).toFixed(2)}%, ${seconds.toFixed(0)} s ` +
        `(${Math.round(order.length / seconds)} examples/s)`,
    );
  }
}

/** Writes `value` as JSON formatted as Prettier would (`npm run lint` checks public/ too). */
async function writeJson(path: string, value: unknown): Promise<void> {
  const options = await resolveConfig(path);
  await writeFile(path, await format(JSON.stringify(value), { ...options, filepath: path }));
}

/** Saves `model` as model.json (weightsManifest path 'weights.bin') and weights.bin in `dir`. */
async function saveLayersModel(model: LayersModel, dir: string): Promise<number> {
  let weightBytes = 0;
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      const weights = io.CompositeArrayBuffer.join(artifacts.weightData);
      weightBytes = weights.byteLength;
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeJson(join(dir, 'model.json'), modelJson);
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(weights));
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return weightBytes;
}

/**
 * The WASM backend with our training kernels, as test/unit/support/tf-wasm.ts sets it up,
 * minus its deep import of tfjs-core's ESM gradients: Node (tsx) loads TF.js' CommonJS bundles,
 * and tfjs-layers' bundle registers the gradients in TF.js' global registry itself.
 */
async function useWasm(): Promise<void> {
  useWasmKernels();
  if (!(await startWasmBackend())) throw new Error('The TF.js WASM backend failed to start.');
  await ready();
}

async function main(): Promise<void> {
  await useWasm();
  const data = loadMnist();
  const model = buildModel('conv');
  compileForTraining(model, RECIPE);
  initializeWeights(model, SEED);
  console.log(
    `Training conv on ${TRAIN_FILE_COUNT} images, ${RECIPE_NAME} recipe (${RECIPE.optimizer} ` +
      `${RECIPE.learningRate}, ${RECIPE.schedule}, smoothing ${RECIPE.labelSmoothing}), seed ` +
      `${SEED}, batch ${BATCH_SIZE}, ${EPOCHS} epochs, ` +
      `TF.js ${version_core} on ${getBackend()}…`,
  );
  const start = performance.now();
  await trainOnAll(model, data);
  const trainingSeconds = Math.round((performance.now() - start) / 1000);
  const evaluation = await evaluateModel(model, data);
  console.log(
    `Test: accuracy ${(100 * evaluation.accuracy).toFixed(2)}%, loss ` +
      `${evaluation.loss.toFixed(4)} on ${evaluation.count} images; trained in ${trainingSeconds} s.`,
  );

  await mkdir(OUT_DIR, { recursive: true });
  const weightBytes = await saveLayersModel(model, OUT_DIR);
  const info: StarterInfo = {
    model: 'conv',
    recipe: RECIPE_NAME,
    augment: AUGMENT,
    seed: SEED,
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    trainExamples: TRAIN_FILE_COUNT,
    testAccuracy: evaluation.accuracy,
    testLoss: evaluation.loss,
    trainedAt: new Date().toISOString(),
    trainingSeconds,
    tfjsVersion: version_core,
    backend: getBackend(),
  };
  await writeJson(join(OUT_DIR, 'starter.json'), info);
  console.log(`Wrote ${OUT_DIR}/model.json, weights.bin (${weightBytes} bytes), starter.json.`);
  disposeModel(model);
}

await main();
