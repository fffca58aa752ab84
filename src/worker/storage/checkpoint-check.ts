/**
 * A training checkpoint as read back from IndexedDB, checked before anything uses it. The
 * record may come from an older version of the app, a run cut off mid-write, another tab or a
 * person's edits in DevTools; a resumed run builds a model from its settings and hands its
 * arrays to TF.js, so every field is checked here, without TF.js, and a bad one is refused as
 * `CheckpointInvalid.*` instead of failing deep inside a tensor op.
 */
import { BACKEND_NAMES } from '../../shared/backends.ts';
import { errorCode, errorParams, StudioError } from '../../shared/errors.ts';
import { TRAIN_COUNT } from '../../shared/mnist.ts';
import { MODEL_FACTS } from '../../shared/models.ts';
import { checkTrainConfig } from '../../shared/train-config-check.ts';
import type { CheckpointRecord, StoredTensor } from './db.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

const isFinite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** Loss and accuracy may be NaN (a run that diverged still resumes), but they are numbers. */
const isMetric = (value: unknown): value is number => typeof value === 'number';

/** Values in a stored tensor: the product of its shape (1 for a scalar). */
export const tensorSize = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** Whether `value` is a stored tensor whose bytes hold exactly its shape's values. */
function isStoredTensor(value: unknown): value is StoredTensor {
  if (!isObject(value)) return false;
  const { name, shape, dtype, data } = value;
  return (
    typeof name === 'string' &&
    Array.isArray(shape) &&
    shape.every((d) => isCount(d) && d < 2 ** 31) &&
    (dtype === 'float32' || dtype === 'int32') &&
    // Not `instanceof`: the buffer may come from another realm (IndexedDB, structured clone).
    Object.prototype.toString.call(data) === '[object ArrayBuffer]' &&
    (data as ArrayBuffer).byteLength === tensorSize(shape as number[]) * 4
  );
}

/** The setting an `InvalidConfig.*` error is about: `InvalidConfig.epochs` → `epochs`. */
function settingOf(error: unknown): string {
  const code = errorCode(error);
  if (code === 'InvalidConfig.unknownSetting') return errorParams(error, code).setting;
  return code?.startsWith('InvalidConfig.') && code !== 'InvalidConfig.notObject'
    ? code.slice('InvalidConfig.'.length)
    : 'config';
}

/** Throws `CheckpointInvalid.curves` unless the curves are the ones `epochsDone` epochs draw. */
function checkCurves(record: Json, epochsDone: number, batchesPerEpoch: number): void {
  const { history, batches } = record;
  const valid =
    Array.isArray(history) &&
    history.length === epochsDone &&
    history.every(
      (p, i) =>
        isObject(p) &&
        p.epoch === i + 1 &&
        p.step === (i + 1) * batchesPerEpoch &&
        [p.loss, p.acc, p.valLoss, p.valAcc].every(isMetric),
    ) &&
    Array.isArray(batches) &&
    batches.length === epochsDone * batchesPerEpoch &&
    batches.every((p, i) => isObject(p) && p.step === i + 1 && isMetric(p.loss) && isMetric(p.acc));
  if (!valid) throw new StudioError('CheckpointInvalid.curves');
}

/**
 * Throws `CheckpointInvalid.*` unless `record` is a checkpoint a run can resume from: valid
 * settings (`checkTrainConfig`), a known backend, progress within the run (1 to `epochs`
 * epochs done, examples and curves to match), and weights that are present, well-formed and
 * as many values as the model of its settings has.
 */
export function checkCheckpoint(record: unknown): asserts record is CheckpointRecord {
  if (!isObject(record) || record.key !== 'current') {
    throw new StudioError('CheckpointInvalid.record');
  }
  try {
    checkTrainConfig(record.config);
  } catch (error) {
    throw new StudioError('CheckpointInvalid.config', { setting: settingOf(error) });
  }
  const config = record.config;
  if (
    typeof record.backend !== 'string' ||
    !(BACKEND_NAMES as readonly string[]).includes(record.backend) ||
    !isFinite(record.savedAt) ||
    !isFinite(record.activeMs) ||
    record.activeMs < 0 ||
    (record.stepMs !== undefined && (!isFinite(record.stepMs) || record.stepMs < 0)) ||
    !isCount(record.epochsDone)
  ) {
    throw new StudioError('CheckpointInvalid.record');
  }
  const { epochsDone } = record;
  // Saved at the end of an epoch, so at least one is done; all of them if the tab closed
  // between the last epoch's checkpoint and the end of the run.
  if (epochsDone < 1 || epochsDone > config.epochs) {
    throw new StudioError('CheckpointInvalid.progress', { epochsDone, epochs: config.epochs });
  }
  const perEpoch = Math.min(config.trainExamples, TRAIN_COUNT);
  if (record.examplesDone !== epochsDone * perEpoch) {
    throw new StudioError('CheckpointInvalid.record');
  }
  checkCurves(record, epochsDone, Math.ceil(perEpoch / config.batchSize));
  const { weights, optimizer } = record;
  if (
    !Array.isArray(weights) ||
    !weights.every(isStoredTensor) ||
    weights.reduce((n, w) => n + tensorSize(w.shape), 0) !== MODEL_FACTS[config.model].params ||
    !Array.isArray(optimizer) ||
    !optimizer.every(isStoredTensor) ||
    (record.best !== undefined &&
      (!Array.isArray(record.best) ||
        !record.best.every(isStoredTensor) ||
        record.best.reduce((n, w) => n + tensorSize(w.shape), 0) !==
          MODEL_FACTS[config.model].params))
  ) {
    throw new StudioError('CheckpointInvalid.weights');
  }
}

/**
 * Throws `CheckpointInvalid.weights` unless `optimizer` is an optimizer state for weights of
 * `shapes`: empty, or the iteration count (a scalar) followed by one or more slots per weight
 * in weight order (RMSprop keeps mean squares, then momenta), as `optimizer.getWeights()` gives.
 */
export function checkOptimizerState(
  optimizer: readonly StoredTensor[],
  shapes: readonly (readonly number[])[],
): void {
  if (optimizer.length === 0) return;
  const [iterations, ...slots] = optimizer;
  const fits =
    iterations.shape.length === 0 &&
    (shapes.length === 0
      ? slots.length === 0
      : slots.length % shapes.length === 0 &&
        slots.every((slot, i) => slot.shape.join() === shapes[i % shapes.length].join()));
  if (!fits) throw new StudioError('CheckpointInvalid.weights');
}
