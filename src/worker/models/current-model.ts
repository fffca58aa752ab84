/**
 * The worker's current model (the one `evaluate` and predictions use) and what is known about
 * it: the run that trained it, or the saved record it was loaded from, and whether it is saved.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelName } from '../../shared/models.ts';
import type { CurrentModelInfo, RunRecord, SavedModelInfo } from '../../shared/protocol.ts';
import type { SavedModelDraft } from '../storage/models.ts';

/** The model in use. `{name, model}` alone is a freshly built (or partly trained) one. */
export interface CurrentModel {
  /** The architecture: one of the book's models, or `custom` (imported). */
  name: ModelName | 'custom';
  model: LayersModel;
  /** The finished run that trained it. */
  run?: RunRecord;
  /** The saved record it was loaded from (kept after that record is deleted). */
  loaded?: SavedModelInfo;
  /** Its saved record, while it has one (after Save, or when loaded and not deleted). */
  saved?: SavedModelInfo;
}

/** A model loaded from the saved list. */
export function loadedModel(info: SavedModelInfo, model: LayersModel): CurrentModel {
  return { name: info.architecture, model, loaded: info, saved: info };
}

/** What a saved copy of `current` records, under `name`. */
export function savedDraft(current: CurrentModel, name: string): SavedModelDraft {
  const params = current.model.countParams();
  const { run, loaded } = current;
  if (run) {
    return {
      name,
      architecture: current.name,
      params,
      source: 'trained',
      testAccuracy: run.testAccuracy,
      epochs: run.epochsCompleted,
      backend: run.backend,
      trainingMs: run.durationMs,
    };
  }
  if (loaded) {
    const { architecture, source, origin, testAccuracy, epochs, backend, trainingMs } = loaded;
    return {
      name,
      architecture,
      params,
      source,
      ...(origin && { origin }),
      testAccuracy,
      epochs,
      backend,
      trainingMs,
    };
  }
  return { name, architecture: current.name, params, source: 'trained' };
}

/** Notes that saved model `info.id` now records a test accuracy, if it is the current one. */
export function noteMeasured(current: CurrentModel | undefined, info: SavedModelInfo): void {
  if (current?.saved?.id === info.id) current.saved = info;
  if (current?.loaded?.id === info.id) current.loaded = info;
}

/** Notes a rename of saved model `info.id`, if it is the current one. */
export function noteRenamed(current: CurrentModel | undefined, info: SavedModelInfo): void {
  if (current?.saved?.id !== info.id) return;
  current.saved = info;
  if (current.loaded?.id === info.id) current.loaded = info;
}

/** Notes that saved model `id` was deleted: if it is in use it stays so, but unsaved. */
export function noteDeleted(current: CurrentModel | undefined, id: number): void {
  if (current?.saved?.id === id) current.saved = undefined;
}

/** What the UI shows about the model in use. */
export function describeCurrentModel(current: CurrentModel): CurrentModelInfo {
  const { run, loaded, saved } = current;
  return {
    origin: loaded ? 'saved' : 'trained',
    architecture: current.name,
    name: saved?.name ?? loaded?.name ?? current.name,
    savedId: saved?.id,
    testAccuracy: run?.testAccuracy ?? loaded?.testAccuracy,
    createdAt: run?.finishedAt ?? loaded?.createdAt,
  };
}
