/**
 * Backend selection in the worker: which TF.js backends initialise here, which one to use, and
 * what to tell the person about it (SIMD, threads, GPU renderer).
 */
import {
  backend as currentBackend,
  env,
  findBackend,
  getBackend,
  setBackend,
} from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendInfo,
  type BackendName,
} from '../../shared/backends.ts';
import { StudioError } from '../../shared/errors.ts';
import { useWasmKernels } from './wasm-kernels/index.ts';
import { startWasmBackend } from './wasm-start.ts';
import { useBundledWasm } from './wasm-paths.ts';

/** GPU renderers that are software rasterisers: WebGL there is slower than WASM. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * A backend that has not started after this long counts as unavailable: a WASM build whose
 * workers fail (e.g. a broken pthread Blob) never settles its init promise.
 */
const PROBE_TIMEOUT_MS = 20_000;

let available: BackendName[] | undefined;

/** Rejects if `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
let gpu: BackendInfo['gpu'];
let choice: BackendChoice = 'auto';

/** Reads the WebGL renderer string from the initialised WebGL backend, if there is one. */
function readGpuRenderer(): BackendInfo['gpu'] {
  const gl = (findBackend('webgl') as { gpgpu?: { gl?: WebGL2RenderingContext } } | null)?.gpgpu
    ?.gl;
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, software: SOFTWARE_RENDERER.test(renderer) };
}

/** Initialises each backend once to learn which work on this device. */
async function probeBackends(): Promise<BackendName[]> {
  if (available) return available;
  useBundledWasm();
  useWasmKernels();
  const found: BackendName[] = [];
  for (const name of BACKEND_NAMES) {
    if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') continue;
    try {
      const start = name === 'wasm' ? startWasmBackend() : setBackend(name);
      if (await withTimeout(start, PROBE_TIMEOUT_MS)) found.push(name);
    } catch (error) {
      console.warn(`TF.js backend ${name} is unavailable here:`, error);
    }
  }
  gpu = found.includes('webgl') ? readGpuRenderer() : undefined;
  available = found;
  return found;
}

/**
 * The fastest backend likely available: WebGL on a real GPU, else WASM, else CPU.
 * (A software WebGL renderer such as SwiftShader trains the convnet ~8x slower than WASM.)
 */
function pickAutomatically(names: BackendName[]): BackendName {
  if (names.includes('webgl') && gpu && !gpu.software) return 'webgl';
  if (names.includes('wasm')) return 'wasm';
  return names[0] ?? 'cpu';
}

/** Switches TF.js to the person's choice (or the automatic pick) and describes the result. */
export async function useBackend(wanted: BackendChoice): Promise<BackendInfo> {
  const names = await probeBackends();
  if (names.length === 0)
    throw new StudioError('BackendUnavailable', 'No TF.js backend works here.');
  const name = wanted === 'auto' ? pickAutomatically(names) : wanted;
  if (!names.includes(name)) {
    throw new StudioError(
      'BackendUnavailable',
      `The ${name} backend does not work on this device.`,
    );
  }
  if (getBackend() !== name && !(await setBackend(name))) {
    throw new StudioError('BackendUnavailable', `The ${name} backend failed to start.`);
  }
  choice = wanted;
  return describeBackend();
}

/** What runs now: backend, SIMD, threads, isolation and GPU. */
export async function describeBackend(): Promise<BackendInfo> {
  const active = getBackend() as BackendName;
  const isWasm = active === 'wasm';
  currentBackend(); // throws if no backend is ready
  return {
    active,
    choice,
    available: available ?? [active],
    simd: isWasm && Boolean(await env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: isWasm ? getThreadsCount() : 1,
    crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
    gpu,
  };
}
