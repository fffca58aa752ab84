/**
 * Our WASM training kernels (src/worker/backend/wasm-kernels/) against TF.js' CPU backend on
 * seeded random inputs: the shapes of the book's models, odd shapes, `same` padding, strides,
 * and the fallbacks (TF.js' own kernel, JS, the composed filter gradient without SIMD).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { disableSimdKernels, simdKernels } from '../../src/worker/backend/wasm-kernels/simd.ts';
import { SIMD_KERNELS_PLAIN } from '../../src/worker/backend/wasm-kernels/simd-binaries.generated.ts';
import { useTfBackend } from './support/tf-wasm.ts';

/** Seeded uniform [-1, 1) values, so a failure can be reproduced. */
function randomValues(length: number, seed: number): Float32Array {
  const values = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    values[i] = s / 2 ** 31 - 1;
  }
  return values;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface KernelCase {
  name: string;
  kernel: string;
  /** Input name → shape; values are seeded random, or ReLU'd (many ties at 0) when `relu`. */
  inputs: Record<string, number[]>;
  attrs: Record<string, unknown>;
  relu?: boolean;
}

/** Runs `c` on `backend` and returns the output's shape and values. */
async function runOn(
  backend: 'cpu' | 'wasm',
  c: KernelCase,
): Promise<{ shape: number[]; values: Float32Array; leaked: number }> {
  await useTfBackend(backend);
  const before = tf.engine().backend.numDataIds();
  const inputs: Record<string, tf.Tensor> = {};
  Object.entries(c.inputs).forEach(([name, shape], i) => {
    const values = randomValues(size(shape), 7 + i);
    if (c.relu) values.forEach((v, j) => (values[j] = Math.max(0, v)));
    inputs[name] = tf.tensor(values, shape);
  });
  const out = tf.engine().runKernel(c.kernel, inputs, c.attrs as never) as tf.Tensor;
  const result = { shape: out.shape, values: (await out.data()) as Float32Array };
  tf.dispose([out, ...Object.values(inputs)]);
  return { ...result, leaked: tf.engine().backend.numDataIds() - before };
}

async function expectSameAsCpu(c: KernelCase): Promise<void> {
  const expected = await runOn('cpu', c);
  const actual = await runOn('wasm', c);
  expect(actual.shape).toEqual(expected.shape);
  const scale = Math.max(1e-6, ...expected.values.map(Math.abs));
  let worst = 0;
  expected.values.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual.values[i] - e) / scale);
  });
  expect(worst).toBeLessThan(1e-4);
  expect(actual.leaked).toBe(0);
}

const conv = (x: number[], f: number[], dy: number[], strides: number, pad: string) => ({
  inputs: { dy, filter: f },
  attrs: { inputShape: x, strides, pad, dataFormat: 'NHWC' },
});
const pool = (x: number[], y: number[], filterSize: number, strides: number, pad: string) => ({
  inputs: { dy: y, input: x, output: y },
  attrs: { filterSize, strides, pad },
});

const cases: KernelCase[] = [
  // Conv2DBackpropInput: an XNNPACK convolution with the rotated filter (stride 1).
  {
    name: 'conv 2 of listing 4.1',
    kernel: 'Conv2DBackpropInput',
    ...conv([32, 13, 13, 16], [3, 3, 16, 32], [32, 11, 11, 32], 1, 'valid'),
  },
  {
    name: 'conv 3 of conv3',
    kernel: 'Conv2DBackpropInput',
    ...conv([16, 5, 5, 32], [3, 3, 32, 32], [16, 3, 3, 32], 1, 'valid'),
  },
  {
    name: 'odd sizes, 5x2 filter',
    kernel: 'Conv2DBackpropInput',
    ...conv([3, 9, 11, 2], [5, 2, 2, 5], [3, 5, 10, 5], 1, 'valid'),
  },
  {
    name: 'same padding',
    kernel: 'Conv2DBackpropInput',
    ...conv([4, 6, 5, 3], [5, 3, 3, 2], [4, 6, 5, 2], 1, 'same'),
  },
  {
    name: 'stride 2 (TF.js kernel)',
    kernel: 'Conv2DBackpropInput',
    ...conv([2, 8, 7, 3], [3, 3, 3, 4], [2, 4, 4, 4], 2, 'same'),
  },
  // MaxPoolGrad: SIMD for 2x2/2 with channels a multiple of 4, JS otherwise.
  {
    name: 'pool 1 of listing 4.1, ties at 0',
    kernel: 'MaxPoolGrad',
    relu: true,
    ...pool([8, 26, 26, 16], [8, 13, 13, 16], 2, 2, 'valid'),
  },
  {
    name: 'pool 2 (odd input: last row unused)',
    kernel: 'MaxPoolGrad',
    ...pool([8, 11, 11, 32], [8, 5, 5, 32], 2, 2, 'valid'),
  },
  {
    name: '3 channels (JS)',
    kernel: 'MaxPoolGrad',
    relu: true,
    ...pool([2, 6, 8, 3], [2, 3, 4, 3], 2, 2, 'valid'),
  },
  {
    name: '3x3 windows, stride 2, same (JS)',
    kernel: 'MaxPoolGrad',
    ...pool([2, 7, 6, 4], [2, 4, 3, 4], 3, 2, 'same'),
  },
  {
    name: 'overlapping 2x2, stride 1 (JS)',
    kernel: 'MaxPoolGrad',
    relu: true,
    ...pool([2, 5, 5, 8], [2, 4, 4, 8], 2, 1, 'valid'),
  },
  // BatchMatMul: transposed operands made explicit for TF.js' fast path.
  {
    name: 'dense dx: a·bᵀ',
    kernel: 'BatchMatMul',
    inputs: { a: [64, 64], b: [800, 64] },
    attrs: { transposeA: false, transposeB: true },
  },
  {
    name: 'dense dW: aᵀ·b',
    kernel: 'BatchMatMul',
    inputs: { a: [64, 800], b: [64, 64] },
    attrs: { transposeA: true, transposeB: false },
  },
  {
    name: 'batched aᵀ·bᵀ',
    kernel: 'BatchMatMul',
    inputs: { a: [3, 5, 7], b: [3, 4, 5] },
    attrs: { transposeA: true, transposeB: true },
  },
  {
    name: 'broadcast batch',
    kernel: 'BatchMatMul',
    inputs: { a: [1, 6, 5], b: [2, 3, 5] },
    attrs: { transposeA: false, transposeB: true },
  },
  // Sum over leading axes (bias gradients) in SIMD; other reductions by TF.js.
  {
    name: 'bias gradient of conv 1',
    kernel: 'Sum',
    inputs: { x: [64, 26, 26, 16] },
    attrs: { axis: [0, 1, 2], keepDims: false },
  },
  {
    name: 'leading axes, keepDims',
    kernel: 'Sum',
    inputs: { x: [6, 5, 8] },
    attrs: { axis: [1, 0], keepDims: true },
  },
  {
    name: '3 columns (TF.js)',
    kernel: 'Sum',
    inputs: { x: [40, 3] },
    attrs: { axis: 0, keepDims: false },
  },
  {
    name: 'last axis (TF.js)',
    kernel: 'Sum',
    inputs: { x: [6, 8] },
    attrs: { axis: 1, keepDims: false },
  },
  // Add of a bias in SIMD, either operand order; other broadcasts by TF.js.
  { name: 'bias of conv 2', kernel: 'Add', inputs: { a: [16, 11, 11, 32], b: [32] }, attrs: {} },
  { name: 'bias first', kernel: 'Add', inputs: { a: [64], b: [10, 64] }, attrs: {} },
  { name: '10 columns (TF.js)', kernel: 'Add', inputs: { a: [7, 10], b: [10] }, attrs: {} },
  { name: 'same shapes (TF.js)', kernel: 'Add', inputs: { a: [3, 4], b: [3, 4] }, attrs: {} },
];

afterEach(() => disableSimdKernels(false));

describe('our WASM training kernels', () => {
  it('run with WASM SIMD in this Node', async () => {
    await useTfBackend('wasm');
    expect(simdKernels()).toBeDefined();
  });

  it.each(cases)('$kernel matches the CPU backend: $name', expectSameAsCpu);

  it.each(cases.filter((c) => c.kernel !== 'BatchMatMul'))(
    '$kernel without WASM SIMD matches the CPU backend: $name',
    async (c) => {
      disableSimdKernels(true);
      await expectSameAsCpu(c);
    },
  );

  it('Cast to another type still converts, and to the same type shares', async () => {
    await useTfBackend('wasm');
    const x = tf.tensor([1.5, -2, 0]);
    const int = tf.engine().runKernel('Cast', { x }, { dtype: 'int32' }) as tf.Tensor;
    const same = tf.engine().runKernel('Cast', { x }, { dtype: 'float32' }) as tf.Tensor;
    expect(int.dtype).toBe('int32');
    expect(Array.from(await int.data())).toEqual([1, -2, 0]);
    x.dispose();
    expect(Array.from(await same.data())).toEqual([1.5, -2, 0]);
    tf.dispose([int, same]);
  });

  it('Identity shares the data, which outlives the original', async () => {
    await useTfBackend('wasm');
    const x = tf.tensor([1, 2, 3]);
    const copy = tf.engine().runKernel('Identity', { x }, {}) as tf.Tensor;
    const before = tf.engine().backend.numDataIds();
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    copy.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before - 1);
  });

  it('the SIMD module has no data segment, so it never writes TF.js memory by itself', () => {
    const bytes = Buffer.from(SIMD_KERNELS_PLAIN, 'base64');
    const sections: number[] = [];
    let at = 8;
    const leb = () => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[at++];
        value |= (byte & 0x7f) << shift;
        if (byte < 0x80) return value;
      }
    };
    while (at < bytes.length) {
      sections.push(bytes[at++]);
      const length = leb();
      at += length;
    }
    expect(sections).toContain(2); // imports (the memory)
    expect(sections).toContain(10); // code
    expect(sections).not.toContain(11); // data
    expect(sections).not.toContain(8); // start function
  });
});

describe("ReLU's gradient in one pass", () => {
  /** dx of relu at x for the output gradient dy, on `backend`, and the kernels that ran. */
  async function reluGradOn(
    backend: 'cpu' | 'wasm',
    x: Float32Array,
    dy: Float32Array,
    kernels: 'studio' | 'stock' = 'studio',
  ) {
    await useTfBackend(backend, kernels);
    const before = tf.engine().backend.numDataIds();
    const xt = tf.tensor(x);
    const dyt = tf.tensor(dy);
    let dx: Float32Array = new Float32Array();
    const profile = await tf.profile(async () => {
      const g = tf.grad((v: tf.Tensor) => tf.relu(v))(xt, dyt);
      dx = (await g.data()) as Float32Array;
      g.dispose();
    });
    tf.dispose([xt, dyt]);
    const leaked = tf.engine().backend.numDataIds() - before;
    return { dx, kernels: profile.kernelNames, leaked };
  }

  // Ties at 0, ±0, NaN and infinities, then enough values to share out between threads, and an
  // odd tail that the vector loop does not cover.
  const x = Float32Array.from([
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1e-30,
    -1e-30,
    ...randomValues(70_001, 3),
  ]);
  const dy = randomValues(x.length, 4);
  dy[0] = -2;

  it('is bit for bit TF.js’ own (CPU backend), in one kernel, with nothing leaked', async () => {
    const expected = await reluGradOn('cpu', x, dy);
    const actual = await reluGradOn('wasm', x, dy);
    expect(actual.kernels).toContain('StudioReluGrad');
    expect(actual.kernels).not.toContain('Step');
    expect(new Uint32Array(actual.dx.buffer)).toEqual(new Uint32Array(expected.dx.buffer));
    expect(actual.leaked).toBe(0);
  });

  it('without WASM SIMD, and with TF.js’ own kernels, is the same', async () => {
    const expected = await reluGradOn('cpu', x, dy);
    disableSimdKernels(true);
    const fallback = await reluGradOn('wasm', x, dy);
    disableSimdKernels(false);
    const stock = await reluGradOn('wasm', x, dy, 'stock');
    await useTfBackend('wasm', 'studio');
    expect(stock.kernels).toContain('Step');
    for (const run of [fallback, stock]) {
      expect(new Uint32Array(run.dx.buffer)).toEqual(new Uint32Array(expected.dx.buffer));
      expect(run.leaked).toBe(0);
    }
  });
});
