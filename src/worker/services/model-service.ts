/**
 * Model service: the model in use (lent to readers through a `ModelSlot`), the book's layer
 * tables, and the saved models (save, load, rename, delete, export, import).
 */
import * as Comlink from 'comlink';
import { StudioError } from '../../shared/errors.ts';
import { MODEL_NAMES, type ModelName } from '../../shared/models.ts';
import type { ModelFiles, ModelSummary, RunRecord, SavedModelInfo } from '../../shared/protocol.ts';
import type { JobRunner } from '../jobs.ts';
import {
  describeCurrentModel,
  loadedModel,
  noteDeleted,
  noteMeasured,
  noteRenamed,
  savedDraft,
  type CurrentModel,
} from '../models/current-model.ts';
import { modelFromFiles } from '../models/import.ts';
import { buildModel, disposeModel, summarizeModel } from '../models/index.ts';
import { ModelSlot } from '../models/model-slot.ts';
import type { StateStore } from '../state.ts';
import {
  deleteSavedModel,
  exportSavedModel,
  listSavedModels,
  loadSavedModel,
  recordTestAccuracy,
  renameSavedModel,
  storeModel,
} from '../storage/models.ts';

/** The model in use and the saved ones. */
export class ModelService {
  readonly slot = new ModelSlot(disposeModel);

  constructor(
    private readonly store: StateStore,
    private readonly jobs: JobRunner,
    private readonly backendReady: Promise<void>,
  ) {}

  /** Makes `current` the model in use (the previous one is disposed once nobody reads it). */
  setCurrent(current: CurrentModel | undefined): void {
    this.slot.replace(current);
    this.publish(true);
  }

  /** Notes the finished run that trained the model in use (saving it records how). */
  noteRun(run: RunRecord): void {
    const current = this.slot.current;
    if (!current) return;
    current.run = run;
    this.publish(false);
  }

  /** Publishes what is known about the model in use; `changed`: another model reads now. */
  publish(changed: boolean): void {
    const current = this.slot.current;
    this.store.update({
      model: current && describeCurrentModel(current),
      modelVersion: this.store.state.modelVersion + (changed ? 1 : 0),
    });
  }

  /** Reads the saved list and publishes it. */
  async refreshSaved(): Promise<SavedModelInfo[]> {
    const savedModels = await listSavedModels();
    this.store.update({ savedModels });
    return savedModels;
  }

  /** The layer table of one of the book's models. */
  async describe(name: ModelName): Promise<ModelSummary> {
    await this.backendReady;
    if (!MODEL_NAMES.includes(name)) {
      throw new StudioError('InvalidConfig.model', { model: String(name) });
    }
    const model = buildModel(name);
    try {
      return summarizeModel(name, model);
    } finally {
      model.dispose();
    }
  }

  /**
   * Saves the model in use under `name`: TF.js keeps it in its IndexedDB database
   * (`indexeddb://mnist-studio-model-<id>`), our 'models' store keeps its description.
   */
  save(name: string, signal?: AbortSignal): Promise<SavedModelInfo> {
    return this.jobs.run('save', signal, async () => {
      const lease = this.slot.lease();
      if (!lease) throw new StudioError('NoModel');
      try {
        const info = await storeModel(lease.current.model, savedDraft(lease.current, name));
        lease.current.saved = info;
        return info;
      } finally {
        lease.release();
        this.publish(false);
        await this.refreshSaved();
      }
    });
  }

  /** Makes saved model `id` the model in use. */
  load(id: number, signal?: AbortSignal): Promise<SavedModelInfo> {
    return this.jobs.run('load', signal, async (job) => {
      const { info, model } = await loadSavedModel(id);
      if (job.signal.aborted) {
        disposeModel(model);
        throw new StudioError('AbortError');
      }
      this.setCurrent(loadedModel(info, model));
      return info;
    });
  }

  /**
   * Notes a test accuracy measured on all test images for `current`: a saved record without one
   * (an imported model) keeps it, and the list shows it.
   */
  async noteEvaluated(current: CurrentModel, testAccuracy: number): Promise<void> {
    const saved = current.saved;
    if (!saved || saved.testAccuracy !== undefined) return;
    try {
      noteMeasured(current, await recordTestAccuracy(saved.id, testAccuracy));
      this.publish(false);
    } catch (error) {
      // The evaluation stands; only the list goes without it (the record was just deleted).
      console.warn('The test accuracy was not recorded:', error);
    } finally {
      await this.refreshSaved();
    }
  }

  /** Renames saved model `id` (its description only). */
  async rename(id: number, name: string): Promise<SavedModelInfo> {
    try {
      const info = await renameSavedModel(id, name);
      noteRenamed(this.slot.current, info);
      this.publish(false);
      return info;
    } finally {
      await this.refreshSaved();
    }
  }

  /** Deletes saved model `id` everywhere; if it is in use, it stays so, unsaved. */
  async delete(id: number): Promise<void> {
    try {
      await deleteSavedModel(id);
      noteDeleted(this.slot.current, id);
      this.publish(false);
    } finally {
      await this.refreshSaved();
    }
  }

  /** Saved model `id` as `<name>.json` and `<name>.weights.bin` (buffers transferred). */
  async export(id: number): Promise<ModelFiles> {
    const files = await exportSavedModel(id);
    return Comlink.transfer(
      files,
      files.files.map((f) => f.bytes),
    );
  }

  /**
   * Checks a layers model's files and adds the model to the saved list; having written
   * nothing if they are not an MNIST model or the import was cancelled.
   */
  import(files: ModelFiles, signal?: AbortSignal): Promise<SavedModelInfo> {
    return this.jobs.run('import', signal, async (job) => {
      await this.backendReady;
      const { model, draft } = await modelFromFiles(files);
      try {
        if (job.signal.aborted) throw new StudioError('AbortError');
        return await storeModel(model, draft);
      } finally {
        disposeModel(model);
        await this.refreshSaved();
      }
    });
  }
}
