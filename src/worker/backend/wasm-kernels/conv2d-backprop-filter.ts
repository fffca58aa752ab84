/**
 * `Conv2DBackpropFilter` for the TF.js WASM backend, which 4.22 lacks
 * (https://github.com/tensorflow/tfjs/issues/8474), so that convnets can train on WASM.
 *
 * The filter gradient of a channels-last convolution is itself a convolution:
 *   dW[fh, fw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + fh − padTop, ow·s + fw − padLeft, ci] · dy[b, oh, ow, co]
 * Swapping the batch and channel axes of x turns the sum over b into the sum over input
 * channels of an ordinary convolution, which the backend runs with XNNPACK:
 *   x  [B, H, W, Ci]   → xT  [Ci, H, W, B]      (Transpose)
 *   dy [B, Oh, Ow, Co] → dyT [Oh, Ow, B, Co]    (Transpose; used as a filter)
 *   conv2d(xT, dyT, stride 1, dilation s, explicit padding) → [Ci, Fh, Fw, Co]
 *   → dW [Fh, Fw, Ci, Co]                       (Transpose)
 * Every intermediate is freed before returning.
 */
import {
  Conv2D,
  Conv2DBackpropFilter,
  Slice,
  Transpose,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  disposeAll,
  filterGradientInfo,
  runWasmKernel as runKernel,
  type KernelArgs,
} from './kernel-utils.ts';

/** The composed kernel, for a convolution described by `info`. */
export function composedFilterGradient(
  args: KernelArgs<Conv2DBackpropFilterInputs, Conv2DBackpropFilterAttrs>,
  info = filterGradientInfo(args.inputs.x as TensorInfo, args.attrs),
): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const [, inH, inW] = x.shape;
  const [, outH, outW] = dy.shape;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows/columns of the (virtually padded) input that the forward pass actually read.
  let bottom = fh + (outH - 1) * sh - inH - top;
  let right = fw + (outW - 1) * sw - inW - left;
  const temporaries: TensorInfo[] = [];
  let input = x;
  if (bottom < 0 || right < 0) {
    // The forward pass ignored trailing rows/columns (stride does not divide evenly): crop them.
    const keepH = inH + Math.min(bottom, 0);
    const keepW = inW + Math.min(right, 0);
    input = runKernel(
      Slice,
      { x },
      { begin: [0, 0, 0, 0], size: [x.shape[0], keepH, keepW, x.shape[3]] },
      backend,
    );
    temporaries.push(input);
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const xT = runKernel(Transpose, { x: input }, { perm: [3, 1, 2, 0] }, backend);
  temporaries.push(xT);
  const dyT = runKernel(Transpose, { x: dy }, { perm: [1, 2, 0, 3] }, backend);
  temporaries.push(dyT);
  const dwT = runKernel(
    Conv2D,
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [sh, sw],
    } as unknown as NamedAttrMap,
    backend,
  );
  temporaries.push(dwT);
  const dw = runKernel(Transpose, { x: dwT }, { perm: [1, 2, 0, 3] }, backend);
  disposeAll(backend, temporaries);
  return dw;
}

/** Kernel registration for `tf.registerKernel`. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ((args: Parameters<typeof composedFilterGradient>[0]) =>
    composedFilterGradient(args)) as unknown as KernelFunc,
};
