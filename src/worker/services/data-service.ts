/** Data service: MNIST in IndexedDB — its status, download (cancellable), deletion, the bytes. */
import { StudioError, throwIfAborted } from '../../shared/errors.ts';
import { MNIST_ASSET_DIR } from '../../shared/mnist.ts';
import type { DataStatus } from '../../shared/protocol.ts';
import { downloadMnist } from '../data/download.ts';
import { MnistData } from '../data/mnist-data.ts';
import type { JobRunner } from '../jobs.ts';
import type { StateStore } from '../state.ts';
import {
  deleteMnistFiles,
  readMnistFiles,
  readMnistStatus,
  writeMnistFiles,
} from '../storage/db.ts';

/** The dataset: read from IndexedDB on first use, kept as bytes. */
export class DataService {
  #data: MnistData | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly jobs: JobRunner,
  ) {}

  /** Reads whether MNIST is stored (IndexedDB only, never the network) and publishes it. */
  async refresh(): Promise<DataStatus> {
    try {
      const status = await readMnistStatus();
      this.store.update({ data: status });
      return status;
    } catch (error) {
      this.store.update({ data: { cached: false, bytes: 0 } });
      throw error;
    }
  }

  /** The dataset, or `DataMissing`. */
  async load(): Promise<MnistData> {
    if (this.#data) return this.#data;
    const files = await readMnistFiles();
    if (!files) throw new StudioError('DataMissing');
    this.#data = MnistData.fromFiles(files);
    return this.#data;
  }

  /** The dataset when it is stored, else `undefined`. */
  async loadIfStored(): Promise<MnistData | undefined> {
    return (await readMnistStatus()).cached ? this.load() : undefined;
  }

  /**
   * Downloads, verifies and stores MNIST (in one transaction), reporting compressed bytes.
   * Cancelled before the write, it stores nothing.
   */
  download(signal?: AbortSignal): Promise<DataStatus> {
    return this.jobs.run('download', signal, async (job) => {
      const base = new URL(import.meta.env.BASE_URL + MNIST_ASSET_DIR, self.location.origin);
      const files = await downloadMnist(base, (p) => job.progress({ download: p }), {
        signal: job.signal,
      });
      throwIfAborted(job.signal);
      job.set({ download: { phase: 'store', loaded: 1, total: 1 } });
      const status = await writeMnistFiles(files);
      this.#data = MnistData.fromFiles(files);
      this.store.update({ data: status });
      return status;
    });
  }

  /** Deletes the stored MNIST files. */
  delete(signal?: AbortSignal): Promise<DataStatus> {
    return this.jobs.run('deleteData', signal, async () => {
      this.#data = undefined;
      const status = await deleteMnistFiles();
      this.store.update({ data: status });
      return status;
    });
  }
}
