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
import { simdKernels } from './simd.ts';

type Args = KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>;

function conv2DBackpropFilter({ inputs, attrs, backend }: Args): TensorInfo {
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
      const partial = backend.makeOutput([fh * fw * co], 'float32');
      simd.singleChannelFilterGrad(
        backend.getMemoryOffset(x.dataId),
        backend.getMemoryOffset(dy.dataId),
        backend.getMemoryOffset(dw.dataId),
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
  const columns = batchSize * outHeight * outWidth;
  const patches = backend.makeOutput([fh * fw * ci, columns], 'float32');
  simd.transposedPatches(
    backend.getMemoryOffset(x.dataId),
    backend.getMemoryOffset(patches.dataId),
    batchSize,
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
  );
  const dyMatrix = runWasmKernel(Reshape, { x: dy }, { shape: [columns, co] }, backend);
  const product = runWasmKernel(
    BatchMatMul,
    { a: patches, b: dyMatrix },
    { transposeA: false, transposeB: false } as unknown as NamedAttrMap,
    backend,
  );
  const dw = runWasmKernel(Reshape, { x: product }, { shape: filterShape }, backend);
  disposeAll(backend, [patches, dyMatrix, product]);
  return dw;
}

/** Kernel registration for `tf.registerKernel`. */
export const conv2DBackpropFilterMatMulConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
