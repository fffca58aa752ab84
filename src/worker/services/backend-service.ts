/** Backend service: starts TF.js on the person's choice, switches it, measures training speed. */
import type { BackendChoice, BackendInfo, BackendName, StartMode } from '../../shared/backends.ts';
import { MODEL_NAMES, type ModelName } from '../../shared/models.ts';
import type { SpeedResult } from '../../shared/protocol.ts';
import { describeBackend, rememberTimings, setStartMode, useBackend } from '../backend/backends.ts';
import type { MnistData } from '../data/mnist-data.ts';
import type { JobRunner } from '../jobs.ts';
import { buildModel, compileForTraining, disposeModel } from '../models/index.ts';
import type { StateStore } from '../state.ts';
import { timeTrainingBatches } from '../training/speed.ts';

/** Options of a training-speed measurement. */
export interface SpeedOptions {
  backends?: BackendName[];
  models?: ModelName[];
  batchSize?: number;
  /** Timed batches per backend and model, after one warm-up batch. */
  batches?: number;
}

/** Which backend computes, and how fast each trains. */
export class BackendService {
  #started: () => void = () => {};
  /**
   * Settles once a backend has started. Work that makes tensors waits for it: otherwise TF.js
   * would start its own default backend (WebGL) for an early call.
   */
  readonly ready = new Promise<void>((resolve) => (this.#started = resolve));

  constructor(
    private readonly store: StateStore,
    private readonly jobs: JobRunner,
    /** The stored dataset, if MNIST is stored (speed is timed on real images then). */
    private readonly storedData: () => Promise<MnistData | undefined>,
  ) {}

  /** Starts TF.js on `choice` (in `mode`, see `StartMode`) and publishes what runs. */
  async start(choice: BackendChoice, mode: StartMode = 'threads'): Promise<BackendInfo> {
    try {
      setStartMode(mode);
      const info = await useBackend(choice);
      this.store.update({ backend: info, backendFailed: false });
      this.#started();
      return info;
    } catch (error) {
      this.store.update({ backendFailed: true });
      throw error;
    }
  }

  /** Publishes what runs now (after a GPU loss or a speed measurement the choice may change). */
  async refresh(): Promise<BackendInfo> {
    const info = await describeBackend();
    this.store.update({ backend: info });
    return info;
  }

  /** Switches the compute backend (a job: not while another runs). */
  setBackend(choice: BackendChoice, signal?: AbortSignal): Promise<BackendInfo> {
    return this.jobs.run('backend', signal, async () => {
      try {
        await useBackend(choice);
      } finally {
        // Even after a failure, publish the backend really in use.
        await this.refresh();
      }
      return this.store.state.backend!;
    });
  }

  /**
   * Times real training batches of each model on each backend (`big` only where `conv` trained
   * fast enough for its batches to take seconds, not minutes), then returns to the backend in
   * use before. Cancelling stops at the next batch and keeps the automatic choice's timings.
   */
  measureSpeed(options: SpeedOptions = {}, signal?: AbortSignal): Promise<SpeedResult[]> {
    return this.jobs.run('measure', signal, async (job) => {
      await this.ready;
      const before = await describeBackend();
      const backends = options.backends ?? before.available;
      const models = options.models ?? [...MODEL_NAMES];
      const batchSize = options.batchSize ?? 320;
      const batches = options.batches ?? 5;
      const data = await this.storedData();
      const results: SpeedResult[] = [];
      let skipped = 0;
      const total = backends.length * models.length;
      try {
        for (const backend of backends) {
          await useBackend(backend);
          for (const name of models) {
            const done = results.length + skipped;
            if (name === 'big' && tooSlowForBig(results, backend)) {
              skipped++;
              continue;
            }
            job.progress({ steps: { done, total, measuring: { model: name, backend } } });
            const model = buildModel(name);
            compileForTraining(model);
            try {
              // WebGL compiles its shaders on the first steps: warm it up longer.
              const warmup = backend === 'webgl' ? 2 : 1;
              const batchMs = await timeTrainingBatches(
                model,
                batchSize,
                batches,
                data,
                warmup,
                job.signal,
              );
              results.push({
                backend,
                model: name,
                batchSize,
                batchMs,
                examplesPerSecond: (batchSize * 1000) / batchMs,
              });
            } finally {
              disposeModel(model);
            }
          }
        }
        // The automatic choice uses these timings from now on ("re-measured on demand").
        const conv = results.filter((r) => r.model === 'conv' && r.batchSize === 320);
        await rememberTimings(Object.fromEntries(conv.map((r) => [r.backend, r.batchMs])));
      } finally {
        await useBackend(before.choice);
        await this.refresh();
      }
      job.progress({ steps: { done: total, total } });
      return results;
    });
  }
}

/**
 * Below this many conv examples per second (measured just before), `big` (≈ 14× the work) is
 * not timed on that backend: its batches of 320 would take over 4 s each, minutes in all.
 */
const BIG_NEEDS_CONV_RATE = 1_000;

function tooSlowForBig(results: readonly SpeedResult[], backend: BackendName): boolean {
  const conv = results.find((r) => r.backend === backend && r.model === 'conv');
  return conv !== undefined && conv.examplesPerSecond < BIG_NEEDS_CONV_RATE;
}
