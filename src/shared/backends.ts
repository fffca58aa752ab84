/** TF.js backends the worker can run on. */

/** Backend names as TF.js registers them. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One TF.js backend. */
export type BackendName = (typeof BACKEND_NAMES)[number];
/** The person's setting: a backend, or `auto` for the fastest available. */
export type BackendChoice = BackendName | 'auto';

/**
 * How the worker starts TF.js, from the fullest to the safest: WASM on every core (the threaded
 * build, where the page can share memory), WASM on one thread, or the CPU backend alone. The
 * page steps down when a start does not finish (see `src/ui/worker-client.ts`).
 */
export const START_MODES = ['threads', 'single', 'cpu'] as const;
/** One of `START_MODES`. */
export type StartMode = (typeof START_MODES)[number];

/** Whether `value` is one of `START_MODES`. */
export function isStartMode(value: unknown): value is StartMode {
  return (START_MODES as readonly unknown[]).includes(value);
}

/** The mode to try after `mode` did not start, or undefined after the last. */
export function nextStartMode(mode: StartMode): StartMode | undefined {
  return START_MODES[START_MODES.indexOf(mode) + 1];
}

/**
 * Starts tried in one mode before the page steps down. A hang can be a one-off (Firefox ESR's
 * threaded start hung in about 1 of 40 fresh starts after issue 18's fix): one more worker in the
 * same mode keeps the device's threads, where a step down would be remembered for good.
 */
export const STARTS_PER_MODE = 2;

/** The mode to start in after the `hangs`-th start in a row in `mode` hung (undefined: give up). */
export function modeAfterHang(mode: StartMode, hangs: number): StartMode | undefined {
  return hangs < STARTS_PER_MODE ? mode : nextStartMode(mode);
}

/** What the worker reports about its compute backend. */
export interface BackendInfo {
  /** The backend in use. */
  active: BackendName;
  /** The person's setting. */
  choice: BackendChoice;
  /** Backends that initialised on this device. */
  available: BackendName[];
  /** WASM: whether the SIMD build is in use. */
  simd: boolean;
  /** WASM: threads used by the backend (1 without the threaded build). */
  threads: number;
  /** WASM: threads our own SIMD kernels share (1 without helpers; 0 without our kernels). */
  kernelThreads: number;
  /** Whether the page is cross-origin isolated (needed for WASM threads). */
  crossOriginIsolated: boolean;
  /**
   * Whether the worker has `SharedArrayBuffer`, which WASM threads need. Detected, not inferred
   * from isolation: WebKitGTK 2.50 is isolated without it.
   */
  sharedArrayBuffer: boolean;
  /** How this worker was started: `threads` unless an earlier start on this device hung. */
  startMode: StartMode;
  /** WebGL: the GPU renderer string, and whether it is a software rasteriser. */
  gpu?: { renderer: string; software: boolean };
  /**
   * Milliseconds per training step (listing 4.1 convnet, batch 320) by backend, as timed for
   * the automatic choice or by "Measure speed"; undefined until measured.
   */
  timings?: Partial<Record<BackendName, number>>;
}

/** Narrows a string to a backend choice. */
export function isBackendChoice(value: string): value is BackendChoice {
  return value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value);
}
