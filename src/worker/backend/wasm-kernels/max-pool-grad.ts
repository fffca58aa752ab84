/**
 * `MaxPoolGrad` for the TF.js WASM backend, in place on the WASM heap. TF.js 4.22's own kernel
 * visits every input pixel once per output window it could belong to: 90 ms of a 430 ms
 * training step of the listing 4.1 convnet at batch 320.
 *
 * Each window's gradient goes to its first maximum (rows, then columns: the CPU backend's
 * tie-break):  x [B, H, W, C], dy [B, Oh, Ow, C] → dx [B, H, W, C].
 * 2x2 windows with stride 2 (the book's pools) run in our WASM SIMD kernel, four channels at a
 * time with masks instead of branches (a few ms), the batch shared out between threads (./team.ts);
 * other pools in JS (~3x faster than TF.js').
 */
import {
  backend_util,
  MaxPoolGrad,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { KernelArgs } from './kernel-utils.ts';
import { simdKernels } from './simd.ts';
import { runShared, shares } from './team.ts';

type Args = KernelArgs<MaxPoolGradInputs, MaxPoolGradAttrs>;

/** dx of a max pool, given its input `x` and output gradient `dy` (plain arrays, NHWC). */
export function maxPoolGradInto(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * W * C;
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * sh - top;
      // The window's rows inside the image (padding never wins a max).
      let hFirst = h0;
      while (hFirst < 0) hFirst += dh;
      const hEnd = Math.min(h0 + fh, H);
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        const w0 = ow * sw - left;
        let wFirst = w0;
        while (wFirst < 0) wFirst += dw;
        const wEnd = Math.min(w0 + fw, W);
        for (let c = 0; c < C; c++) {
          let max = -Infinity;
          let at = -1;
          for (let h = hFirst; h < hEnd; h += dh) {
            const row = image + h * W * C + c;
            for (let w = wFirst; w < wEnd; w += dw) {
              const i = row + w * C;
              const v = x[i];
              if (v > max) {
                max = v;
                at = i;
              }
            }
          }
          if (at >= 0) dx[at] += dy[o + c];
        }
      }
    }
  }
}

/** 2x2 windows, stride 2, no padding or dilation: both pools of the book's convnets. */
function isPlain2x2(info: backend_util.Conv2DInfo): boolean {
  return (
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0
  );
}

function maxPoolGrad({ inputs, attrs, backend }: Args): TensorInfo {
  const input = inputs.input as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, input.dtype);
  const simd = simdKernels();
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  if (simd && isPlain2x2(info) && inChannels % 4 === 0) {
    const [x0, dy0, dx0] = [input, dy, dx].map((t) => backend.getMemoryOffset(t.dataId));
    const inBytes = inHeight * inWidth * inChannels * 4;
    const outBytes = outHeight * outWidth * inChannels * 4;
    runShared(
      'maxPool2x2Grad',
      shares(batchSize, 8).map(([first, count]) => [
        x0 + first * inBytes,
        dy0 + first * outBytes,
        dx0 + first * inBytes,
        count,
        inHeight,
        inWidth,
        inChannels,
        outHeight,
        outWidth,
      ]),
    );
    return dx;
  }
  // Views are taken after the allocation above: growing the heap detaches older ones.
  maxPoolGradInto(
    backend.typedArrayFromHeap(input) as Float32Array,
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(dx) as Float32Array,
    info,
  );
  return dx;
}

/** The kernel function, for registration under `MaxPoolGrad`. */
export const maxPoolGradWasm = maxPoolGrad as unknown as KernelFunc;
export const maxPoolGradName = MaxPoolGrad;
