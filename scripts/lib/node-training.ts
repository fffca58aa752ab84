/**
 * Training in Node, the app's way: TF.js' WASM backend with our training kernels, the app's
 * model builders, seeded initialisation, recipes and `trainModel` loop (validation on the last
 * 9,000 training images, best-epoch restore, test after each epoch), then `evaluateModel` on
 * the 10,000 test images. Used by `npm run train` and `npm run train:starter`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getBackend, io, ready } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { TRAIN_COUNT } from '../../src/shared/mnist.ts';
import {
  modelFilesFor,
  type ModelAbout,
  type ModelParts,
  type WeightSpec,
} from '../../src/shared/model-files.ts';
import type { Evaluation, TrainConfig, TrainProgress } from '../../src/shared/protocol.ts';
import { drawSeed } from '../../src/shared/random.ts';
import { reached99Of } from '../../src/shared/recipes.ts';
import type { MnistData } from '../../src/worker/data/mnist-data.ts';
import { useWasmKernels } from '../../src/worker/backend/wasm-kernels/index.ts';
import { startWasmBackend } from '../../src/worker/backend/wasm-start.ts';
import {
  buildModel,
  compileForTraining,
  initializeWeights,
} from '../../src/worker/models/index.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { evaluateModel } from '../../src/worker/training/evaluate.ts';
import { trainModel, type TrainSummary } from '../../src/worker/training/train.ts';
import { parallelStep } from './parallel-step.ts';

let started = false;

/**
 * The WASM backend with our training kernels, as test/unit/support/tf-wasm.ts sets it up,
 * minus its deep import of tfjs-core's ESM gradients: Node (tsx) loads TF.js' CommonJS bundles,
 * and tfjs-layers' bundle registers the gradients in TF.js' global registry itself.
 */
export async function useWasmInNode(): Promise<string> {
  if (!started) {
    useWasmKernels();
    if (!(await startWasmBackend())) throw new Error('The TF.js WASM backend failed to start.');
    started = true;
  }
  await ready();
  return getBackend();
}

/** One run in Node: its model (the caller disposes it), summary and test evaluation. */
export interface NodeRun {
  config: TrainConfig & { seed: number };
  model: LayersModel;
  summary: TrainSummary;
  evaluation: Evaluation;
  /** Wall time of training, validation and per-epoch tests (not the final evaluation). */
  wallMs: number;
}

/** Trains one of the book's models on `data` with `config`, as the app's worker does. */
export async function trainInNode(
  data: MnistData,
  config: TrainConfig,
  onEpoch?: (line: string) => void,
  options: {
    /** Stop (at a batch boundary) and pause, as the app's buttons do. */
    control?: TrainingControl;
    /** Progress about once a second (examples/s, time left). */
    onProgress?: (progress: TrainProgress) => void;
    /** Threads sharing each batch (./parallel-step.ts); 1 (the default) trains on this one. */
    threads?: number;
  } = {},
): Promise<NodeRun> {
  await useWasmInNode();
  const seed = config.seed ?? drawSeed();
  const seeded = { ...config, seed };
  const model = buildModel(config.model);
  compileForTraining(model, config);
  initializeWeights(model, seed);
  const parallel =
    (options.threads ?? 1) > 1
      ? await parallelStep(model, config.model, options.threads ?? 1)
      : undefined;
  const start = performance.now();
  let reported = 0;
  const training = trainModel(model, data, seeded, {
    ...(parallel ? { trainStep: parallel.step } : {}),
    control: options.control ?? new TrainingControl(),
    reportIntervalMs: options.onProgress ? 1_000 : Infinity,
    onProgress: (p: TrainProgress) => {
      options.onProgress?.(p);
      for (const e of p.newEpochs) {
        if (e.epoch <= reported) continue;
        reported = e.epoch;
        const test = e.testAcc === undefined ? '' : `, test ${(100 * e.testAcc).toFixed(2)}%`;
        onEpoch?.(
          `epoch ${e.epoch}/${config.epochs}: loss ${e.loss.toFixed(4)}, ` +
            `validation ${(100 * e.valAcc).toFixed(2)}%${test}, ` +
            `${((e.elapsedMs ?? 0) / 1000).toFixed(1)} s`,
        );
      }
    },
  });
  const summary = await training.finally(() => parallel?.close());
  const wallMs = performance.now() - start;
  const evaluation = await evaluateModel(model, data);
  return { config: seeded, model, summary, evaluation, wallMs };
}

/** The figures a run is judged by, for a table or JSON. */
export function runFigures(run: NodeRun) {
  const reached = reached99Of(run.summary.history);
  return {
    model: run.config.model,
    seed: run.config.seed,
    testAccuracy: run.evaluation.accuracy,
    finalEpochTestAccuracy: run.summary.history.at(-1)?.testAcc,
    bestEpoch: run.summary.bestEpoch,
    epochs: run.summary.history.length,
    trainSeconds: run.summary.activeMs / 1000,
    wallSeconds: run.wallMs / 1000,
    examplesPerSecond: (run.summary.examplesDone * 1000) / run.summary.activeMs,
    valReached99: reached.val,
    testReached99: reached.test,
    trainExamples: Math.min(run.config.trainExamples, TRAIN_COUNT),
  };
}

/** The model as TF.js saves it: topology, weight specs and the weights' bytes. */
export async function modelParts(model: LayersModel): Promise<ModelParts> {
  let parts: ModelParts | undefined;
  await model.save(
    io.withSaveHandler(async (artifacts) => {
      parts = {
        modelTopology: artifacts.modelTopology as Record<string, unknown>,
        // The layers models here hold float32 weights only.
        weightSpecs: (artifacts.weightSpecs ?? []) as WeightSpec[],
        weightData: io.CompositeArrayBuffer.join(artifacts.weightData),
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
      };
      return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return parts!;
}

/**
 * Writes `model` into `dir` as the app exports a model (`<name>.json` and
 * `<name>.weights.bin`, with `about` in its metadata), so the app imports it with its name, test
 * accuracy and training facts (section 4.3.2: train in Node, use in the browser).
 */
export async function saveForApp(
  model: LayersModel,
  dir: string,
  name: string,
  about: ModelAbout,
): Promise<string[]> {
  const { files } = modelFilesFor(name, await modelParts(model), about, 'node');
  await mkdir(dir, { recursive: true });
  const paths = files.map((file) => join(dir, file.name));
  await Promise.all(files.map((file, i) => writeFile(paths[i], new Uint8Array(file.bytes))));
  return paths;
}
