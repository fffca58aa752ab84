/**
 * How the thread that runs TF.js hands a share of one of our SIMD kernels to a helper thread,
 * and how a helper serves it. Both sides run the same module on TF.js' shared memory; a small
 * shared control block per helper carries the call, and `Atomics.wait`/`notify` carry the turns:
 *   caller: write function and arguments, bump SEQ, notify → run its own share → wait for DONE
 *   helper: wait for SEQ to change → run the call → DONE = SEQ, notify
 * Both sides block only in dedicated workers (or Node worker threads), never on a page.
 */
import type { SimdKernels } from './simd.ts';

/** The kernels a helper can run; a call names one by its index here. */
export const TEAM_KERNELS = [
  'maxPool2x2Grad',
  'addToRows',
  'transposedPatches',
  'singleChannelFilterGrad3',
  'reluGrad',
  'sumRowBlocks',
  'filterGradBlocks',
] as const satisfies readonly (keyof SimdKernels)[];

/** A kernel a helper can run. */
export type TeamKernel = (typeof TEAM_KERNELS)[number];

/** Int32 slots of a helper's control block (`failed`: the last call threw, in the helper). */
export const SLOT = { ready: 0, seq: 1, done: 2, failed: 3, kernel: 4, count: 5, args: 6 } as const;

/** Arguments a call can carry. */
export const MAX_ARGS = 16;

/** Int32 slots in one control block. */
export const CONTROL_SLOTS = SLOT.args + MAX_ARGS;

/** What a helper is sent once: the kernels' module, TF.js' memory and its control block. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
}

/**
 * A helper's life: instantiate the kernels on the shared memory, say ready, then run each call
 * it is given, for good (the worker ends when its parent does).
 */
export function serveKernels({ module, memory, control }: HelperStart): never {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<
    string,
    (...args: number[]) => void
  >;
  const kernels = TEAM_KERNELS.map((name) => exports[name]);
  const slots = new Int32Array(control);
  let seen = Atomics.load(slots, SLOT.seq);
  Atomics.store(slots, SLOT.ready, 1);
  Atomics.notify(slots, SLOT.ready);
  for (;;) {
    Atomics.wait(slots, SLOT.seq, seen);
    seen = Atomics.load(slots, SLOT.seq);
    const args = Array.from(slots.subarray(SLOT.args, SLOT.args + slots[SLOT.count]));
    try {
      kernels[slots[SLOT.kernel]](...args);
      slots[SLOT.failed] = 0;
    } catch (error) {
      // Said, not thrown: the caller then does this share itself and stops using this helper.
      console.error('A helper thread for our WASM kernels failed:', error);
      slots[SLOT.failed] = 1;
    }
    Atomics.store(slots, SLOT.done, seen);
    Atomics.notify(slots, SLOT.done);
  }
}
