/**
 * A `ModelVault` in memory, for Node: TF.js' `indexeddb://` handler only exists in browsers and
 * workers. It saves through `io.withSaveHandler`, so it stores exactly the artifacts TF.js'
 * IndexedDB handler would (the browser tests cover that handler itself).
 */
import { io } from '@tensorflow/tfjs-core';
import type { ModelVault } from '../../../src/worker/storage/models.ts';

/** A memory vault, and a look at what it holds. */
export interface MemoryVault extends ModelVault {
  keys(): string[];
}

/** Creates an empty memory vault; `failSave` makes the next saves fail (for rollback tests). */
export function memoryVault(options: { failSave?: boolean } = {}): MemoryVault {
  const stored = new Map<string, io.ModelArtifacts>();
  return {
    async save(key, model) {
      await model.save(
        io.withSaveHandler(async (artifacts) => {
          if (options.failSave) throw new Error('QuotaExceededError: no space left');
          // A copy, as IndexedDB's structured clone would make.
          const weightData = io.CompositeArrayBuffer.join(artifacts.weightData).slice(0);
          stored.set(key, {
            ...structuredClone({ ...artifacts, weightData: undefined }),
            weightData,
          });
          return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
        }),
      );
    },
    async load(key) {
      const artifacts = stored.get(key);
      if (!artifacts) throw new Error(`Cannot find model with path '${key}' in IndexedDB.`);
      return { ...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(0) };
    },
    async remove(key) {
      stored.delete(key);
    },
    keys: () => [...stored.keys()],
  };
}
