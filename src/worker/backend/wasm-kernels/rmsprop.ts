/**
 * Listing 4.2's optimizer in one kernel call per weight tensor on WASM. TF.js' RMSprop runs
 * about fifteen small ops per weight tensor and step (it even computes the new mean square
 * twice): for listing 4.1's eight tensors, ~120 kernel calls whose cost is their overhead, not
 * their arithmetic. Our SIMD kernel does the same float32 operations in the same order in one
 * pass, so the weights are bit for bit those of TF.js' own optimizer.
 */
import {
  engine,
  getBackend,
  getKernel,
  RMSPropOptimizer,
  tidy,
  zerosLike,
  type KernelConfig,
  type KernelFunc,
  type NamedTensorMap,
  type Tensor,
  type TensorInfo,
  type Variable,
} from '@tensorflow/tfjs-core';
import type { KernelArgs } from './kernel-utils.ts';
import { simdKernels } from './simd.ts';

/** The kernel's name: inputs value, gradient, ms, mom; outputs [value', ms', mom']. */
export const rmsPropStepName = 'StudioRMSPropStep';

interface StepAttrs {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  [name: string]: number;
}

type StepInputs = Record<'value' | 'gradient' | 'ms' | 'mom', TensorInfo>;

function rmsPropStep({ inputs, attrs, backend }: KernelArgs<StepInputs, StepAttrs>) {
  const { value, gradient, ms, mom } = inputs;
  const outputs = [value, ms, mom].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const count = value.shape.reduce((a, b) => a * b, 1);
  const f = Math.fround;
  const [lr, decay, oneMinusDecay, momentum, epsilon] = [
    attrs.learningRate,
    attrs.decay,
    1 - attrs.decay,
    attrs.momentum,
    attrs.epsilon,
  ].map(f);
  const simd = simdKernels();
  if (simd) {
    const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    simd.rmsPropStep(
      at(value),
      at(gradient),
      at(ms),
      at(mom),
      ...(outputs.map(at) as [number, number, number]),
      count,
      lr,
      decay,
      oneMinusDecay,
      momentum,
      epsilon,
    );
    return outputs;
  }
  // Views after the allocations above (growing the heap detaches older ones).
  const [v, g, s, m, vOut, sOut, mOut] = [value, gradient, ms, mom, ...outputs].map(
    (t) => backend.typedArrayFromHeap(t) as Float32Array,
  );
  for (let i = 0; i < count; i++) {
    const msi = f(f(s[i] * decay) + f(f(g[i] * g[i]) * oneMinusDecay));
    const momi = f(f(m[i] * momentum) + f(f(g[i] * lr) / f(Math.sqrt(f(msi + epsilon)))));
    sOut[i] = msi;
    mOut[i] = momi;
    vOut[i] = v[i] - momi;
  }
  return outputs;
}

/** Kernel registration for `tf.registerKernel` (our kernel set only). */
export const rmsPropStepConfig: KernelConfig = {
  kernelName: rmsPropStepName,
  backendName: 'wasm',
  kernelFunc: rmsPropStep as unknown as KernelFunc,
};

/** What `applyGradients` is given (TF.js' `NamedTensor[]` is not exported). */
type VariableGradients = Parameters<RMSPropOptimizer['applyGradients']>[0];

interface Slot {
  originalName: string;
  variable: Variable;
}

/** The fields of TF.js' RMSprop this class works with (private in its typings). */
interface RMSPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Slot[];
  accumulatedMoments: Slot[];
}

/**
 * TF.js' RMSprop (same class name, weights and serialisation) whose step runs our kernel where
 * the active backend has it, and TF.js' own ops everywhere else (and when centred).
 */
export class StudioRMSProp extends RMSPropOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const state = this as unknown as RMSPropState;
    if (state.centered || !getKernel(rmsPropStepName, getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((item) => item.name)
      : Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = engine().registeredVariables[name];
      // As TF.js makes them: zeros, not trainable, named after the weight.
      state.accumulatedMeanSquares[i] ??= {
        originalName: `${name}/rms`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      state.accumulatedMoments[i] ??= {
        originalName: `${name}/momentum`,
        variable: tidy(() => zerosLike(value).variable(false)),
      };
      const gradient = Array.isArray(variableGradients)
        ? variableGradients[i].tensor
        : (variableGradients as NamedTensorMap)[name];
      if (gradient == null) return;
      const ms = state.accumulatedMeanSquares[i].variable;
      const mom = state.accumulatedMoments[i].variable;
      tidy(() => {
        const [newValue, newMs, newMom] = engine().runKernel(
          rmsPropStepName,
          { value, gradient, ms, mom },
          {
            learningRate: state.learningRate,
            decay: state.decay,
            momentum: state.momentum,
            epsilon: state.epsilon,
          },
        ) as Tensor[];
        ms.assign(newMs);
        mom.assign(newMom);
        value.assign(newValue);
      });
    });
    this.incrementIterations();
  }
}
