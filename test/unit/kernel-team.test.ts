/**
 * Our SIMD kernels shared between threads (src/worker/backend/wasm-kernels/team.ts): a helper
 * (a Node worker thread here, a module worker in a browser) runs its share on the same shared
 * memory, and every kernel's result is bit for bit what one thread computes alone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { simdKernels, useWasmMemory } from '../../src/worker/backend/wasm-kernels/simd.ts';
import {
  runShared,
  shares,
  startKernelTeam,
  stopKernelTeam,
  teamSize,
} from '../../src/worker/backend/wasm-kernels/team.ts';
import { SLOT, type TeamKernel } from '../../src/worker/backend/wasm-kernels/team-protocol.ts';
import { tsWorker } from '../../scripts/lib/ts-worker.ts';

const memory = new WebAssembly.Memory({ initial: 1024, maximum: 65536, shared: true });
const heap = new Float32Array(memory.buffer);
/** A bump allocator on the shared heap: byte offsets of float arrays. */
let next = 1024;
function alloc(floats: number, fill?: (i: number) => number): number {
  const at = next;
  next += Math.ceil((floats * 4) / 64) * 64;
  if (fill) for (let i = 0; i < floats; i++) heap[at / 4 + i] = fill(i);
  return at;
}
let seed = 5;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 31 - 1;
};
const bits = (at: number, floats: number) => Array.from(new Uint32Array(memory.buffer, at, floats));

beforeAll(async () => {
  useWasmMemory(memory);
  // A worker thread loading TypeScript takes longer than the team's 2 s wait: it joins late.
  await startKernelTeam(1, () =>
    tsWorker(new URL('./support/team-helper-node.ts', import.meta.url)),
  );
  await vi.waitFor(() => expect(teamSize()).toBe(2), { timeout: 30_000, interval: 50 });
});

afterAll(() => {
  stopKernelTeam();
  useWasmMemory(undefined);
});

/**
 * Runs `kernel` on one thread into `outA`, then shared out (`split` gives each share's
 * arguments) into `outB`, and checks both outputs are the same bits and not all zero.
 */
function expectSameShared(
  kernel: TeamKernel,
  total: number,
  minimum: number,
  args: (out: number, first: number, count: number) => number[],
  outFloats: number,
  align = 1,
) {
  const outA = alloc(outFloats);
  const outB = alloc(outFloats);
  runShared(kernel, [args(outA, 0, total)]);
  const parts = shares(total, minimum, align);
  expect(parts).toHaveLength(2);
  runShared(
    kernel,
    parts.map(([first, count]) => args(outB, first, count)),
  );
  const a = bits(outA, outFloats);
  expect(bits(outB, outFloats)).toEqual(a);
  // The helper's share (the second half) was written.
  expect(a.slice(outFloats / 2).some((v) => v !== 0)).toBe(true);
}

describe('our SIMD kernels on two threads', () => {
  it('shares cover the work in order, never smaller than asked, aligned', () => {
    expect(shares(10, 2)).toEqual([
      [0, 5],
      [5, 5],
    ]);
    expect(shares(10, 6)).toEqual([[0, 10]]);
    expect(shares(18, 4, 4)).toEqual([
      [0, 8],
      [8, 10],
    ]);
  });

  it('max-pool gradient, shared by images', () => {
    const [b, h, w, c] = [9, 6, 7, 8];
    const x = alloc(b * h * w * c, random);
    const dy = alloc(b * 3 * 3 * c, random);
    expectSameShared(
      'maxPool2x2Grad',
      b,
      2,
      (dx, first, count) => [
        x + first * h * w * c * 4,
        dy + first * 9 * c * 4,
        dx + first * h * w * c * 4,
        count,
        h,
        w,
        c,
        3,
        3,
      ],
      b * h * w * c,
    );
  });

  it('bias add, shared by rows', () => {
    const [rows, columns] = [1001, 12];
    const m = alloc(rows * columns, random);
    const v = alloc(columns, random);
    expectSameShared(
      'addToRows',
      rows,
      100,
      (out, first, count) => [
        m + first * columns * 4,
        v,
        count,
        columns,
        out + first * columns * 4,
      ],
      rows * columns,
    );
  });

  it('ReLU gradient, shared in runs of whole vectors', () => {
    const n = 10_003;
    const x = alloc(n, random);
    const dy = alloc(n, random);
    expectSameShared(
      'reluGrad',
      n,
      1000,
      (dx, first, count) => [x + first * 4, dy + first * 4, dx + first * 4, count],
      n,
      4,
    );
  });

  it('transposed patches, shared by images, one and several channels', () => {
    for (const [b, h, w, c, pad] of [
      [6, 9, 8, 3, 1],
      [5, 12, 12, 1, 0],
    ]) {
      const [oh, ow] = [h - 2 + 2 * pad, w - 2 + 2 * pad];
      const x = alloc(b * h * w * c, random);
      const columns = b * oh * ow;
      expectSameShared(
        'transposedPatches',
        b,
        2,
        (patches, first, count) => [
          x + first * h * w * c * 4,
          patches + first * oh * ow * 4,
          columns,
          count,
          h,
          w,
          c,
          3,
          3,
          oh,
          ow,
          1,
          1,
          pad,
          pad,
        ],
        9 * c * columns,
      );
    }
  });

  it('one-channel filter gradient, per image, then summed in image order', () => {
    const [b, h, w, co] = [10, 12, 11, 16];
    const [oh, ow] = [h - 2, w - 2];
    const x = alloc(b * h * w, random);
    const dy = alloc(b * oh * ow * co, random);
    const floats = 9 * co;
    expectSameShared(
      'singleChannelFilterGrad3',
      b,
      2,
      (partials, first, count) => [
        x + first * h * w * 4,
        dy + first * oh * ow * co * 4,
        partials + first * floats * 4,
        count,
        h,
        w,
        3,
        oh,
        ow,
        co,
      ],
      b * floats,
    );
  });

  it('bias gradient: blocks of 256 rows shared out, added up in order as sumRows does', () => {
    const [rows, columns] = [256 * 7 + 33, 16];
    const x = alloc(rows * columns, random);
    const blocks = Math.ceil(rows / 256);
    const alone = alloc(columns);
    simdKernels()?.sumRows(x, rows, columns, alone);
    expectSameShared(
      'sumRowBlocks',
      blocks,
      2,
      (partials, first, count) => [
        x + first * 256 * columns * 4,
        Math.min(count * 256, rows - first * 256),
        columns,
        partials + first * columns * 4,
      ],
      blocks * columns,
    );
    const partials = alloc(blocks * columns);
    runShared('sumRowBlocks', [[x, rows, columns, partials]]);
    const summed = alloc(columns);
    simdKernels()?.sumImages(partials, blocks, columns, summed);
    expect(bits(summed, columns)).toEqual(bits(alone, columns));
  });

  it('filter gradient straight from x and dy: a partial per block of images, shared by blocks', () => {
    const [b, h, w, ci, co, block] = [19, 7, 6, 8, 16, 4];
    const [oh, ow] = [h - 2, w - 2];
    const x = alloc(b * h * w * ci, random);
    const dy = alloc(b * oh * ow * co, random);
    const floats = 9 * ci * co;
    const blocks = Math.ceil(b / block);
    expectSameShared(
      'filterGradBlocks',
      blocks,
      2,
      (partials, first, count) => [
        x + first * block * h * w * ci * 4,
        dy + first * block * oh * ow * co * 4,
        partials + first * floats * 4,
        Math.min(count * block, b - first * block),
        block,
        h,
        w,
        ci,
        3,
        3,
        oh,
        ow,
        co,
      ],
      blocks * floats,
    );
  });

  it('a helper that stops answering is let go, and its share is done here', async () => {
    stopKernelTeam();
    // Says it is ready, then never runs a call.
    const mute = {
      postMessage: ({ control }: { control: SharedArrayBuffer }) =>
        Atomics.store(new Int32Array(control), SLOT.ready, 1),
      terminated: false,
      terminate() {
        this.terminated = true;
      },
    };
    expect(await startKernelTeam(1, () => mute)).toBe(1);
    expect(teamSize()).toBe(2);
    const n = 10_000;
    const x = alloc(n, random);
    const dy = alloc(n, random);
    const [alone, shared] = [alloc(n), alloc(n)];
    runShared('reluGrad', [[x, dy, alone, n]]);
    runShared(
      'reluGrad',
      shares(n, 1000, 4).map(([first, count]) => [
        x + first * 4,
        dy + first * 4,
        shared + first * 4,
        count,
      ]),
    );
    expect(bits(shared, n)).toEqual(bits(alone, n));
    expect(mute.terminated).toBe(true);
    expect(teamSize()).toBe(1);
  });

  it('a helper that never starts leaves the work to this thread', async () => {
    stopKernelTeam();
    expect(await startKernelTeam(1, () => ({ postMessage() {}, terminate() {} }))).toBe(0);
    expect(teamSize()).toBe(1);
    expect(shares(100, 1)).toEqual([[0, 100]]);
    const n = 64;
    const x = alloc(n, random);
    const dy = alloc(n, random);
    const dx = alloc(n);
    runShared('reluGrad', [[x, dy, dx, n]]);
    expect(simdKernels()).toBeDefined();
    expect(bits(dx, n).some((v) => v !== 0)).toBe(true);
  });
});
