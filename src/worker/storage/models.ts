/**
 * Saved models. Each is two things: a `SavedModelInfo` record in our 'models' store, and the
 * model itself (topology and weights) in TF.js' own IndexedDB database under
 * `savedModelKey(id)`. TF.js' side goes through a `ModelVault`, so tests can swap in a memory
 * vault (TF.js' `indexeddb://` handler only exists in browsers and workers). Saving writes the
 * record last and deleting removes the weights first, so a failure leaves nothing behind.
 */
import { io } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { StudioError } from '../../shared/errors.ts';
import { modelFilesFor, type ModelParts, type WeightSpec } from '../../shared/model-files.ts';
import type { ModelFiles, SavedModelInfo } from '../../shared/protocol.ts';
import { cleanModelName, savedModelKey } from '../../shared/saved-models.ts';
import { modelFromParts } from '../models/import.ts';
import { openStudioDb, storage } from './db.ts';

/** Where TF.js keeps saved models' topology and weights. */
export interface ModelVault {
  /** Stores `model`'s topology and weights under `key`. */
  save(key: string, model: LayersModel): Promise<void>;
  /** Reads back what `save` stored under `key`. */
  load(key: string): Promise<io.ModelArtifacts>;
  /** Removes what is stored under `key`; resolves as well when nothing is. */
  remove(key: string): Promise<void>;
}

/** TF.js' "Cannot find model" as `ModelNotFound.weights`; other errors as they are. */
const notFound = (key: string, error: unknown) =>
  /Cannot find model/i.test(String((error as Error | null)?.message ?? error))
    ? new StudioError('ModelNotFound.weights', { key })
    : error;

/** TF.js' own IndexedDB storage (`model.save('indexeddb://…')`, `io.removeModel`). */
export const tfjsIndexedDbVault: ModelVault = {
  async save(key, model) {
    await model.save(key);
  },
  async load(key) {
    const handler = io.getLoadHandlers(key)[0];
    if (!handler?.load) throw new Error(`TF.js has no storage for ${key} here.`);
    try {
      return await handler.load();
    } catch (error) {
      throw notFound(key, error);
    }
  },
  async remove(key) {
    try {
      await io.removeModel(key);
    } catch (error) {
      if (notFound(key, error) !== error) return;
      throw error;
    }
  },
};

/** A record is written before its weights (to get its id) and has no key until they are. */
const isComplete = (info: SavedModelInfo) => info.storageKey !== '';

/** A record still without weights after this long was left by a save that never finished. */
const ABANDONED_MS = 10 * 60_000;

/** What `storeModel` needs besides the model: the record less what storing adds. */
export type SavedModelDraft = Omit<SavedModelInfo, 'id' | 'createdAt' | 'storageKey'>;

/**
 * Saves `model` under a new id: record (without key), TF.js model, then the record with its
 * key. If a step fails, the steps before it are undone and the error is `StorageFailed`.
 */
export async function storeModel(
  model: LayersModel,
  draft: SavedModelDraft,
  vault: ModelVault = tfjsIndexedDbVault,
): Promise<SavedModelInfo> {
  const name = cleanModelName(draft.name);
  const db = await openStudioDb();
  const pending = { ...draft, name, createdAt: Date.now(), storageKey: '' };
  // The in-line key must be absent (not `undefined`) for IndexedDB to generate it.
  const id = await storage('saveModel', () =>
    db.add('models', pending as unknown as SavedModelInfo),
  );
  const info: SavedModelInfo = { ...pending, id, storageKey: savedModelKey(id) };
  try {
    await storage('saveModelWeights', () => vault.save(info.storageKey, model));
    await storage('saveModel', () => db.put('models', info));
  } catch (error) {
    await vault.remove(info.storageKey).catch(() => undefined);
    await db.delete('models', id).catch(() => undefined);
    throw error;
  }
  return info;
}

/** Saved models, newest first; also clears what saves that never finished left behind. */
export function listSavedModels(vault: ModelVault = tfjsIndexedDbVault): Promise<SavedModelInfo[]> {
  return storage('readSavedModels', async () => {
    const db = await openStudioDb();
    const all = await db.getAllFromIndex('models', 'createdAt');
    const abandoned = all.filter((m) => !isComplete(m) && Date.now() - m.createdAt > ABANDONED_MS);
    for (const m of abandoned) {
      await vault.remove(savedModelKey(m.id)).catch(() => undefined);
      await db.delete('models', m.id);
    }
    return all.filter(isComplete).reverse();
  });
}

/** The record of saved model `id`; `ModelNotFound` if there is none. */
export async function readSavedModelInfo(id: number): Promise<SavedModelInfo> {
  const info = await storage('readSavedModel', async () =>
    (await openStudioDb()).get('models', id),
  );
  if (!info || !isComplete(info)) {
    throw new StudioError('ModelNotFound.id', { id });
  }
  return info;
}

/** Saved model `id`'s topology and weights, as the parts TF.js builds a model from. */
async function readModelParts(info: SavedModelInfo, vault: ModelVault): Promise<ModelParts> {
  const artifacts = await storage('readSavedModel', () => vault.load(info.storageKey));
  if (!artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new StudioError('ModelNotFound.noTopology', { name: info.name });
  }
  return {
    modelTopology: artifacts.modelTopology as Record<string, unknown>,
    weightSpecs: (artifacts.weightSpecs ?? []) as WeightSpec[],
    weightData: artifacts.weightData
      ? io.CompositeArrayBuffer.join(artifacts.weightData)
      : new ArrayBuffer(0),
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
}

/** Builds saved model `id`; the caller owns the model. */
export async function loadSavedModel(
  id: number,
  vault: ModelVault = tfjsIndexedDbVault,
): Promise<{ info: SavedModelInfo; model: LayersModel }> {
  const info = await readSavedModelInfo(id);
  const model = await modelFromParts(await readModelParts(info, vault));
  return { info, model };
}

/** Renames saved model `id` (its record only) and returns the new record. */
export async function renameSavedModel(id: number, name: string): Promise<SavedModelInfo> {
  const clean = cleanModelName(name);
  const info = await readSavedModelInfo(id);
  const renamed = { ...info, name: clean };
  await storage('renameModel', async () => (await openStudioDb()).put('models', renamed));
  return renamed;
}

/**
 * Records `testAccuracy` (measured on all 10,000 test images) in saved model `id`'s record if
 * it has none yet (an imported Keras model), so the list shows it as for a trained one. Returns
 * the record as it now is; one that already had an accuracy keeps it.
 */
export async function recordTestAccuracy(
  id: number,
  testAccuracy: number,
): Promise<SavedModelInfo> {
  return storage('saveModel', async () => {
    const db = await openStudioDb();
    const info = await db.get('models', id);
    if (!info || !isComplete(info)) throw new StudioError('ModelNotFound.id', { id });
    if (info.testAccuracy !== undefined) return info;
    const measured = { ...info, testAccuracy };
    await db.put('models', measured);
    return measured;
  });
}

/** Deletes saved model `id`: its TF.js model first, then its record. */
export async function deleteSavedModel(
  id: number,
  vault: ModelVault = tfjsIndexedDbVault,
): Promise<void> {
  const info = await readSavedModelInfo(id);
  await storage('deleteModel', () => vault.remove(info.storageKey));
  await storage('deleteModel', async () => (await openStudioDb()).delete('models', id));
}

/** Saved model `id` as files: `<name>.json` and `<name>.weights.bin`. */
export async function exportSavedModel(
  id: number,
  vault: ModelVault = tfjsIndexedDbVault,
): Promise<ModelFiles> {
  const info = await readSavedModelInfo(id);
  const parts = await readModelParts(info, vault);
  const { name, architecture, testAccuracy, epochs, backend, trainingMs } = info;
  return modelFilesFor(name, parts, {
    architecture,
    testAccuracy,
    epochs,
    backend,
    trainingMs,
  });
}
