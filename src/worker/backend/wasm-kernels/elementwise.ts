/**
 * Memory-bound kernels of a training step that TF.js 4.22's WASM backend runs slowly, for the
 * shapes a convnet's training produces; other shapes go to TF.js' own kernel. Times are for a
 * [320, 26, 26, 16] tensor (the first conv layer's output at batch 320), one thread.
 * - `Identity` shares the data (as the CPU and WebGL backends do) instead of copying it: TF.js
 *   clones every tensor a gradient needs, 44 copies per step (0.6 ms each); so does `Cast` to
 *   the same type.
 * - `Sum` over the leading axes (a bias gradient, [B, H, W, C] → [C]) in our SIMD kernel, its
 *   blocks of rows shared out between threads.
 * - `Add` of a vector along the last axis (a bias, [B, H, W, C] + [C]) in our SIMD kernel, its
 *   rows shared out between threads (./team.ts).
 * (Plain JS loops are no faster than TF.js' scalar C++ here: without SIMD we use TF.js'.)
 */
import {
  Add,
  Cast,
  type CastAttrs,
  type CastInputs,
  Identity,
  Sum,
  util,
  type BinaryInputs,
  type IdentityInputs,
  type KernelFunc,
  type NamedAttrMap,
  type SumAttrs,
  type SumInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  disposeAll,
  runKernelFunc,
  type KernelArgs,
  type WasmBackendLike,
} from './kernel-utils.ts';
import { simdKernels } from './simd.ts';
import { runShared, shares } from './team.ts';

/** A new tensor on `x`'s data: one more reference, no copy (tensors are immutable). */
function shareData(x: TensorInfo, backend: WasmBackendLike): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** `Cast` to the type a tensor already has (ReLU's gradient casts its float mask): shared too. */
export function makeCast(stock: KernelFunc): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs<CastInputs, CastAttrs>): TensorInfo => {
    const x = inputs.x as TensorInfo;
    if (x.dtype !== attrs.dtype || x.dtype === 'string') {
      return runKernelFunc(stock, inputs as never, attrs as unknown as NamedAttrMap, backend);
    }
    return shareData(x, backend);
  }) as unknown as KernelFunc;
}

/** `Identity`: the same data, one more reference (tensors are immutable). */
export function makeIdentity(stock: KernelFunc): KernelFunc {
  return (({ inputs, backend }: KernelArgs<IdentityInputs, NamedAttrMap>): TensorInfo => {
    const x = inputs.x as TensorInfo;
    if (x.dtype === 'string') return runKernelFunc(stock, inputs as never, {}, backend);
    return shareData(x, backend);
  }) as unknown as KernelFunc;
}

/** `Sum` over the leading axes in our SIMD kernel; everything else by `stock`. */
export function makeSum(stock: KernelFunc): KernelFunc {
  return (({ inputs, attrs, backend }: KernelArgs<SumInputs, SumAttrs>): TensorInfo => {
    const x = inputs.x as TensorInfo;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length < rank && axes.every((axis, i) => axis === i);
    const kept = x.shape.slice(axes.length);
    const columns = util.sizeFromShape(kept);
    const simd = simdKernels();
    if (!simd || x.dtype !== 'float32' || !leading || columns % 4 !== 0) {
      return runKernelFunc(stock, inputs as never, attrs as unknown as NamedAttrMap, backend);
    }
    const rows = util.sizeFromShape(x.shape) / columns;
    const out = backend.makeOutput(
      attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept,
      'float32',
    );
    const [x0, out0] = [x, out].map((t) => backend.getMemoryOffset(t.dataId));
    const blocks = Math.ceil(rows / SUM_BLOCK_ROWS);
    const parts = shares(blocks, Math.ceil(MIN_SHARED_FLOATS / (SUM_BLOCK_ROWS * columns)));
    if (parts.length === 1) {
      simd.sumRows(x0, rows, columns, out0);
      return out;
    }
    // Blocks of rows shared out between threads, their sums then added up in order.
    const partials = backend.makeOutput([blocks * columns], 'float32');
    const p0 = backend.getMemoryOffset(partials.dataId);
    runShared(
      'sumRowBlocks',
      parts.map(([first, count]) => [
        x0 + first * SUM_BLOCK_ROWS * columns * 4,
        Math.min(count * SUM_BLOCK_ROWS, rows - first * SUM_BLOCK_ROWS),
        columns,
        p0 + first * columns * 4,
      ]),
    );
    simd.sumImages(p0, blocks, columns, out0);
    disposeAll(backend, [partials]);
    return out;
  }) as unknown as KernelFunc;
}

/** `Add` of a vector along the last axis in our SIMD kernel; everything else by `stock`. */
export function makeAdd(stock: KernelFunc): KernelFunc {
  return (({ inputs, backend }: KernelArgs<BinaryInputs, NamedAttrMap>): TensorInfo => {
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const isBias = (m: TensorInfo, v: TensorInfo) =>
      m.dtype === 'float32' &&
      v.dtype === 'float32' &&
      m.shape.length >= 2 &&
      v.shape.length === 1 &&
      v.shape[0] === m.shape[m.shape.length - 1] &&
      v.shape[0] % 4 === 0;
    const [matrix, vector] = isBias(a, b) ? [a, b] : isBias(b, a) ? [b, a] : [];
    const simd = simdKernels();
    if (!simd || !matrix || !vector) return runKernelFunc(stock, inputs as never, {}, backend);
    const out = backend.makeOutput([...matrix.shape], 'float32');
    const columns = vector.shape[0];
    const [m0, v0, out0] = [matrix, vector, out].map((t) => backend.getMemoryOffset(t.dataId));
    const rows = util.sizeFromShape(matrix.shape) / columns;
    runShared(
      'addToRows',
      shares(rows, Math.ceil(MIN_SHARED_FLOATS / columns)).map(([first, count]) => [
        m0 + first * columns * 4,
        v0,
        count,
        columns,
        out0 + first * columns * 4,
      ]),
    );
    return out;
  }) as unknown as KernelFunc;
}

/** Rows per block of `sumRows` (assembly/kernels.ts): each block is summed on its own. */
const SUM_BLOCK_ROWS = 256;

/** The fewest floats worth a helper thread's share of an elementwise pass (~20 µs of work). */
export const MIN_SHARED_FLOATS = 65_536;

/** The kernels' names, for registration. */
export const elementwiseNames = { identity: Identity, cast: Cast, sum: Sum, add: Add } as const;
