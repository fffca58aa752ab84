/** The automatic backend choice: what it times, how it stops early, and what it keeps. */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { BackendName } from '../../src/shared/backends.ts';
import {
  deviceKey,
  fastestBackend,
  timeBackends,
  timingCandidates,
} from '../../src/worker/backend/choose.ts';
import {
  readBackendTimings,
  writeBackendTimings,
} from '../../src/worker/storage/backend-timings.ts';
import { readMnistStatus } from '../../src/worker/storage/db.ts';

describe('the automatic backend choice', () => {
  it('times WASM first, skips CPU when WASM works and GPUs that render in software', () => {
    expect(timingCandidates(['webgpu', 'webgl', 'wasm', 'cpu'], {})).toEqual([
      'wasm',
      'webgpu',
      'webgl',
    ]);
    expect(timingCandidates(['webgl', 'wasm', 'cpu'], { webgl: true })).toEqual(['wasm']);
    expect(timingCandidates(['webgl', 'cpu'], { webgl: true })).toEqual(['webgl', 'cpu']);
  });

  it('stops timing a backend whose warm-up step is hopelessly slow', async () => {
    const stepMs: Record<string, { warmUp: number; timed: number }> = {
      wasm: { warmUp: 150, timed: 100 },
      webgl: { warmUp: 5_000, timed: 3_000 },
      webgpu: { warmUp: 120, timed: 40 },
    };
    const timedFully: string[] = [];
    const timings = await timeBackends(['wasm', 'webgl', 'webgpu'], async (backend, hopeless) => {
      const { warmUp, timed } = stepMs[backend];
      if (hopeless(warmUp)) return warmUp;
      timedFully.push(backend);
      return timed;
    });
    expect(timings).toEqual({ wasm: 100, webgl: 5_000, webgpu: 40 });
    expect(timedFully).toEqual(['wasm', 'webgpu']);
    expect(fastestBackend(timings, ['wasm', 'webgl', 'webgpu'])).toBe('webgpu');
    // A backend no longer available (its GPU was lost) is not chosen.
    expect(fastestBackend(timings, ['wasm', 'webgl'])).toBe('wasm');
    expect(fastestBackend({}, ['wasm'])).toBeUndefined();
  });

  it('keeps timings per device in IndexedDB, next to the dataset record', async () => {
    const here = deviceKey('ANGLE (SwiftShader)', 2);
    const elsewhere = deviceKey('Apple M2', 2);
    expect(here).not.toBe(elsewhere);
    await writeBackendTimings(here, { wasm: 90, webgl: 3_000 });
    await writeBackendTimings(here, { webgl: 2_500 } as Partial<Record<BackendName, number>>);
    expect((await readBackendTimings(here))?.stepMs).toEqual({ wasm: 90, webgl: 2_500 });
    expect(await readBackendTimings(elsewhere)).toBeUndefined();
    // The meta store also marks a stored dataset: timings are not mistaken for it.
    expect((await readMnistStatus()).cached).toBe(false);
  });
});
