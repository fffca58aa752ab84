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
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendInfo,
  type BackendName,
} from '../../shared/backends.ts';
import { StudioError } from '../../shared/errors.ts';
import { buildModel, compileForTraining, disposeModel } from '../models/index.ts';
import { readBackendTimings, writeBackendTimings } from '../storage/backend-timings.ts';
import { timeTrainingBatches } from '../training/speed.ts';
import {
  deviceKey,
  fastestBackend,
  timeBackends,
  timingCandidates,
  type StepTimer,
  type StepTimings,
} from './choose.ts';
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
/** Whether the WebGPU adapter is a fallback (software) one. */
let webgpuSoftware = false;
/** Set when TF.js' WebGPU device is lost. */
let webgpuLost = false;
/**
 * Set when TF.js' WebGL context was lost, even if the browser restored it since: TF.js'
 * textures and programs did not survive.
 */
let webglLost = false;

/** TF.js' WebGL context, once its backend has started. */
function webglContext(): WebGL2RenderingContext | undefined {
  return (findBackend('webgl') as { gpgpu?: { gl?: WebGL2RenderingContext } } | null)?.gpgpu?.gl;
}

/** Notes when TF.js' WebGL context is lost or restored (either means its data is gone). */
function watchWebGlContext(): void {
  const canvas = webglContext()?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined;
  const lost = () => (webglLost = true);
  canvas?.addEventListener('webglcontextlost', lost);
  canvas?.addEventListener('webglcontextrestored', lost);
}

/** Notes when the WebGPU backend's device is lost (its `lost` promise settles). */
function watchWebGpuDevice(): void {
  const device = (findBackend('webgpu') as { device?: { lost?: Promise<unknown> } } | null)?.device;
  void device?.lost?.then(() => (webgpuLost = true));
}
let choice: BackendChoice = 'auto';

/** Reads the WebGL renderer string from the initialised WebGL backend, if there is one. */
function readGpuRenderer(): BackendInfo['gpu'] {
  const gl = webglContext();
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  return { renderer, software: SOFTWARE_RENDERER.test(renderer) };
}

/** The WebGPU adapter this worker would get, if any (`navigator.gpu` exists in workers). */
async function findWebGpuAdapter(): Promise<{ software: boolean } | undefined> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } };
  const gpuApi = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<Adapter | null> } })
    ?.gpu;
  const adapter = await gpuApi?.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  return { software: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) };
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
      if (name === 'webgpu') {
        const adapter = await findWebGpuAdapter();
        if (!adapter) continue;
        webgpuSoftware = adapter.software;
      }
      const start = name === 'wasm' ? startWasmBackend() : setBackend(name);
      if (await withTimeout(start, PROBE_TIMEOUT_MS)) found.push(name);
    } catch (error) {
      console.warn(`TF.js backend ${name} is unavailable here:`, error);
    }
  }
  gpu = found.includes('webgl') ? readGpuRenderer() : undefined;
  if (found.includes('webgpu')) watchWebGpuDevice();
  if (found.includes('webgl')) watchWebGlContext();
  available = found;
  return found;
}

/** The batch size the automatic choice times (the book's). */
const TIMING_BATCH = 320;

/** Bump when kernels change enough that cached timings no longer hold. */
const KERNELS_VERSION = 2;

let timings: StepTimings | undefined;

/** Times `backend` on training steps of the listing 4.1 convnet (see ./choose.ts). */
const timeSteps: StepTimer = async (backend, hopeless) => {
  if (!(await setBackend(backend))) return Infinity;
  const model = buildModel('conv');
  compileForTraining(model);
  try {
    const warmUp = await timeTrainingBatches(model, TIMING_BATCH, 1, undefined, 0);
    return hopeless(warmUp)
      ? warmUp
      : await timeTrainingBatches(model, TIMING_BATCH, 2, undefined, 0);
  } finally {
    disposeModel(model);
  }
};

/**
 * The automatic choice: the backend that trained fastest on this device, timed on first use
 * and cached in IndexedDB (replaced by "Measure speed"). Without IndexedDB it times again.
 */
async function pickAutomatically(names: BackendName[]): Promise<BackendName> {
  const candidates = timingCandidates(names, { webgl: gpu?.software, webgpu: webgpuSoftware });
  if (candidates.length === 1) return candidates[0];
  const device = deviceKey(gpu?.renderer, KERNELS_VERSION);
  const stored = await readBackendTimings(device).catch(() => undefined);
  timings = stored?.stepMs as StepTimings | undefined;
  let fastest = timings && fastestBackend(timings, candidates);
  if (!fastest) {
    timings = await timeBackends(candidates, timeSteps);
    await writeBackendTimings(device, timings).catch(() => undefined);
    fastest = fastestBackend(timings, candidates);
  }
  return fastest ?? candidates[0] ?? 'cpu';
}

/** Replaces the cached timings with a speed measurement's (listing 4.1 convnet, batch 320). */
export async function rememberTimings(measured: StepTimings): Promise<void> {
  timings = { ...timings, ...measured };
  await writeBackendTimings(deviceKey(gpu?.renderer, KERNELS_VERSION), measured).catch(
    () => undefined,
  );
}

/**
 * Whether the GPU under the active backend is gone: a lost WebGL context (driver reset, GPU
 * process crash, the OS reclaiming memory) or a lost WebGPU device. TF.js cannot continue on
 * it; `dropLostGpuBackend` then takes it out of the available backends.
 */
export async function gpuWasLost(): Promise<boolean> {
  // A step that failed on a lost context throws before the browser's 'webglcontextlost' event
  // reaches this worker: let pending events run first.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const active = getBackend();
  if (active === 'webgl') return webglLost || Boolean(webglContext()?.isContextLost());
  if (active === 'webgpu') return webgpuLost;
  return false;
}

/**
 * A promise that rejects when the GPU under the active backend is lost (never settles on WASM
 * and CPU). TF.js keeps waiting for a lost WebGL context's fences, so a training step may never
 * end by itself: the training loop races this.
 */
export function gpuLoss(): Promise<never> {
  const signal = new Promise<never>((_, reject) => {
    const lost = () => reject(new StudioError('BackendUnavailable', 'The GPU was lost.'));
    const active = getBackend();
    if (active === 'webgl') {
      const canvas = (findBackend('webgl') as { gpgpu?: { gl?: WebGL2RenderingContext } } | null)
        ?.gpgpu?.gl?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined;
      canvas?.addEventListener('webglcontextlost', lost, { once: true });
    } else if (active === 'webgpu') {
      const device = (findBackend('webgpu') as { device?: { lost?: Promise<unknown> } } | null)
        ?.device;
      void device?.lost?.then(lost);
    }
  });
  // A loss after the run (nobody racing it any more) is not an unhandled rejection.
  signal.catch(() => undefined);
  return signal;
}

/** After a GPU loss: the lost backend is no longer offered, and WASM (or CPU) takes over. */
export async function dropLostGpuBackend(): Promise<BackendInfo> {
  const lost = getBackend() as BackendName;
  available = (available ?? []).filter((name) => name !== lost);
  const next = available.includes('wasm') ? 'wasm' : 'cpu';
  const keep = choice;
  const info = await useBackend(next);
  choice = keep === lost ? 'auto' : keep;
  return { ...info, choice };
}

/** Switches TF.js to the person's choice (or the automatic pick) and describes the result. */
export async function useBackend(wanted: BackendChoice): Promise<BackendInfo> {
  const names = await probeBackends();
  if (names.length === 0)
    throw new StudioError('BackendUnavailable', 'No TF.js backend works here.');
  const name = wanted === 'auto' ? await pickAutomatically(names) : wanted;
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
    timings,
  };
}
