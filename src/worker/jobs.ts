/**
 * One job at a time: a job is announced in the state's `job` while it runs, refused with
 * `Busy.job` while another runs, and cancelled through its `AbortSignal` (the call then rejects
 * with `AbortError`, having left nothing half done: each job's own code sees to that).
 */
import { StudioError, throwIfAborted } from '../shared/errors.ts';
import type { JobKind, JobState } from '../shared/worker-state.ts';
import type { StateStore } from './state.ts';

/** What a running job can do: check for cancellation, report progress. */
export interface JobContext {
  /** Aborted when the page cancels the job. */
  signal: AbortSignal;
  /** Merges into the job's state (throttled: progress, not events). */
  progress: (patch: Omit<Partial<JobState>, 'kind'>) => void;
  /** Merges into the job's state and sends it at once (pause, stop). */
  set: (patch: Omit<Partial<JobState>, 'kind'>) => void;
}

/** Runs the worker's jobs one at a time. */
export class JobRunner {
  constructor(private readonly store: StateStore) {}

  /** The job in progress, if any. */
  get current(): JobKind | undefined {
    return this.store.state.job?.kind;
  }

  /** Runs `work` as job `kind`, unless another job runs. */
  async run<T>(
    kind: JobKind,
    signal: AbortSignal | undefined,
    work: (job: JobContext) => Promise<T>,
  ): Promise<T> {
    this.assertIdle();
    throwIfAborted(signal);
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    this.store.update({ job: { kind } });
    const merge = (patch: Omit<Partial<JobState>, 'kind'>, progress: boolean) => {
      const job = this.store.state.job;
      if (job?.kind === kind) this.store.update({ job: { ...job, ...patch } }, { progress });
    };
    try {
      return await work({
        signal: controller.signal,
        progress: (patch) => merge(patch, true),
        set: (patch) => merge(patch, false),
      });
    } catch (error) {
      // Whatever failed after a cancellation, the person asked for it to end: say so.
      if (controller.signal.aborted) throw new StudioError('AbortError');
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
      this.store.update({ job: undefined });
    }
  }

  /** Throws `Busy.job` while a job runs. */
  assertIdle(): void {
    const job = this.current;
    if (job) throw new StudioError('Busy.job', { job });
  }
}
