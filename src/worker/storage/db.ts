/**
 * The app's one IndexedDB database, 'mnist-studio', through `idb`: the four MNIST files, a meta
 * record saying they are complete, the history of training runs, saved models' descriptions,
 * the training checkpoint and the person's own digits. (TF.js keeps saved models' weights in its own database, under
 * `indexeddb://` keys.) Every failure becomes `StorageFailed`, naming what was being done.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { crc32 } from '../../shared/crc32.ts';
import { StudioError, type StorageAction } from '../../shared/errors.ts';
import { MNIST_FILES, type MnistFileKey } from '../../shared/mnist.ts';
import type {
  BatchPoint,
  DataStatus,
  EpochPoint,
  RunRecord,
  SavedModelInfo,
  TrainConfig,
} from '../../shared/protocol.ts';
import type { BackendName } from '../../shared/backends.ts';
import type { PersonalDigit } from '../../shared/personal.ts';
import type { MnistFiles } from '../data/mnist-data.ts';

/** Name of the database. */
export const DB_NAME = 'mnist-studio';
/** Current schema version; `upgrade` below brings any older database up to it. */
export const DB_VERSION = 3;

/** One stored MNIST file: the uncompressed IDX bytes, header included, and their CRC-32. */
export interface StoredMnistFile {
  key: MnistFileKey;
  bytes: Uint8Array;
  crc32: number;
}

/** Written with the four files in one transaction, so its presence means they are complete. */
export interface MnistMeta {
  key: 'mnist';
  /** Total uncompressed bytes of the four files. */
  bytes: number;
  /** When they were stored (ms since epoch). */
  storedAt: number;
}

/** A tensor's values as stored: name, shape and the raw little-endian bytes. */
export interface StoredTensor {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: ArrayBuffer;
}

/** The state of an unfinished run at the end of its last finished epoch (key 'current'). */
export interface CheckpointRecord {
  key: 'current';
  config: TrainConfig;
  backend: BackendName;
  /** Epochs finished so far; training resumes with the next one. */
  epochsDone: number;
  history: EpochPoint[];
  /** Every batch's point so far, so a resumed run shows the same curves. */
  batches: BatchPoint[];
  examplesDone: number;
  activeMs: number;
  /** Time in training steps alone so far (absent in checkpoints saved before it was kept). */
  stepMs?: number;
  weights: StoredTensor[];
  /** The optimizer's state (RMSprop's iteration count and moving averages). */
  optimizer: StoredTensor[];
  /** A copy of the best epoch's weights, when the run keeps the best (`config.keepBest`). */
  best?: StoredTensor[];
  savedAt: number;
}

/** How fast each backend trained on this device (the automatic backend choice, cached). */
export interface BackendTimingsMeta {
  key: 'backend-timings';
  /** What the timings are valid for: GPU, cores, isolation, kernels (see backend/choose.ts). */
  device: string;
  /** Milliseconds per training step of the listing 4.1 convnet at batch 320, by backend. */
  stepMs: Partial<Record<string, number>>;
  measuredAt: number;
}

/** The schema of 'mnist-studio'. */
export interface StudioDb extends DBSchema {
  /** The four MNIST files, keyed by `MnistFileKey`. */
  mnist: { key: MnistFileKey; value: StoredMnistFile };
  /** Small records about the rest, keyed by name; 'mnist' marks a complete dataset. */
  meta: { key: string; value: MnistMeta | BackendTimingsMeta };
  /** Finished training runs, with auto-increment ids. */
  runs: { key: number; value: RunRecord; indexes: { finishedAt: number } };
  /** Saved models' descriptions (since version 2); weights are under `storageKey`. */
  models: { key: number; value: SavedModelInfo; indexes: { createdAt: number } };
  /** The training checkpoint (since version 2). */
  checkpoints: { key: string; value: CheckpointRecord };
  /** The person's own digits, My digits (since version 3), with auto-increment ids. */
  personal: { key: number; value: PersonalDigit };
}

let dbPromise: Promise<IDBPDatabase<StudioDb>> | undefined;

/** Turns any IndexedDB failure into `StorageFailed`, saying what was being done. */
function storageError(error: unknown, action: StorageAction): StudioError {
  if (error instanceof StudioError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') return new StudioError('StorageFailed.quota', { action });
  const message = error instanceof Error ? error.message : String(error);
  const detail = typeof name === 'string' ? `${name}: ${message}` : message;
  return new StudioError('StorageFailed.indexedDb', { action, detail });
}

/** Runs `work`, mapping its failures to `StorageFailed` (`StorageFailed.*` with `action`). */
export async function storage<T>(action: StorageAction, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageError(error, action);
  }
}

/** Opens the database once per worker (memoised; a failed or closed one is reopened next time). */
export function openStudioDb(): Promise<IDBPDatabase<StudioDb>> {
  dbPromise ??= openDB<StudioDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // One step per version, so a database several versions old runs every step in order.
      if (oldVersion < 1) {
        db.createObjectStore('mnist', { keyPath: 'key' });
        db.createObjectStore('meta', { keyPath: 'key' });
        const runs = db.createObjectStore('runs', { keyPath: 'id', autoIncrement: true });
        runs.createIndex('finishedAt', 'finishedAt');
      }
      if (oldVersion < 2) {
        const models = db.createObjectStore('models', { keyPath: 'id', autoIncrement: true });
        models.createIndex('createdAt', 'createdAt');
        db.createObjectStore('checkpoints', { keyPath: 'key' });
      }
      if (oldVersion < 3) {
        db.createObjectStore('personal', { keyPath: 'id', autoIncrement: true });
      }
    },
    blocking() {
      // A newer version of the app wants to upgrade: let it, and reopen on our next call.
      void dbPromise?.then((db) => db.close());
      dbPromise = undefined;
    },
    terminated() {
      dbPromise = undefined;
    },
  }).catch((error: unknown) => {
    dbPromise = undefined;
    throw storageError(error, 'openDatabase');
  });
  return dbPromise;
}

const notCached: DataStatus = { cached: false, bytes: 0 };

/** Whether MNIST is stored, from the meta record alone (never loads the 55 MB of files). */
export function readMnistStatus(): Promise<DataStatus> {
  return storage('readDatasetStatus', async () => {
    const meta = await (await openStudioDb()).get('meta', 'mnist');
    return meta?.key === 'mnist'
      ? { cached: true, bytes: meta.bytes, storedAt: meta.storedAt }
      : { ...notCached };
  });
}

/** The four stored files, or `undefined` if the dataset is not (completely) stored. */
export function readMnistFiles(): Promise<MnistFiles | undefined> {
  return storage('readMnist', async () => {
    const tx = (await openStudioDb()).transaction(['mnist', 'meta'], 'readonly');
    const mnist = tx.objectStore('mnist');
    const [meta, ...stored] = await Promise.all([
      tx.objectStore('meta').get('mnist'),
      ...MNIST_FILES.map((spec) => mnist.get(spec.key)),
    ]);
    await tx.done;
    if (!meta || stored.some((file) => !file)) return undefined;
    const files = {} as MnistFiles;
    for (const file of stored) files[file!.key] = file!.bytes;
    return files;
  });
}

/** Stores the four (already verified) files and the meta record in one transaction. */
export function writeMnistFiles(files: MnistFiles): Promise<DataStatus> {
  return storage('storeMnist', async () => {
    // Checksums first (55 MB takes a moment), so the transaction itself is short.
    const records: StoredMnistFile[] = MNIST_FILES.map(({ key }) => ({
      key,
      bytes: files[key],
      crc32: crc32(files[key]),
    }));
    const tx = (await openStudioDb()).transaction(['mnist', 'meta'], 'readwrite');
    const meta: MnistMeta = {
      key: 'mnist',
      bytes: records.reduce((sum, record) => sum + record.bytes.length, 0),
      storedAt: Date.now(),
    };
    try {
      await Promise.all([
        ...records.map((record) => tx.objectStore('mnist').put(record)),
        tx.objectStore('meta').put(meta),
        tx.done,
      ]);
    } catch (error) {
      // A request fails with a generic AbortError; the transaction's error says why (quota).
      throw tx.error ?? error;
    }
    return { cached: true, bytes: meta.bytes, storedAt: meta.storedAt };
  });
}

/** Deletes the stored files and their meta record, in one transaction. */
export function deleteMnistFiles(): Promise<DataStatus> {
  return storage('deleteMnist', async () => {
    const tx = (await openStudioDb()).transaction(['mnist', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('meta').delete('mnist'),
      tx.objectStore('mnist').clear(),
      tx.done,
    ]);
    return { ...notCached };
  });
}

/** Records a finished run and returns its new id (any `id` on `run` is ignored). */
export function addRun(run: RunRecord): Promise<number> {
  return storage('saveRun', async () => {
    // An in-line key must be absent, not `undefined`, for IndexedDB to generate it.
    const record = { ...run };
    delete record.id;
    return (await openStudioDb()).add('runs', record);
  });
}

/** All recorded runs, newest (latest `finishedAt`) first. */
export function listRuns(): Promise<RunRecord[]> {
  return storage('readRuns', async () => {
    const runs = await (await openStudioDb()).getAllFromIndex('runs', 'finishedAt');
    return runs.reverse();
  });
}

/** Deletes one recorded run. */
export function deleteRun(id: number): Promise<void> {
  return storage('deleteRun', async () => {
    await (await openStudioDb()).delete('runs', id);
  });
}
