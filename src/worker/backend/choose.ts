/**
 * The automatic backend choice: time a few real training steps of the listing 4.1 convnet
 * (batch 320) on each backend that works here, once per device, and train on the fastest. The
 * timings are kept in IndexedDB and replaced whenever the person presses "Measure speed".
 *
 * Not timed: the CPU backend when WASM works, and a GPU backend on a software renderer
 * (SwiftShader, llvmpipe, a fallback WebGPU adapter): both are always far slower than WASM with
 * SIMD. A backend whose first (warm-up) step already takes several times the best step so far
 * is not timed further.
 */
import type { BackendName } from '../../shared/backends.ts';

/** Milliseconds per training step, by backend; missing where not measured. */
export type StepTimings = Partial<Record<BackendName, number>>;

/**
 * Times training steps on `backend`: one warm-up step, then (unless `hopeless` says the warm-up
 * was too slow to bother) a few timed ones; returns milliseconds per step.
 */
export type StepTimer = (
  backend: BackendName,
  hopeless: (warmUpMs: number) => boolean,
) => Promise<number>;

/** A warm-up slower than this many times the best step so far ends a backend's timing. */
const HOPELESS = 4;

/** The backends worth timing, WASM first (it gives the reference time). */
export function timingCandidates(
  available: BackendName[],
  softwareGpu: Partial<Record<BackendName, boolean>>,
): BackendName[] {
  const order: BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];
  const names = order.filter((n) => available.includes(n));
  if (!names.includes('wasm')) return names;
  return names.filter((n) => n !== 'cpu' && !softwareGpu[n]);
}

/** Times each candidate with `timer` (see HOPELESS) and returns what it measured. */
export async function timeBackends(
  candidates: BackendName[],
  timer: StepTimer,
): Promise<StepTimings> {
  const timings: StepTimings = {};
  let best = Infinity;
  for (const backend of candidates) {
    const stepMs = await timer(backend, (warmUpMs) => warmUpMs > best * HOPELESS);
    timings[backend] = stepMs;
    best = Math.min(best, stepMs);
  }
  return timings;
}

/** The fastest measured backend among `available`, or undefined if none was measured. */
export function fastestBackend(
  timings: StepTimings,
  available: BackendName[],
): BackendName | undefined {
  let fastest: BackendName | undefined;
  for (const name of available) {
    const ms = timings[name];
    if (ms !== undefined && (fastest === undefined || ms < timings[fastest]!)) fastest = name;
  }
  return fastest;
}

/**
 * What the timings depend on: the GPU, the cores, cross-origin isolation (WASM threads) and our
 * kernels' version. Timings from another device key are measured again.
 */
export function deviceKey(gpuRenderer: string | undefined, kernelsVersion: number): string {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const isolated = Boolean(globalThis.crossOriginIsolated);
  return JSON.stringify({ gpu: gpuRenderer ?? null, cores, isolated, kernelsVersion });
}
