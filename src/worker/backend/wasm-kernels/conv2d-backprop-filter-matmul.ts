/**
 * `Conv2DBackpropFilter` for the TF.js WASM backend as one matrix product on XNNPACK: the
 * filter gradient is the product of the transposed patch matrix of the input with the output
 * gradient,
 *   dW[(kh, kw, ci), co] = Σ_{b, oh, ow} x[b, oh·s + kh − top, ow·s + kw − left, ci] · dy[(b, oh, ow), co]
 *   xᵀ-patches [Fh·Fw·Ci, B·Oh·Ow]  (our SIMD module; zeros where the window leaves the image)
 *   · dy [B·Oh·Ow, Co] → [Fh·Fw·Ci, Co] = dW [Fh, Fw, Ci, Co]   (BatchMatMul, untransposed)
 * The patch matrix is built already transposed so that TF.js' fast (XNNPACK) matmul path runs.
 * It replaces our first version (Transpose + a dilated XNNPACK convolution with a huge filter,
 * ./conv2d-backprop-filter.ts, the fallback without WASM SIMD and the "stock" baseline).
 */
import {
  BatchMatMul,
  Conv2DBackpropFilter,
  Reshape,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { composedFilterGradient } from './conv2d-backprop-filter.ts';
import { disposeAll, filterGradientInfo, runWasmKernel, type KernelArgs } from './kernel-utils.ts';
import { simdKernels, type SimdKernels } from './simd.ts';
import { runShared, shares } from './team.ts';

type Args = KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>;

function conv2DBackpropFilter(args: Args): TensorInfo {
  const { inputs, attrs, backend } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { filterShape } = attrs;
  const info = filterGradientInfo(x, attrs);
  const simd = simdKernels();
  if (!simd) return composedFilterGradient({ inputs, attrs, backend }, info);
  const [fh, fw, ci, co] = filterShape;
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  if (ci === 1 && co % 4 === 0 && info.strideHeight === 1 && info.strideWidth === 1) {
    if (
      info.padInfo.top === 0 &&
      info.padInfo.left === 0 &&
      outHeight + fh - 1 <= inHeight &&
      outWidth + fw - 1 <= inWidth
    ) {
      // One input channel: a direct SIMD loop beats packing a 3.5 MB dy for XNNPACK each step.
      const dw = backend.makeOutput([...filterShape], 'float32');
      const [x0, dy0, dw0] = [x, dy, dw].map((t) => backend.getMemoryOffset(t.dataId));
      if (fw === 3 && co % 8 === 0) {
        // Per-image sums, the images shared out between threads, then added up in order.
        const floats = fh * fw * co;
        const partials = backend.makeOutput([batchSize * floats], 'float32');
        const p0 = backend.getMemoryOffset(partials.dataId);
        runShared(
          'singleChannelFilterGrad3',
          shares(batchSize, 8).map(([first, count]) => [
            x0 + first * inHeight * inWidth * 4,
            dy0 + first * outHeight * outWidth * co * 4,
            p0 + first * floats * 4,
            count,
            inHeight,
            inWidth,
            fh,
            outHeight,
            outWidth,
            co,
          ]),
        );
        simd.sumImages(p0, batchSize, floats, dw0);
        disposeAll(backend, [partials]);
        return dw;
      }
      const partial = backend.makeOutput([fh * fw * co], 'float32');
      simd.singleChannelFilterGrad(
        x0,
        dy0,
        dw0,
        backend.getMemoryOffset(partial.dataId),
        batchSize,
        inHeight,
        inWidth,
        fh,
        fw,
        outHeight,
        outWidth,
        co,
      );
      disposeAll(backend, [partial]);
      return dw;
    }
  }
  if (
    ci % 4 === 0 &&
    co % 8 === 0 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    outHeight + fh - 1 <= inHeight &&
    outWidth + fw - 1 <= inWidth
  ) {
    return directFilterGradient(args, info);
  }
  const positions = outHeight * outWidth;
  const rowBytes = fh * fw * ci * 4;
  const chunk = Math.max(1, Math.min(batchSize, Math.floor(chunkBytes / (rowBytes * positions))));
  if (chunk >= batchSize || fh * fw * ci < MIN_ROWS_TO_CHUNK) {
    return filterGradientOfImages(args, info, 0, batchSize, dy);
  }
  // Images in chunks whose patch matrix stays in cache; their products are summed.
  const dw = backend.makeOutput([...filterShape], 'float32');
  const dyBytes = positions * co * 4;
  for (let first = 0; first < batchSize; first += chunk) {
    const count = Math.min(chunk, batchSize - first);
    // A new tensor for every chunk: TF.js' WASM matmul keeps the packed right-hand matrix of a
    // tensor until the tensor is freed, so refilling one tensor would reuse the first chunk's.
    const dyChunk = backend.makeOutput([count, outHeight, outWidth, co], 'float32');
    simd.copyBytes(
      backend.getMemoryOffset(dyChunk.dataId),
      backend.getMemoryOffset(dy.dataId) + first * dyBytes,
      count * dyBytes,
    );
    const part = filterGradientOfImages(args, info, first, count, dyChunk);
    const [to, from] = [backend.getMemoryOffset(dw.dataId), backend.getMemoryOffset(part.dataId)];
    if (first === 0) simd.copyBytes(to, from, fh * fw * ci * co * 4);
    else simd.accumulate(to, from, fh * fw * ci * co);
    disposeAll(backend, [part, dyChunk]);
  }
  return dw;
}

/** Images per partial sum of the direct filter gradient (a thread takes whole blocks). */
const FILTER_GRADIENT_BLOCK = 8;

/**
 * The filter gradient of an unpadded stride-1 convolution straight from x and dy (our SIMD
 * kernel, no patch matrix): a partial sum per block of images, the blocks shared out between
 * threads, then the partials added up in order.
 */
function directFilterGradient(
  { inputs, attrs, backend }: Args,
  info: ReturnType<typeof filterGradientInfo>,
): TensorInfo {
  const simd = simdKernels() as SimdKernels;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const [fh, fw, ci, co] = attrs.filterShape;
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const floats = fh * fw * ci * co;
  const blocks = Math.ceil(batchSize / FILTER_GRADIENT_BLOCK);
  const dw = backend.makeOutput([...attrs.filterShape], 'float32');
  const partials = backend.makeOutput([blocks * floats], 'float32');
  const [x0, dy0, dw0, p0] = [x, dy, dw, partials].map((t) => backend.getMemoryOffset(t.dataId));
  runShared(
    'filterGradBlocks',
    shares(blocks, 1).map(([first, count]) => {
      const image = first * FILTER_GRADIENT_BLOCK;
      return [
        x0 + image * inHeight * inWidth * ci * 4,
        dy0 + image * outHeight * outWidth * co * 4,
        p0 + first * floats * 4,
        Math.min(count * FILTER_GRADIENT_BLOCK, batchSize - image),
        FILTER_GRADIENT_BLOCK,
        inHeight,
        inWidth,
        ci,
        fh,
        fw,
        outHeight,
        outWidth,
        co,
      ];
    }),
  );
  simd.sumImages(p0, blocks, floats, dw0);
  disposeAll(backend, [partials]);
  return dw;
}

/**
 * The filter gradient of `count` images from image `first` of x, whose output gradient is
 * `dyPart` ([count, OH, OW, CO]): their transposed patch matrix times dyPart.
 */
function filterGradientOfImages(
  { inputs, attrs, backend }: Args,
  info: ReturnType<typeof filterGradientInfo>,
  first: number,
  count: number,
  dyPart: TensorInfo,
): TensorInfo {
  const x = inputs.x as TensorInfo;
  const [fh, fw, ci, co] = attrs.filterShape;
  const { inHeight, inWidth, outHeight, outWidth } = info;
  const columns = count * outHeight * outWidth;
  const patches = backend.makeOutput([fh * fw * ci, columns], 'float32');
  const x0 = backend.getMemoryOffset(x.dataId) + first * inHeight * inWidth * ci * 4;
  const patches0 = backend.getMemoryOffset(patches.dataId);
  // The images' columns shared out between threads.
  runShared(
    'transposedPatches',
    shares(count, 2).map(([image, images]) => [
      x0 + image * inHeight * inWidth * ci * 4,
      patches0 + image * outHeight * outWidth * 4,
      columns,
      images,
      inHeight,
      inWidth,
      ci,
      fh,
      fw,
      outHeight,
      outWidth,
      info.strideHeight,
      info.strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    ]),
  );
  const dyMatrix = runWasmKernel(Reshape, { x: dyPart }, { shape: [columns, co] }, backend);
  const product = runWasmKernel(
    BatchMatMul,
    { a: patches, b: dyMatrix },
    { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
    backend,
  );
  const dw = runWasmKernel(Reshape, { x: product }, { shape: attrs.filterShape }, backend);
  disposeAll(backend, [patches, dyMatrix, product]);
  return dw;
}

/**
 * The most bytes of one patch matrix: the images go through the matrix product in chunks whose
 * patch matrix, written transposed, stays in cache instead of streaming tens of megabytes
 * through memory (see docs/BENCHMARKS.md).
 */
let chunkBytes = 1024 * 1024;

/**
 * Patch matrices with fewer rows (3×3 filters over fewer than 32 channels: listing 4.1's second
 * layer, 144 rows) are written fast enough whole: chunking them measured ~10% slower (15.5
 * against 14.1 ms at batch 320), while 288 rows and more gained 1.4–4× (big's layers).
 */
const MIN_ROWS_TO_CHUNK = 256;

/** Sets the chunk size (bytes of one patch matrix), to test and tune it. */
export function setFilterGradientChunk(bytes: number): void {
  chunkBytes = bytes;
}

/** Kernel registration for `tf.registerKernel`. */
export const conv2DBackpropFilterMatMulConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
