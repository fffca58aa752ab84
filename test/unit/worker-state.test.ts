/**
 * The worker's state machinery without Comlink: snapshots and their throttling, one job at a
 * time with cancellation, and models lent to readings (never disposed under one).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { errorCode } from '../../src/shared/errors.ts';
import type { WorkerState } from '../../src/shared/worker-state.ts';
import { JobRunner } from '../../src/worker/jobs.ts';
import { ModelSlot } from '../../src/worker/models/model-slot.ts';
import { PROGRESS_INTERVAL_MS, StateStore } from '../../src/worker/state.ts';

describe('StateStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the state on subscribe and every event at once, with a growing seq', () => {
    const store = new StateStore(() => Date.now());
    const seen: WorkerState[] = [];
    store.subscribe((s) => seen.push(s));
    store.update({ trainingElsewhere: true });
    store.update({ modelVersion: 1 });
    expect(seen.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(seen.at(-1)).toMatchObject({ trainingElsewhere: true, modelVersion: 1 });
  });

  it('coalesces progress to one snapshot per interval, and never loses the last one', () => {
    const store = new StateStore(() => Date.now());
    const seen: WorkerState[] = [];
    store.subscribe((s) => seen.push(s));
    for (let i = 1; i <= 50; i++) {
      store.update(
        { job: { kind: 'download', download: { phase: 'download', loaded: i, total: 50 } } },
        { progress: true },
      );
    }
    // The first goes out at once, the other 49 wait for the interval.
    expect(seen).toHaveLength(2);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(seen).toHaveLength(3);
    expect(seen.at(-1)?.job?.download?.loaded).toBe(50);
  });

  it('sends an event at once even while progress waits, with that progress in it', () => {
    const store = new StateStore(() => Date.now());
    const seen: WorkerState[] = [];
    store.subscribe((s) => seen.push(s));
    store.update({ job: { kind: 'evaluate', steps: { done: 1, total: 10 } } }, { progress: true });
    store.update({ job: { kind: 'evaluate', steps: { done: 2, total: 10 } } }, { progress: true });
    store.update({ job: undefined });
    expect(seen.at(-1)?.job).toBeUndefined();
    const count = seen.length;
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS * 2);
    expect(seen).toHaveLength(count); // nothing stale sent after the job ended
  });
});

describe('JobRunner', () => {
  it('announces the job, refuses a second one with Busy.job, and clears it after', async () => {
    const store = new StateStore();
    const jobs = new JobRunner(store);
    let finish!: () => void;
    const first = jobs.run('download', undefined, () => new Promise<void>((r) => (finish = r)));
    expect(store.state.job).toEqual({ kind: 'download' });
    const second = jobs.run('evaluate', undefined, async () => 'never');
    await expect(second).rejects.toMatchObject({ code: 'Busy.job', params: { job: 'download' } });
    finish();
    await first;
    expect(store.state.job).toBeUndefined();
  });

  it('rejects with AbortError when the page cancels, whatever the work threw', async () => {
    const jobs = new JobRunner(new StateStore());
    const abort = new AbortController();
    const run = jobs.run(
      'measure',
      abort.signal,
      (job) =>
        new Promise((_, reject) =>
          job.signal.addEventListener('abort', () => reject(new Error('torn down'))),
        ),
    );
    abort.abort();
    const error = await run.catch((e: unknown) => e);
    expect(errorCode(error)).toBe('AbortError');
  });

  it('does not start a job whose signal is already aborted', async () => {
    const store = new StateStore();
    const jobs = new JobRunner(store);
    const work = vi.fn(async () => 1);
    await expect(jobs.run('evaluate', AbortSignal.abort(), work)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(work).not.toHaveBeenCalled();
    expect(store.state.job).toBeUndefined();
  });
});

describe('ModelSlot', () => {
  const fakeModel = (name: string) => ({ name }) as unknown as LayersModel;

  it('disposes a replaced model at once when nobody reads with it', () => {
    const disposed: LayersModel[] = [];
    const slot = new ModelSlot((m) => disposed.push(m));
    const a = fakeModel('a');
    slot.replace({ name: 'conv', model: a });
    slot.replace({ name: 'dense', model: fakeModel('b') });
    expect(disposed).toEqual([a]);
  });

  it('keeps a leased model until its last lease ends', () => {
    const disposed: LayersModel[] = [];
    const slot = new ModelSlot((m) => disposed.push(m));
    const a = fakeModel('a');
    slot.replace({ name: 'conv', model: a });
    const first = slot.lease()!;
    const second = slot.lease()!;
    slot.replace({ name: 'dense', model: fakeModel('b') });
    expect(disposed).toEqual([]);
    expect(slot.retiredCount).toBe(1);
    first.release();
    first.release(); // twice counts once
    expect(disposed).toEqual([]);
    second.release();
    expect(disposed).toEqual([a]);
    expect(slot.current?.name).toBe('dense');
  });

  it('lends nothing when there is no model', () => {
    expect(new ModelSlot(() => {}).lease()).toBeUndefined();
  });
});
