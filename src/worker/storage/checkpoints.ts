/**
 * The training checkpoint: at the end of every epoch the worker keeps the model's weights, the
 * optimizer's state and the run's history, so a reload, crash or closed tab loses at most the
 * epoch in progress. There is one checkpoint, for the one unfinished run. What is read back is
 * checked before it is used (`checkpoint-check.ts`).
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { dispose, tensor, type Tensor } from '@tensorflow/tfjs-core';
import { StudioError } from '../../shared/errors.ts';
import type { CheckpointInfo } from '../../shared/protocol.ts';
import { withRecipeDefaults } from '../../shared/recipes.ts';
import { checkCheckpoint, checkOptimizerState } from './checkpoint-check.ts';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
import { openStudioDb, storage, type CheckpointRecord, type StoredTensor } from './db.ts';

/** A tensor with the name it is stored under. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** Copies tensors' values out of the backend, as storable records. */
async function storeTensors(named: NamedTensor[]): Promise<StoredTensor[]> {
  return Promise.all(
    named.map(async ({ name, tensor: t }) => {
      if (t.dtype !== 'float32' && t.dtype !== 'int32') {
        throw new Error(`Cannot checkpoint ${name}: dtype ${t.dtype}.`);
      }
      const values = (await t.data()) as Float32Array | Int32Array;
      // slice(): the backend's array may be a view into a larger buffer.
      return { name, shape: t.shape, dtype: t.dtype, data: values.slice().buffer };
    }),
  );
}

/** Rebuilds tensors from stored records (the caller owns and disposes them). */
export function restoreTensors(stored: StoredTensor[]): NamedTensor[] {
  return stored.map(({ name, shape, dtype, data }) => ({
    name,
    tensor: tensor(dtype === 'int32' ? new Int32Array(data) : new Float32Array(data), shape, dtype),
  }));
}

/** What the loop knows at the end of an epoch, besides the model itself. */
export type CheckpointState = Omit<
  CheckpointRecord,
  'key' | 'weights' | 'optimizer' | 'best' | 'savedAt'
> & {
  /** The best epoch's weights, in `model.weights` order (read, not kept). */
  bestWeights?: Tensor[];
};

/**
 * Saves the model, its optimizer's state, the best epoch's weights and the run's history as the
 * current checkpoint.
 */
export async function saveCheckpoint(
  model: LayersModel,
  { bestWeights, ...state }: CheckpointState,
): Promise<void> {
  const values = model.getWeights(); // the variables themselves, not copies
  const named = (tensors: Tensor[]) =>
    model.weights.map((w, i) => ({ name: w.originalName, tensor: tensors[i] }));
  const weights = await storeTensors(named(values));
  const best = bestWeights ? await storeTensors(named(bestWeights)) : undefined;
  const optimizerWeights = model.optimizer ? await model.optimizer.getWeights() : [];
  const optimizer = await storeTensors(optimizerWeights);
  // The optimizer hands out its slots themselves, but makes a new scalar for the iteration count.
  optimizerWeights.filter((w) => w.name === 'iter').forEach((w) => w.tensor.dispose());
  const record: CheckpointRecord = {
    key: 'current',
    ...state,
    weights,
    optimizer,
    ...(best ? { best } : {}),
    savedAt: Date.now(),
  };
  await storage('saveCheckpoint', async () => {
    await (await openStudioDb()).put('checkpoints', record);
  });
}

/**
 * The current checkpoint, if an unfinished run left one, checked (`checkCheckpoint`). One that
 * cannot be resumed is deleted and refused with `CheckpointInvalid.*`: kept, it would be refused
 * again at every start, and nothing could be done with it.
 */
export async function readCheckpoint(): Promise<CheckpointRecord | undefined> {
  const record: unknown = await storage('readCheckpoint', async () =>
    (await openStudioDb()).get('checkpoints', 'current'),
  );
  if (record === undefined) return undefined;
  try {
    // A run saved before recipes existed trained with the book's settings.
    if (isPlainObject(record) && isPlainObject(record.config)) {
      record.config = withRecipeDefaults(record.config);
    }
    checkCheckpoint(record);
  } catch (error) {
    await deleteCheckpoint().catch(() => undefined);
    throw error;
  }
  return record;
}

/**
 * Puts a checkpoint's weights and optimizer state into a freshly built and compiled model of
 * the same architecture, and returns the best epoch's weights if it kept them (the caller owns
 * them). Throws `CheckpointInvalid.*` if they do not fit it, leaving the model as it was.
 */
export async function restoreCheckpoint(
  model: LayersModel,
  record: CheckpointRecord,
): Promise<Tensor[] | undefined> {
  const expected = model.weights.map((w) => `${w.originalName}:${w.shape.join('x')}`);
  const stored = record.weights.map((w) => `${w.name}:${w.shape.join('x')}`);
  if (expected.join() !== stored.join()) {
    throw new StudioError('CheckpointInvalid.model', { model: record.config.model });
  }
  checkOptimizerState(
    record.optimizer,
    model.weights.map((w) => w.shape as number[]),
  );
  if (
    record.best &&
    record.best.map((w) => `${w.name}:${w.shape.join('x')}`).join() !== stored.join()
  ) {
    throw new StudioError('CheckpointInvalid.weights');
  }
  const weights = restoreTensors(record.weights);
  const optimizer = restoreTensors(record.optimizer);
  try {
    model.setWeights(weights.map((w) => w.tensor));
    if (model.optimizer && optimizer.length) await model.optimizer.setWeights(optimizer);
  } finally {
    // setWeights and the optimizer copy the values into their own variables.
    dispose([...weights, ...optimizer].map((w) => w.tensor));
  }
  return record.best && restoreTensors(record.best).map((w) => w.tensor);
}

/** What the UI needs to offer `Resume training`, from a record `readCheckpoint` checked. */
export function describeCheckpoint(record: CheckpointRecord): CheckpointInfo {
  return {
    config: record.config,
    backend: record.backend,
    epochsDone: record.epochsDone,
    savedAt: record.savedAt,
  };
}

/** Forgets the checkpoint (the run finished, was stopped, or a new run replaces it). */
export function deleteCheckpoint(): Promise<void> {
  return storage('deleteCheckpoint', async () => {
    await (await openStudioDb()).delete('checkpoints', 'current');
  });
}
