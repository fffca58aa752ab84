/**
 * Our SIMD kernels on more than one thread. TF.js' threaded WASM build runs its own kernels on
 * its pthread pool, but ours (./simd.ts) ran on the training worker's thread alone, so on a
 * 2-core machine half the machine idled through a third of a listing 4.1 training step.
 *
 * A team is the calling thread plus helpers (module workers started here, one per further
 * thread TF.js was given), each running the same kernels on TF.js' shared memory. A kernel call
 * is split into shares that write disjoint parts of the output (images of a batch, rows of a
 * matrix), so a result is bit for bit what one thread computes. A helper is used only once it
 * has said it is ready: if one never starts (a browser that cannot nest workers), the calling
 * thread does all the work, as before.
 */
import {
  CONTROL_SLOTS,
  MAX_ARGS,
  SLOT,
  TEAM_KERNELS,
  type HelperStart,
  type TeamKernel,
} from './team-protocol.ts';
import { isSharedMemory, simdKernels, simdKernelsModule } from './simd.ts';

/** What the team needs of a helper thread: a Web Worker, or a Node worker thread in tests. */
export interface HelperThread {
  postMessage(message: HelperStart): void;
  terminate(): unknown;
}

interface Helper {
  thread: HelperThread;
  slots: Int32Array<SharedArrayBuffer>;
  seq: number;
}

let helpers: Helper[] = [];

function startWebWorker(): HelperThread {
  return new Worker(new URL('./team-helper.ts', import.meta.url), {
    type: 'module',
    name: 'simd-kernel-helper',
  });
}

/** How long a start waits for its helpers to say they are ready. */
const READY_WAIT_MS = 2_000;

/**
 * Starts `count` helpers for the kernels on TF.js' current memory (ending any earlier ones) and
 * resolves with how many said they were ready within 2 s; one that is late still joins when
 * ready. Does nothing, and resolves 0, where the memory is not shared or threads cannot start.
 */
export async function startKernelTeam(
  count: number,
  start: () => HelperThread = startWebWorker,
): Promise<number> {
  stopKernelTeam();
  const compiled = simdKernelsModule();
  // Helpers are waited for with Atomics.wait, which only workers may do (never a page).
  const canStart =
    start !== startWebWorker || (typeof Worker === 'function' && 'WorkerGlobalScope' in globalThis);
  if (!compiled || !isSharedMemory(compiled.memory) || !canStart) return 0;
  for (let i = 0; i < count; i++) {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    try {
      const thread = start();
      thread.postMessage({ ...compiled, control });
      helpers.push({ thread, slots: new Int32Array(control), seq: 0 });
    } catch (error) {
      console.warn('A helper thread for our WASM kernels did not start:', error);
      break;
    }
  }
  const deadline = performance.now() + READY_WAIT_MS;
  while (readyHelpers().length < helpers.length && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return readyHelpers().length;
}

/** Ends the helpers. */
export function stopKernelTeam(): void {
  for (const helper of helpers) helper.thread.terminate();
  helpers = [];
}

function readyHelpers(): Helper[] {
  return helpers.filter((h) => Atomics.load(h.slots, SLOT.ready) === 1);
}

/** Threads a kernel call can be shared between now: this one and the ready helpers. */
export function teamSize(): number {
  return simdKernels() ? 1 + readyHelpers().length : 1;
}

/**
 * `total` units of work (images, rows, floats) cut into at most `teamSize()` runs of whole
 * multiples of `align` units, none smaller than `minimum` units (small work is not worth a
 * thread's wake-up): `[first, count]` pairs, in order, covering 0..total.
 */
export function shares(total: number, minimum: number, align = 1): [number, number][] {
  const wanted = Math.min(teamSize(), Math.floor(total / Math.max(minimum, 1)));
  const parts = Math.max(1, wanted);
  const result: [number, number][] = [];
  let first = 0;
  for (let i = 1; i <= parts; i++) {
    const end = i === parts ? total : Math.round((total * i) / parts / align) * align;
    if (end > first) result.push([first, end - first]);
    first = Math.max(first, end);
  }
  return result;
}

/**
 * Runs `kernel` once per argument list: the first on this thread, the others on ready helpers,
 * at the same time; returns when all are done.
 */
export function runShared(kernel: TeamKernel, calls: number[][]): void {
  const kernels = simdKernels();
  if (!kernels) throw new Error('Our WASM SIMD kernels are not available.');
  const ready = readyHelpers();
  if (calls.length > ready.length + 1) {
    throw new Error(`${calls.length} shares for a team of ${ready.length + 1}.`);
  }
  const index = TEAM_KERNELS.indexOf(kernel);
  const handed = calls.slice(1).map((args, i) => {
    if (args.length > MAX_ARGS) throw new Error(`${kernel}: too many arguments.`);
    const helper = ready[i];
    const { slots } = helper;
    slots[SLOT.kernel] = index;
    slots[SLOT.count] = args.length;
    slots.set(args, SLOT.args);
    helper.seq = (helper.seq + 1) | 0;
    Atomics.store(slots, SLOT.seq, helper.seq);
    Atomics.notify(slots, SLOT.seq);
    return helper;
  });
  const own = kernels[kernel] as (...args: number[]) => void;
  own(...calls[0]);
  handed.forEach((helper, i) => {
    if (!awaitHelper(helper)) {
      // A helper that failed or stopped answering: its share is done here, and it is let go.
      console.warn(
        `A helper thread for our WASM kernels gave up on ${kernel}; working without it.`,
      );
      helper.thread.terminate();
      helpers = helpers.filter((h) => h !== helper);
      own(...calls[i + 1]);
    }
  });
}

/** How long a share may take before its helper is taken for lost (shares take milliseconds). */
const HELPER_TIMEOUT_MS = 5_000;

/** Waits for `helper`'s current call; whether it finished without failing, in time. */
function awaitHelper(helper: Helper): boolean {
  const { slots } = helper;
  const deadline = performance.now() + HELPER_TIMEOUT_MS;
  for (;;) {
    const done = Atomics.load(slots, SLOT.done);
    if (done === helper.seq) return slots[SLOT.failed] === 0;
    if (performance.now() > deadline) return false;
    Atomics.wait(slots, SLOT.done, done, 100);
  }
}
