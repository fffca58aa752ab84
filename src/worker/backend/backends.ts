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
  type StartMode,
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
import { simdKernels } from './wasm-kernels/simd.ts';
import { teamSize } from './wasm-kernels/team.ts';
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
/** A GPU backend's loss: whether it happened, and a promise that rejects when it does. */
interface LossWatch {
  lost: boolean;
  signal: Promise<never>;
}

/** One watch per GPU backend that started (a lost backend stays lost for TF.js). */
const lossWatches = new Map<BackendName, LossWatch>();

/** A promise that never settles: the CPU and WASM backends have no GPU to lose. */
const NEVER = new Promise<never>(() => undefined);

/** Starts watching `name` for a loss; `subscribe` calls `onLost` when the browser reports one. */
function watchLoss(name: BackendName, subscribe: (onLost: () => void) => void): void {
  let reject: (reason: unknown) => void = () => undefined;
  const watch: LossWatch = { lost: false, signal: new Promise<never>((_, r) => (reject = r)) };
  // A loss when no run is racing it is not an unhandled rejection.
  watch.signal.catch(() => undefined);
  subscribe(() => {
    watch.lost = true;
    reject(new StudioError('BackendUnavailable.gpuLost', { backend: name }));
  });
  lossWatches.set(name, watch);
}

/** TF.js' WebGL context, once its backend has started. */
function webglContext(): WebGL2RenderingContext | undefined {
  return (findBackend('webgl') as { gpgpu?: { gl?: WebGL2RenderingContext } } | null)?.gpgpu?.gl;
}

/**
 * Watches the WebGL context and the WebGPU device of the backends that started. A restored
 * WebGL context counts as lost too: TF.js' textures and programs did not survive.
 */
function watchGpuBackends(found: BackendName[]): void {
  if (found.includes('webgl')) {
    const canvas = webglContext()?.canvas as OffscreenCanvas | HTMLCanvasElement | undefined;
    watchLoss('webgl', (onLost) => {
      canvas?.addEventListener('webglcontextlost', onLost);
      canvas?.addEventListener('webglcontextrestored', onLost);
    });
  }
  if (found.includes('webgpu')) {
    const device = (findBackend('webgpu') as { device?: { lost?: Promise<unknown> } } | null)
      ?.device;
    watchLoss('webgpu', (onLost) => void device?.lost?.then(onLost));
  }
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

let startMode: StartMode = 'threads';

/**
 * Sets how backends start: `single` keeps TF.js' WASM backend on its single-threaded build,
 * `cpu` leaves WASM (and the GPU backends) out. Only before the first probe.
 */
export function setStartMode(mode: StartMode): void {
  if (available) return;
  startMode = mode;
  // TF.js picks its threaded build when this flag is true; false keeps every pthread out.
  if (mode !== 'threads' || typeof SharedArrayBuffer !== 'function') {
    env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
}

/** Initialises each backend once to learn which work on this device. */
async function probeBackends(): Promise<BackendName[]> {
  if (available) return available;
  useBundledWasm();
  useWasmKernels();
  const found: BackendName[] = [];
  for (const name of BACKEND_NAMES) {
    if (startMode === 'cpu' && name !== 'cpu') continue;
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
  watchGpuBackends(found);
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
  const active = getBackend() as BackendName;
  if (lossWatches.get(active)?.lost) return true;
  return active === 'webgl' && Boolean(webglContext()?.isContextLost());
}

/**
 * A promise that rejects when the GPU under the active backend is lost (never settles on WASM
 * and CPU). TF.js keeps waiting for a lost WebGL context's fences, so a training step may never
 * end by itself: the training loop races this.
 */
export function gpuLoss(): Promise<never> {
  return lossWatches.get(getBackend() as BackendName)?.signal ?? NEVER;
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
  if (names.length === 0) throw new StudioError('BackendUnavailable.none');
  const name = wanted === 'auto' ? await pickAutomatically(names) : wanted;
  if (!names.includes(name)) {
    throw new StudioError('BackendUnavailable.notHere', { backend: name });
  }
  if (getBackend() !== name && !(await setBackend(name))) {
    throw new StudioError('BackendUnavailable.startFailed', { backend: name });
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
    kernelThreads: isWasm && simdKernels() ? teamSize() : 0,
    crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    startMode,
    gpu,
    timings,
  };
}
