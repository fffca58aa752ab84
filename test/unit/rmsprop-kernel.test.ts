/**
 * Listing 4.2's optimizer in one kernel call per weight tensor (src/worker/backend/wasm-kernels/
 * rmsprop.ts): the same weights, bit for bit, as TF.js' own RMSprop, with and without WASM SIMD,
 * with momentum, and its state saved under TF.js' names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { StudioRMSProp } from '../../src/worker/backend/wasm-kernels/rmsprop.ts';
import { disableSimdKernels } from '../../src/worker/backend/wasm-kernels/simd.ts';
import { useTfBackend } from './support/tf-wasm.ts';

/** Seeded uniform [-scale, scale) values. */
function randomValues(length: number, seed: number, scale = 1): Float32Array {
  const values = new Float32Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    values[i] = (s / 2 ** 31 - 1) * scale;
  }
  return values;
}

// A conv kernel, a bias, and an odd size that the vector loop does not cover.
const shapes = [[3, 3, 1, 16], [16], [7, 5]];

/** Three steps of `optimizer` on fresh weights; their bits, the kernels run and the state. */
async function train(optimizer: tf.Optimizer) {
  const weights = shapes.map((shape, i) =>
    tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(shape), 10 + i), shape)),
  );
  const kernels = new Set<string>();
  for (let step = 0; step < 3; step++) {
    const grads = Object.fromEntries(
      weights.map((w, i) => [
        w.name,
        tf.tensor(randomValues(w.size, 100 * step + i, 0.1), w.shape),
      ]),
    );
    const profile = await tf.profile(() => optimizer.applyGradients(grads));
    profile.kernelNames.forEach((name) => kernels.add(name));
    tf.dispose(Object.values(grads));
  }
  const bits = weights.map((w) => Array.from(new Uint32Array(w.dataSync().slice().buffer)));
  const state = (await optimizer.getWeights()).map((w) => w.name.replace(/^.*\//, ''));
  const before = tf.memory().numTensors;
  optimizer.dispose();
  tf.dispose(weights);
  return { bits, kernels, state, freed: before - tf.memory().numTensors };
}

afterEach(() => disableSimdKernels(false));

describe('RMSprop in one kernel call per weight tensor', () => {
  it.each([
    { momentum: 0, simd: true },
    { momentum: 0, simd: false },
    { momentum: 0.5, simd: true },
  ])('gives TF.js’ own weights bit for bit (momentum $momentum, SIMD $simd)', async (c) => {
    await useTfBackend('wasm');
    disableSimdKernels(!c.simd);
    const ours = await train(new StudioRMSProp(0.001, 0.9, c.momentum));
    const theirs = await train(tf.train.rmsprop(0.001, 0.9, c.momentum));
    expect(ours.kernels).toContain('StudioRMSPropStep');
    expect(ours.kernels).not.toContain('Sqrt');
    expect(theirs.kernels).toContain('Sqrt');
    expect(ours.bits).toEqual(theirs.bits);
    expect(ours.state).toEqual(theirs.state);
    // The weights moved.
    const start = shapes.map((shape, i) =>
      Array.from(new Uint32Array(randomValues(tf.util.sizeFromShape(shape), 10 + i).buffer)),
    );
    expect(ours.bits[0]).not.toEqual(start[0]);
    // Disposing the optimizer frees its state (two tensors per weight, plus iterations).
    expect(ours.freed).toBe(theirs.freed);
  });

  it('runs TF.js’ own ops on the CPU backend', async () => {
    await useTfBackend('cpu');
    const ours = await train(new StudioRMSProp(0.001));
    const theirs = await train(tf.train.rmsprop(0.001));
    expect(ours.kernels).not.toContain('StudioRMSPropStep');
    expect(ours.bits).toEqual(theirs.bits);
  });
});
