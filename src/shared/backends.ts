/** TF.js backends the worker can run on. */

/** Backend names as TF.js registers them. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One TF.js backend. */
export type BackendName = (typeof BACKEND_NAMES)[number];
/** The person's setting: a backend, or `auto` for the fastest available. */
export type BackendChoice = BackendName | 'auto';

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
  /** Whether the page is cross-origin isolated (needed for WASM threads). */
  crossOriginIsolated: boolean;
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
