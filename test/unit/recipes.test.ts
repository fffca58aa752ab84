import { describe, expect, it } from 'vitest';
import {
  BOOK_RECIPE,
  DEFAULT_TRAIN_CONFIG,
  FAST_RECIPE,
  type EpochPoint,
  type RunRecord,
} from '../../src/shared/protocol.ts';
import { deriveSeed, mulberry32 } from '../../src/shared/random.ts';
import {
  bestEpochOf,
  configOfRun,
  learningRateAt,
  reached99Of,
  recipeOf,
  withRecipeDefaults,
} from '../../src/shared/recipes.ts';
import { checkTrainConfig } from '../../src/shared/train-config-check.ts';

const epoch = (n: number, valAcc: number, testAcc?: number): EpochPoint => ({
  epoch: n,
  step: n * 10,
  loss: 0.1,
  acc: 0.9,
  valLoss: 0.1,
  valAcc,
  testAcc,
  elapsedMs: n * 20_000,
  examplesDone: n * 51_000,
});

describe('recipes', () => {
  it('names a config by the recipe whose settings it has, else custom', () => {
    expect(recipeOf(DEFAULT_TRAIN_CONFIG)).toBe('book');
    expect(recipeOf({ ...DEFAULT_TRAIN_CONFIG, ...FAST_RECIPE })).toBe('fast');
    expect(recipeOf({ ...DEFAULT_TRAIN_CONFIG, ...FAST_RECIPE, batchSize: 48 })).toBe('custom');
    expect(recipeOf({ ...BOOK_RECIPE, learningRate: 0.002 })).toBe('custom');
  });

  it('one-cycle warms up from a tenth over 20% of the batches, then decays linearly to 0', () => {
    const config = { learningRate: 0.002, schedule: 'one-cycle' as const };
    expect(learningRateAt(config, 0, 100)).toBeCloseTo(0.0002, 12);
    expect(learningRateAt(config, 10, 100)).toBeCloseTo(0.0011, 12);
    expect(learningRateAt(config, 20, 100)).toBeCloseTo(0.002, 12);
    expect(learningRateAt(config, 60, 100)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(config, 99, 100)).toBeCloseTo(0.002 / 80, 12);
    const rates = Array.from({ length: 100 }, (_, i) => learningRateAt(config, i, 100));
    expect(Math.max(...rates)).toBeCloseTo(0.002, 12);
    expect(rates.every((r) => r > 0)).toBe(true);
    expect(learningRateAt({ learningRate: 0.001, schedule: 'constant' }, 57, 100)).toBe(0.001);
  });

  it('reads when 99% was first reached, and the best epoch (the earliest of equals)', () => {
    const history = [epoch(1, 0.985, 0.988), epoch(2, 0.991, 0.989), epoch(3, 0.991, 0.992)];
    expect(reached99Of(history)).toEqual({
      val: { epoch: 2, ms: 40_000, examples: 102_000 },
      test: { epoch: 3, ms: 60_000, examples: 153_000 },
    });
    expect(reached99Of([epoch(1, 0.95)])).toEqual({});
    expect(bestEpochOf(history)).toBe(2);
    expect(bestEpochOf([])).toBeUndefined();
  });

  it('repeats a recorded run with its settings and seed; old records get the book’s', () => {
    const run = {
      model: 'conv',
      backend: 'wasm',
      epochsCompleted: 2,
      trainExamples: 51_000,
      durationMs: 1,
      examplesPerSecond: 1,
      testAccuracy: 0.99,
      testLoss: 0.03,
      stopped: false,
      finishedAt: 0,
      ...FAST_RECIPE,
      seed: 7,
      keepBest: true,
      testEachEpoch: true,
    } satisfies RunRecord;
    const config = configOfRun(run);
    expect(config).toMatchObject({ ...FAST_RECIPE, seed: 7, keepBest: true, model: 'conv' });
    checkTrainConfig(config);
    expect(config.augment).toBe(false);
    expect(configOfRun({ ...run, augment: true }).augment).toBe(true);
    const old: RunRecord = { ...run };
    for (const key of ['optimizer', 'learningRate', 'schedule', 'labelSmoothing', 'seed']) {
      delete (old as unknown as Record<string, unknown>)[key];
    }
    expect(configOfRun(old)).toMatchObject({
      ...BOOK_RECIPE,
      epochs: FAST_RECIPE.epochs,
      batchSize: FAST_RECIPE.batchSize,
    });
    expect('seed' in configOfRun(old)).toBe(false);
    const legacy = withRecipeDefaults({
      model: 'dense',
      epochs: 3,
      batchSize: 100,
      trainExamples: 2_000,
    });
    checkTrainConfig(legacy);
    expect(legacy).toMatchObject({ optimizer: 'rmsprop', keepBest: false });
  });
});

describe('seeded random numbers', () => {
  it('give the same sequence for a seed and different ones for different seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(deriveSeed(1, 1)).not.toBe(deriveSeed(1, 2));
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
  });
});
