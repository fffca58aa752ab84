/**
 * One training run from start to record: build and compile the model (restoring a checkpoint
 * when resuming), train with a checkpoint after every epoch, test it on the 10,000 test images,
 * and keep the run in the history.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendName } from '../../shared/backends.ts';
import type {
  RunRecord,
  StepProgress,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
} from '../../shared/protocol.ts';
import type { MnistData } from '../data/mnist-data.ts';
import type { Tensor } from '@tensorflow/tfjs-core';
import { drawSeed } from '../../shared/random.ts';
import { reached99Of } from '../../shared/recipes.ts';
import type { InsideView } from '../../shared/inside.ts';
import { IMAGE_PIXELS } from '../../shared/mnist.ts';
import { inspectModel, toPixels } from '../predict/inside.ts';
import { buildModel, compileForTraining, initializeWeights } from '../models/index.ts';
import { deleteCheckpoint, restoreCheckpoint, saveCheckpoint } from '../storage/checkpoints.ts';
import type { CheckpointRecord } from '../storage/db.ts';
import { addRun } from '../storage/db.ts';
import { throwIfAborted } from '../../shared/errors.ts';
import type { TrainingControl } from './control.ts';
import { evaluateModel } from './evaluate.ts';
import { trainModel } from './train.ts';

/** What a run needs from the worker. */
export interface RunRequest {
  config: TrainConfig;
  data: MnistData;
  backend: BackendName;
  control: TrainingControl;
  /** The checkpoint of the run to continue, if resuming. */
  checkpoint?: CheckpointRecord;
  onProgress: (p: TrainProgress) => void;
  onEvaluate?: (p: StepProgress) => void;
  /** Receives the model as soon as it exists, so a Stop or a failure still leaves it usable. */
  onModel: (model: LayersModel) => void;
  /** Rejects if the GPU under the backend is lost (see `TrainOptions.gpuLost`). */
  gpuLost?: Promise<never>;
  /**
   * Cancels the run at the next batch boundary: it rejects with `AbortError`, untested and
   * unrecorded, and its last checkpoint stays to be resumed (Stop, by contrast, tests it).
   */
  signal?: AbortSignal;
}

/** Trains, tests and records one run; the checkpoint lives until the run ends. */
export async function runTraining(request: RunRequest): Promise<TrainOutcome> {
  const { data, backend, control, checkpoint, signal } = request;
  throwIfAborted(signal);
  signal?.addEventListener('abort', () => control.stop(), { once: true });
  // The seed is decided here and kept with the checkpoint, so a resumed run shuffles the same.
  const seed = request.config.seed ?? drawSeed();
  const config: TrainConfig = { ...request.config, seed };
  const model = buildModel(config.model);
  compileForTraining(model, config);
  let bestWeights: Tensor[] | undefined;
  if (checkpoint) bestWeights = await restoreCheckpoint(model, checkpoint);
  else initializeWeights(model, seed);
  request.onModel(model);
  // Inside the model on the first test image, after each epoch: sent with the next report.
  const probe = toPixels(data.testImages.subarray(0, IMAGE_PIXELS));
  let inside: InsideView | undefined;
  const summary = await trainModel(model, data, config, {
    control,
    onProgress: (p) => {
      request.onProgress(inside ? { ...p, inside } : p);
      inside = undefined;
    },
    resume: checkpoint && { ...checkpoint, bestWeights },
    gpuLost: request.gpuLost,
    onEpochEnd: async (state) => {
      await saveCheckpoint(model, { config, backend, ...state });
      inside = { ...(await inspectModel(model, probe)), epoch: state.epochsDone };
    },
  });
  throwIfAborted(signal);
  // Finished, or stopped by the person: nothing is left to resume.
  await deleteCheckpoint();
  const evaluation = await evaluateModel(model, data, request.onEvaluate, undefined, signal);
  const run: RunRecord = {
    model: config.model,
    backend,
    epochs: config.epochs,
    epochsCompleted: summary.epochsCompleted,
    batchSize: config.batchSize,
    trainExamples: config.trainExamples,
    durationMs: summary.activeMs,
    examplesPerSecond: summary.activeMs > 0 ? (summary.examplesDone * 1000) / summary.activeMs : 0,
    ...(summary.stepMs
      ? { trainingExamplesPerSecond: (summary.examplesDone * 1000) / summary.stepMs }
      : {}),
    testAccuracy: evaluation.accuracy,
    testLoss: evaluation.loss,
    valAccuracy: summary.history.at(-1)?.valAcc,
    stopped: summary.stopped,
    finishedAt: Date.now(),
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    schedule: config.schedule,
    labelSmoothing: config.labelSmoothing,
    seed,
    keepBest: config.keepBest,
    testEachEpoch: config.testEachEpoch,
    augment: config.augment ?? false,
    history: summary.history,
    reached99: reached99Of(summary.history),
  };
  if (summary.bestEpoch !== undefined) {
    run.bestEpoch = summary.bestEpoch;
    run.valAccuracy = summary.history[summary.bestEpoch - 1].valAcc;
  }
  run.id = await addRun(run);
  return { run, evaluation, history: summary.history };
}
