/**
 * What our WASM training kernels need from TF.js' WASM backend: running its own kernels on
 * `TensorInfo`s, freeing intermediates, and reading and writing tensors in place on the WASM heap.
 */
import {
  backend_util,
  getKernel,
  type Conv2DBackpropFilterAttrs,
  type DataType,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
  type TypedArray,
} from '@tensorflow/tfjs-core';

/** The surface of `BackendWasm` (tfjs-backend-wasm/dist/backend_wasm.d.ts) our kernels use. */
export interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** The tensor's byte offset on the WASM heap. */
  getMemoryOffset(dataId: object): number;
  /** A view of the tensor's bytes on the WASM heap; valid until the heap grows. */
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

/** The arguments TF.js passes a kernel function. */
export interface KernelArgs<I, A> {
  inputs: I;
  attrs: A;
  backend: WasmBackendLike;
}

/** Runs the kernel currently registered for `name` on the WASM backend. */
export function runWasmKernel(
  name: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
  backend: WasmBackendLike,
): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (!kernel) throw new Error(`The wasm backend has no ${name} kernel.`);
  return kernel.kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}

/** Runs a specific kernel function (e.g. the stock kernel we fall back to). */
export function runKernelFunc(
  kernelFunc: KernelFunc,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
  backend: WasmBackendLike,
): TensorInfo {
  return kernelFunc({ inputs, attrs, backend: backend as never }) as TensorInfo;
}

/** Frees intermediate tensors made inside a kernel. */
export function disposeAll(backend: WasmBackendLike, tensors: TensorInfo[]): void {
  for (const t of tensors) backend.disposeData(t.dataId);
}

/** The convolution a `Conv2DBackpropFilter` belongs to (channels last only, as on WASM). */
export function filterGradientInfo(
  x: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): backend_util.Conv2DInfo {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (backend_util.convertConv2DDataFormat(dataFormat) !== 'channelsLast') {
    throw new Error('Conv2DBackpropFilter on wasm supports channelsLast only.');
  }
  return backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}
