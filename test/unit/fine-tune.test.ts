/**
 * Learning the person's handwriting: the stratified hold-out, the replay mix, and real
 * fine-tunes of the starter model on 200 digits of another hand (scripts/lib/other-hand.ts):
 * held-out accuracy rises, MNIST barely moves, frozen conv layers keep every bit, the model
 * in use is never changed, and no tensor is left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  checkFineTuneConfig,
  FINE_TUNE_DEFAULTS,
  nextPracticeDigit,
  replayEpoch,
  stratifiedHoldOut,
  summarizePersonal,
  type PersonalDigit,
} from '../../src/shared/personal.ts';
import { errorCode } from '../../src/shared/errors.ts';
import { TrainingControl } from '../../src/worker/training/control.ts';
import { fineTuneModel } from '../../src/worker/training/fine-tune.ts';
import { otherHandSet } from '../../scripts/lib/other-hand.ts';
import { loadMnist } from './support/mnist-files.ts';
import { loadStarterModel } from './support/starter-model.ts';
import { useTfBackend } from './support/tf-wasm.ts';

describe('the hold-out', () => {
  it('holds out at least 20% of every digit, at random from the seed, never a lone example', () => {
    const labels = [...Array(37).fill(3), ...Array(10).fill(7), 5, ...Array(2).fill(1)];
    const { train, heldOut } = stratifiedHoldOut(labels, 11);
    expect([...train, ...heldOut].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    const heldOf = (d: number) => heldOut.filter((p) => labels[p] === d).length;
    expect(heldOf(3)).toBe(8); // ceil(37 × 0.2)
    expect(heldOf(7)).toBe(2);
    expect(heldOf(1)).toBe(1);
    expect(heldOf(5)).toBe(0); // one 5: trained on, not measured
    expect(stratifiedHoldOut(labels, 11)).toEqual({ train, heldOut });
    expect(stratifiedHoldOut(labels, 12).heldOut).not.toEqual(heldOut);
  });
});

describe('the replay mix', () => {
  it('has each personal digit once and `replay` distinct MNIST images per digit, shuffled', () => {
    const order = replayEpoch(50, 3, 51_000, 7, 1);
    expect(order.length).toBe(200);
    const personal = Array.from(order.filter((e) => e < 0)).sort((a, b) => b - a);
    expect(personal).toEqual(Array.from({ length: 50 }, (_, k) => -1 - k));
    const mnist = order.filter((e) => e >= 0);
    expect(new Set(mnist).size).toBe(150);
    expect(mnist.every((i) => i < 51_000)).toBe(true);
    // Mixed, not appended: personal digits appear in both halves.
    expect(order.subarray(0, 100).some((e) => e < 0)).toBe(true);
    expect(order.subarray(100).some((e) => e < 0)).toBe(true);
    // Fresh MNIST each epoch, the same again for the same seed.
    expect(replayEpoch(50, 3, 51_000, 7, 2)).not.toEqual(order);
    expect(replayEpoch(50, 3, 51_000, 7, 1)).toEqual(order);
    // Never more MNIST images than there are.
    expect(replayEpoch(10, 3, 12, 7, 1).filter((e) => e >= 0).length).toBe(12);
  });
});

describe('settings and counts', () => {
  it('refuses settings out of range and counts digits for Practice', () => {
    expect(checkFineTuneConfig({})).toEqual(FINE_TUNE_DEFAULTS);
    expect(errorCode(catchOf(() => checkFineTuneConfig({ epochs: 0 })))).toBe(
      'InvalidConfig.epochs',
    );
    expect(errorCode(catchOf(() => checkFineTuneConfig({ replay: 11 })))).toBe(
      'InvalidConfig.replay',
    );
    expect(errorCode(catchOf(() => checkFineTuneConfig({ epochs: 2.5 })))).toBe(
      'InvalidConfig.epochs',
    );
    const bad = { freezeConv: 'yes' } as unknown as { freezeConv: boolean };
    expect(errorCode(catchOf(() => checkFineTuneConfig(bad)))).toBe('InvalidConfig.flag');
    const summary = summarizePersonal([{ label: 4 }, { label: 4 }, { label: 0 }]);
    expect(summary.counts).toEqual([1, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
    expect(nextPracticeDigit(summary.counts)).toBe(1);
  });
});

function catchOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('fine-tuning the starter model on another hand', () => {
  let starter: LayersModel;
  let digits: PersonalDigit[];
  beforeAll(async () => {
    await useTfBackend('wasm');
    starter = await loadStarterModel();
    digits = otherHandSet(200, 16).map((d, i) => ({
      ...d,
      id: i + 1,
      source: 'import',
      createdAt: 0,
    }));
  });

  const bitsOf = (model: LayersModel) =>
    model.weights.map((w) => ({
      name: w.originalName,
      bits: Array.from(new Uint32Array(Float32Array.from(w.read().dataSync()).buffer)),
    }));

  it('learns the hand: held-out accuracy rises, MNIST stays, the starter is untouched', async () => {
    const data = loadMnist();
    const starterBits = bitsOf(starter);
    const tensorsBefore = tf.memory().numTensors;
    const phases = new Set<string>();
    const result = await fineTuneModel({
      source: starter,
      digits,
      data,
      config: { ...FINE_TUNE_DEFAULTS, seed: 3 },
      control: new TrainingControl(),
      onProgress: (p) => phases.add(p.phase),
      reportIntervalMs: 0,
    });
    const { before, after } = result;
    console.log(
      `held-out ${result.heldOutIds.length}: ${(before.personal * 100).toFixed(1)}% → ` +
        `${(after.personal * 100).toFixed(1)}%; MNIST ${(before.mnist * 100).toFixed(2)}% → ` +
        `${(after.mnist * 100).toFixed(2)}%; ${result.examplesDone} examples in ` +
        `${(result.activeMs / 1000).toFixed(1)} s`,
    );
    expect(result.heldOutIds.length).toBe(40);
    expect(result.trainDigits).toBe(160);
    // Measured: 85.0% → 100.0% on these 40, MNIST 99.21% → 99.23% (the issue allows 0.5 point).
    expect(after.personal).toBeGreaterThan(before.personal);
    expect(after.personal).toBeGreaterThanOrEqual(0.95);
    expect(after.mnist).toBeGreaterThanOrEqual(before.mnist - 0.005);
    expect([...phases]).toEqual(['measuring', 'training', 'done']);
    // 160 of the person's digits an epoch, each with its replay of MNIST images.
    expect(result.examplesDone).toBe(5 * 160 * (1 + FINE_TUNE_DEFAULTS.replay));
    expect(bitsOf(starter)).toEqual(starterBits);
    result.model.optimizer?.dispose();
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 180_000);

  it('with the conv layers frozen, their weights stay the same to the bit', async () => {
    const result = await fineTuneModel({
      source: starter,
      digits,
      data: loadMnist(),
      config: { ...FINE_TUNE_DEFAULTS, epochs: 2, freezeConv: true, seed: 4 },
      control: new TrainingControl(),
      onProgress: () => {},
    });
    const before = bitsOf(starter);
    const after = bitsOf(result.model);
    expect(after.map((w) => w.name)).toEqual(before.map((w) => w.name));
    for (const [i, weight] of after.entries()) {
      const changed = weight.bits.some((b, j) => b !== before[i].bits[j]);
      // conv2d kernels and biases unchanged; the dense layers learnt.
      expect(changed, weight.name).toBe(!weight.name.startsWith('conv2d'));
    }
    expect(result.after.personal).toBeGreaterThan(result.before.personal);
    expect(result.model.layers.every((layer) => layer.trainable)).toBe(true);
    result.model.optimizer?.dispose();
    result.model.dispose();
  }, 180_000);

  it('stops at a batch boundary and still measures what it learnt', async () => {
    const control = new TrainingControl();
    let batches = 0;
    const result = await fineTuneModel({
      source: starter,
      digits,
      data: loadMnist(),
      config: { ...FINE_TUNE_DEFAULTS, seed: 5 },
      control,
      reportIntervalMs: 0,
      onProgress: (p) => {
        if (p.phase === 'training' && p.batch > 0 && ++batches === 3) control.stop();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.examplesDone).toBe(3 * 32);
    expect(result.epochsCompleted).toBeCloseTo(96 / (160 * (1 + FINE_TUNE_DEFAULTS.replay)));
    expect(result.after.right.length).toBe(40);
    result.model.optimizer?.dispose();
    result.model.dispose();
  }, 180_000);
});
