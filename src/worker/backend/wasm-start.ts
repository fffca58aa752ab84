/**
 * Starts TF.js' WASM backend the way training needs it:
 * - on every core: TF.js 4.22 starts XNNPACK's thread pool with at most half the logical cores
 *   (its C++ reads `navigator.hardwareConcurrency / 2` once, when the module starts, assuming two
 *   hyper-threads per core), so a 2-core phone or laptop would train on one thread. We let it see
 *   twice the cores while it starts, so that `setThreadsCount` can ask for all of them. Without
 *   cross-origin isolation TF.js uses its single-threaded build and this changes nothing.
 * - with its `WebAssembly.Memory` known, so that our SIMD kernels can work on its heap: the
 *   single-threaded build exports it, the threaded build creates it in JS and keeps it private,
 *   so we note the memory created while the backend starts;
 * - with helper threads for our kernels (./wasm-kernels/team.ts), one per further thread.
 */
import { findBackend, setBackend } from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { useWasmMemory } from './wasm-kernels/simd.ts';
import { startKernelTeam } from './wasm-kernels/team.ts';

/** The threads to use: every logical core (at most 8, the size of TF.js' pthread pool). */
export function wantedWasmThreads(): number {
  return Math.min(8, Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1));
}

/** `setBackend('wasm')` with `threads` threads (when isolated) and our kernels' memory noted. */
export async function startWasmBackend(threads = wantedWasmThreads()): Promise<boolean> {
  const nav = globalThis.navigator as Navigator | undefined;
  const OriginalMemory = WebAssembly.Memory;
  const created: WebAssembly.Memory[] = [];
  const RecordingMemory = function (descriptor: WebAssembly.MemoryDescriptor) {
    const made = new OriginalMemory(descriptor);
    created.push(made);
    return made;
  } as unknown as typeof WebAssembly.Memory;
  RecordingMemory.prototype = OriginalMemory.prototype;
  setThreadsCount(threads);
  if (nav) {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  }
  WebAssembly.Memory = RecordingMemory;
  try {
    if (!(await setBackend('wasm'))) return false;
  } finally {
    WebAssembly.Memory = OriginalMemory;
    if (nav) delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
  useWasmMemory(findHeapMemory(created));
  // Our own kernels on as many threads as TF.js' (where its memory is shared: threaded build).
  await startKernelTeam(threads - 1);
  return true;
}

/** The memory under TF.js' heap views: exported by its module, or one made while it started. */
function findHeapMemory(created: WebAssembly.Memory[]): WebAssembly.Memory | undefined {
  const module = (
    findBackend('wasm') as {
      wasm?: { HEAPF32?: Float32Array; asm?: { memory?: WebAssembly.Memory } };
    } | null
  )?.wasm;
  const heap = module?.HEAPF32?.buffer;
  const candidates = [module?.asm?.memory, ...created];
  return candidates.find((m) => m !== undefined && heap !== undefined && m.buffer === heap);
}
