/**
 * Our WASM SIMD kernels (assembly/kernels.ts), instantiated on TF.js' own WASM memory so that
 * they work on tensors in place. Unavailable (undefined) without WASM SIMD or before the memory
 * is known; callers then use TF.js' kernel or a JS one.
 */
import { SIMD_KERNELS_PLAIN, SIMD_KERNELS_SHARED } from './simd-binaries.generated.ts';

/** The kernels' exports; every pointer is a byte offset on TF.js' heap. */
export interface SimdKernels {
  maxPool2x2Grad(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  sumRows(x: number, rows: number, columns: number, out: number): void;
  sumRowBlocks(x: number, rows: number, columns: number, partials: number): void;
  addToRows(x: number, v: number, rows: number, columns: number, out: number): void;
  singleChannelFilterGrad(
    x: number,
    dy: number,
    dw: number,
    partial: number,
    batch: number,
    height: number,
    width: number,
    filterHeight: number,
    filterWidth: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
  ): void;
  transposedPatches(
    x: number,
    patches: number,
    columns: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    filterHeight: number,
    filterWidth: number,
    outHeight: number,
    outWidth: number,
    strideHeight: number,
    strideWidth: number,
    top: number,
    left: number,
  ): void;
  singleChannelFilterGrad3(
    x: number,
    dy: number,
    partials: number,
    batch: number,
    height: number,
    width: number,
    filterHeight: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
  ): void;
  sumImages(parts: number, count: number, floats: number, out: number): void;
  filterGradBlocks(
    x: number,
    dy: number,
    partials: number,
    images: number,
    blockImages: number,
    height: number,
    width: number,
    inChannels: number,
    filterHeight: number,
    filterWidth: number,
    outHeight: number,
    outWidth: number,
    outChannels: number,
  ): void;
  reluGrad(x: number, dy: number, dx: number, count: number): void;
  rmsPropStep(
    v: number,
    g: number,
    ms: number,
    mom: number,
    vOut: number,
    msOut: number,
    momOut: number,
    count: number,
    learningRate: number,
    decay: number,
    oneMinusDecay: number,
    momentum: number,
    epsilon: number,
  ): void;
  accumulate(dst: number, src: number, count: number): void;
  copyBytes(dst: number, src: number, bytes: number): void;
}

let memory: WebAssembly.Memory | undefined;
let kernels: SimdKernels | null | undefined;
let module: WebAssembly.Module | undefined;
let disabled = false;

/** Tells the kernels which memory TF.js' WASM backend uses (see ../wasm-start.ts). */
export function useWasmMemory(next: WebAssembly.Memory | undefined): void {
  memory = next;
  kernels = undefined;
  module = undefined;
}

/** Turns the SIMD kernels off (`true`), to test or time the fallbacks. */
export function disableSimdKernels(off: boolean): void {
  disabled = off;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** Whether TF.js' memory is shared (its threaded build), so that other threads can use it. */
export function isSharedMemory(m: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && m.buffer instanceof SharedArrayBuffer;
}

/** The kernels on TF.js' memory, or undefined where they cannot run. */
export function simdKernels(): SimdKernels | undefined {
  if (disabled || !memory) return undefined;
  if (kernels === undefined) {
    const bytes = decode(isSharedMemory(memory) ? SIMD_KERNELS_SHARED : SIMD_KERNELS_PLAIN);
    try {
      module = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined;
      kernels = module
        ? (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels)
        : null;
    } catch (error) {
      console.warn('Our WASM SIMD kernels cannot run here:', error);
      kernels = null;
      module = undefined;
    }
  }
  return kernels ?? undefined;
}

/** The compiled kernels and the memory they run on, for helper threads (see ./team.ts). */
export function simdKernelsModule():
  { module: WebAssembly.Module; memory: WebAssembly.Memory } | undefined {
  return simdKernels() && module && memory ? { module, memory } : undefined;
}
