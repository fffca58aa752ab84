/**
 * ReLU's gradient in one pass on WASM. TF.js computes it as `mul(dy, cast(step(x)))`: a Step
 * pass that writes a 0/1 mask as large as the layer's output, then a Multiply that reads it
 * back (for listing 4.1's first layer at batch 320, 14 MB written and read again each step).
 * Our SIMD kernel reads x and dy once and writes dx, shared out between threads, with the same
 * float operations, so the result is bit for bit TF.js' own.
 *
 * The gradient itself is registered for every backend (gradients are global in TF.js); it runs
 * our kernel where the active backend has it and TF.js' composition everywhere else.
 */
import {
  cast,
  engine,
  getBackend,
  getKernel,
  mul,
  Multiply,
  Relu,
  step,
  Step,
  util,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type Tensor,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { MIN_SHARED_FLOATS } from './elementwise.ts';
import { disposeAll, runWasmKernel, type KernelArgs } from './kernel-utils.ts';
import { simdKernels } from './simd.ts';
import { runShared, shares } from './team.ts';

/** The fused kernel's name: dx = dy · step(x), inputs `dy` and `x`. */
export const reluGradName = 'StudioReluGrad';

function reluGrad({
  inputs,
  backend,
}: KernelArgs<{ dy: TensorInfo; x: TensorInfo }, NamedAttrMap>) {
  const { dy, x } = inputs;
  const simd = simdKernels();
  if (!simd || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    const mask = runWasmKernel(Step, { x }, { alpha: 0 }, backend);
    const dx = runWasmKernel(Multiply, { a: dy, b: mask }, {}, backend);
    disposeAll(backend, [mask]);
    return dx;
  }
  const dx = backend.makeOutput([...x.shape], 'float32');
  const [x0, dy0, dx0] = [x, dy, dx].map((t) => backend.getMemoryOffset(t.dataId));
  runShared(
    'reluGrad',
    shares(util.sizeFromShape(x.shape), MIN_SHARED_FLOATS, 4).map(([first, count]) => [
      x0 + first * 4,
      dy0 + first * 4,
      dx0 + first * 4,
      count,
    ]),
  );
  return dx;
}

/** Kernel registration for `tf.registerKernel` (our kernel set only). */
export const reluGradConfig: KernelConfig = {
  kernelName: reluGradName,
  backendName: 'wasm',
  kernelFunc: reluGrad as unknown as KernelFunc,
};

/** ReLU's gradient: our kernel where the backend has one, else TF.js' own composition. */
export const reluGradient: GradConfig = {
  kernelName: Relu,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
    const [x] = saved;
    const g = dy as Tensor;
    return {
      x: () =>
        getKernel(reluGradName, getBackend())
          ? (engine().runKernel(reluGradName, { dy: g, x }) as Tensor)
          : mul(g, cast(step(x), 'float32')),
    };
  },
};
