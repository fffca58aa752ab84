/**
 * Training service: runs (new or resumed from a checkpoint) with pause, resume and stop, the
 * evaluation on the test set, the run history and the unfinished run's checkpoint. A run
 * whose GPU is lost mid-way goes on with WASM from the last epoch's checkpoint.
 */
import * as Comlink from 'comlink';
import { getBackend } from '@tensorflow/tfjs-core';
import type { BackendName } from '../../shared/backends.ts';
import { StudioError } from '../../shared/errors.ts';
import { TEST_COUNT } from '../../shared/mnist.ts';
import type {
  CheckpointInfo,
  Evaluation,
  TrainConfig,
  TrainOutcome,
  TrainProgress,
} from '../../shared/protocol.ts';
import { dropLostGpuBackend, gpuLoss, gpuWasLost } from '../backend/backends.ts';
import type { JobContext, JobRunner } from '../jobs.ts';
import { withTrainingLock } from '../locks.ts';
import type { StateStore } from '../state.ts';
import { deleteCheckpoint, describeCheckpoint, readCheckpoint } from '../storage/checkpoints.ts';
import { deleteRun, listRuns, type CheckpointRecord } from '../storage/db.ts';
import { TrainingControl } from '../training/control.ts';
import { evaluateModel } from '../training/evaluate.ts';
import { runTraining } from '../training/run.ts';
import { checkTrainConfig } from '../training/train.ts';
import type { BackendService } from './backend-service.ts';
import type { DataService } from './data-service.ts';
import type { ModelService } from './model-service.ts';

/** Moves an evaluation's example pixels to the page instead of copying them. */
function transferEvaluation<T extends { evaluation: Evaluation } | Evaluation>(value: T): T {
  const evaluation: Evaluation = 'evaluation' in value ? value.evaluation : (value as Evaluation);
  return Comlink.transfer(value, [
    evaluation.examples.pixels.buffer,
    evaluation.mistakes.pixels.buffer,
  ]);
}

/** Training runs, evaluation, history and checkpoint. */
export class TrainingService {
  /** The run in progress: its pause/stop control and its job. */
  #run: { control: TrainingControl; job: JobContext } | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly jobs: JobRunner,
    private readonly data: DataService,
    private readonly models: ModelService,
    private readonly backend: BackendService,
  ) {}

  /** Reads the run history and publishes it. */
  async refreshRuns(): Promise<void> {
    this.store.update({ runs: await listRuns() });
  }

  /** Reads the unfinished run, if any, and publishes it. */
  async refreshCheckpoint(): Promise<CheckpointInfo | undefined> {
    const record = await readCheckpoint();
    const checkpoint = record && describeCheckpoint(record);
    this.store.update({ checkpoint });
    return checkpoint;
  }

  /**
   * Trains a new model (replacing any unfinished run's checkpoint), then evaluates it on the
   * test set and records the run. Refused while another tab trains.
   */
  train(
    config: TrainConfig,
    onProgress: (p: TrainProgress) => void,
    signal?: AbortSignal,
  ): Promise<TrainOutcome> {
    checkTrainConfig(config);
    return this.#asJob(signal, async (job) => {
      await deleteCheckpoint();
      this.store.update({ checkpoint: undefined });
      return this.#startRun(config, undefined, onProgress, job);
    });
  }

  /** Continues the unfinished run from the end of its last finished epoch, same curves. */
  resume(onProgress: (p: TrainProgress) => void, signal?: AbortSignal): Promise<TrainOutcome> {
    return this.#asJob(signal, async (job) => {
      const checkpoint = await readCheckpoint();
      if (!checkpoint) throw new StudioError('CheckpointInvalid.missing');
      return this.#startRun(checkpoint.config, checkpoint, onProgress, job);
    });
  }

  /** Forgets the unfinished run. */
  async discardCheckpoint(): Promise<void> {
    if (this.#run) this.jobs.assertIdle();
    await deleteCheckpoint();
    this.store.update({ checkpoint: undefined });
  }

  /** Pauses training at the next batch boundary. */
  pause(): void {
    if (!this.#run) return;
    this.#run.control.pause();
    this.#run.job.set({ paused: true });
  }

  /** Resumes a paused run. */
  resumeRun(): void {
    if (!this.#run) return;
    this.#run.control.resume();
    this.#run.job.set({ paused: false });
  }

  /** Ends training at the next batch boundary, keeping (and testing) the model trained so far. */
  stop(): void {
    if (!this.#run) return;
    this.#run.control.stop();
    this.#run.job.set({ stopping: true, paused: false });
  }

  /** Evaluates the model in use on the 10,000 test images (cancellable between batches). */
  evaluate(signal?: AbortSignal): Promise<Evaluation> {
    return this.jobs.run('evaluate', signal, async (job) => {
      const lease = this.models.slot.lease();
      if (!lease) throw new StudioError('NoModel');
      try {
        const data = await this.data.load();
        const evaluation = await evaluateModel(
          lease.current.model,
          data,
          (steps) => job.progress({ steps }),
          undefined,
          job.signal,
        );
        // A saved model imported without its test accuracy (a Keras one) records it now.
        if (evaluation.count === TEST_COUNT) {
          await this.models.noteEvaluated(lease.current, evaluation.accuracy);
        }
        return transferEvaluation(evaluation);
      } finally {
        lease.release();
      }
    });
  }

  /**
   * Runs `work` as job `kind` under the browser-wide training lock, with a control that
   * `pause`, `resumeRun` and `stop` reach (a fine-tune uses it as a run does); cancelling the
   * job stops it at the next batch boundary.
   */
  runControlled<T>(
    kind: 'finetune',
    signal: AbortSignal | undefined,
    work: (control: TrainingControl, job: JobContext) => Promise<T>,
  ): Promise<T> {
    return this.jobs.run(kind, signal, (job) =>
      withTrainingLock(async () => {
        const control = new TrainingControl();
        this.#run = { control, job };
        job.signal.addEventListener('abort', () => control.stop(), { once: true });
        try {
          return await work(control, job);
        } finally {
          this.#run = undefined;
          await this.refreshRuns().catch(() => {});
        }
      }),
    );
  }

  /** Removes one run from the history. */
  async deleteRun(id: number): Promise<void> {
    await deleteRun(id);
    await this.refreshRuns();
  }

  /** A run as the worker's job, holding the browser-wide training lock. */
  #asJob(
    signal: AbortSignal | undefined,
    work: (job: JobContext) => Promise<TrainOutcome>,
  ): Promise<TrainOutcome> {
    return this.jobs.run('train', signal, (job) =>
      withTrainingLock(async () => {
        try {
          return await work(job);
        } finally {
          this.#run = undefined;
          await Promise.allSettled([this.refreshRuns(), this.refreshCheckpoint()]);
        }
      }),
    );
  }

  /**
   * Runs training (see `#attemptRun`). If the GPU under WebGL or WebGPU is lost mid-run, the
   * run goes on: WASM takes over from the last epoch's checkpoint (or from the start, if no
   * epoch had finished), and progress reports say so.
   */
  async #startRun(
    config: TrainConfig,
    checkpoint: CheckpointRecord | undefined,
    onProgress: (p: TrainProgress) => void,
    job: JobContext,
  ): Promise<TrainOutcome> {
    try {
      return await this.#attemptRun(config, checkpoint, onProgress, job);
    } catch (error) {
      if (!(await gpuWasLost())) throw error;
      const from = getBackend() as BackendName;
      console.warn(`The GPU under ${from} was lost; training goes on from the last checkpoint.`);
      const info = await dropLostGpuBackend();
      await this.backend.refresh();
      const resumed = (await readCheckpoint()) ?? undefined;
      const note = { from, to: info.active, fromEpoch: (resumed?.epochsDone ?? 0) + 1 };
      return this.#attemptRun(config, resumed, (p) => onProgress({ ...p, gpuLost: note }), job);
    }
  }

  /** Runs training: the model becomes the one in use at once, Stop/Pause reach it. */
  async #attemptRun(
    config: TrainConfig,
    checkpoint: CheckpointRecord | undefined,
    onProgress: (p: TrainProgress) => void,
    job: JobContext,
  ): Promise<TrainOutcome> {
    const data = await this.data.load();
    const control = new TrainingControl();
    this.#run = { control, job };
    control.onPauseChange((paused) => job.set({ paused }));
    const outcome = await runTraining({
      config,
      data,
      checkpoint,
      gpuLost: gpuLoss(),
      backend: getBackend() as BackendName,
      control,
      signal: job.signal,
      onProgress,
      onEvaluate: (steps) => job.progress({ steps }),
      onModel: (model) => this.models.setCurrent({ name: config.model, model }),
    });
    this.models.noteRun(outcome.run);
    return transferEvaluation(outcome);
  }
}
