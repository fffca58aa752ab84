import { describe, expect, it } from 'vitest';
import { errorCode, errorParams, type ErrorCode } from '../../src/shared/errors.ts';
import {
  DEFAULT_TRAIN_CONFIG,
  OPTIMIZERS,
  RECIPES,
  TRAIN_LIMITS,
} from '../../src/shared/protocol.ts';
import { checkTrainConfig } from '../../src/shared/train-config-check.ts';
import {
  clampInteger,
  loadTrainConfig,
  sanitizeTrainConfig,
  saveTrainConfig,
  TRAIN_CONFIG_KEY,
} from '../../src/ui/train-config.ts';
import { bookConfig } from './support/train-configs.ts';

describe('sanitizeTrainConfig', () => {
  it('defaults to listing 4.2’s recipe', () => {
    expect(sanitizeTrainConfig(undefined)).toEqual({
      model: 'conv',
      epochs: 10,
      batchSize: 320,
      trainExamples: 51_000,
      optimizer: 'rmsprop',
      learningRate: 0.001,
      schedule: 'constant',
      labelSmoothing: 0,
      keepBest: true,
      testEachEpoch: true,
      augment: false,
    });
  });

  it('keeps "Augment like photos" only as a flag, off when absent', () => {
    expect(sanitizeTrainConfig({ augment: true }).augment).toBe(true);
    expect(sanitizeTrainConfig({ augment: 'yes' }).augment).toBe(false);
    expect(sanitizeTrainConfig({}).augment).toBe(false);
  });

  it('keeps a seed only when it is a whole number in range (empty means random)', () => {
    expect(sanitizeTrainConfig({ seed: '42' }).seed).toBe(42);
    expect('seed' in sanitizeTrainConfig({ seed: '' })).toBe(false);
    expect('seed' in sanitizeTrainConfig({ seed: 'abc' })).toBe(false);
    expect(sanitizeTrainConfig({ seed: 2 ** 40 }).seed).toBe(2 ** 32 - 1);
  });

  it('clamps numbers to TRAIN_LIMITS and rounds them', () => {
    const config = sanitizeTrainConfig({
      model: 'dense',
      epochs: 1000,
      batchSize: 0,
      trainExamples: '1000.4',
    });
    expect(config).toEqual({
      ...DEFAULT_TRAIN_CONFIG,
      model: 'dense',
      epochs: TRAIN_LIMITS.epochs.max,
      batchSize: TRAIN_LIMITS.batchSize.min,
      trainExamples: 1000,
    });
  });

  it('replaces unknown models and non-numbers with defaults', () => {
    const config = sanitizeTrainConfig({ model: 'resnet', epochs: 'ten', batchSize: NaN });
    expect(config.model).toBe(DEFAULT_TRAIN_CONFIG.model);
    expect(config.epochs).toBe(DEFAULT_TRAIN_CONFIG.epochs);
    expect(config.batchSize).toBe(DEFAULT_TRAIN_CONFIG.batchSize);
  });

  it('clampInteger ignores empty strings', () => {
    expect(clampInteger('', { min: 1, max: 5 }, 3)).toBe(3);
    expect(clampInteger(' 4 ', { min: 1, max: 5 }, 3)).toBe(4);
  });
});

describe('remembered settings', () => {
  it('round-trips through storage', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    const config = bookConfig({ model: 'conv3', epochs: 3, batchSize: 64, trainExamples: 10_000 });
    saveTrainConfig(storage, config);
    expect(map.has(TRAIN_CONFIG_KEY)).toBe(true);
    expect(loadTrainConfig(storage)).toEqual(config);
  });

  it('falls back to defaults on broken JSON or failing storage', () => {
    expect(loadTrainConfig({ getItem: () => '{nope' })).toEqual(DEFAULT_TRAIN_CONFIG);
    expect(
      loadTrainConfig({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toEqual(DEFAULT_TRAIN_CONFIG);
    expect(() =>
      saveTrainConfig(
        {
          setItem: () => {
            throw new Error('QuotaExceededError');
          },
        },
        DEFAULT_TRAIN_CONFIG,
      ),
    ).not.toThrow();
    expect(loadTrainConfig(undefined)).toEqual(DEFAULT_TRAIN_CONFIG);
  });
});

describe('checkTrainConfig (the worker’s check of every run’s settings)', () => {
  /** The code and parameters `checkTrainConfig(config)` throws, or `undefined`. */
  function refusal(config: unknown): { code?: ErrorCode; params?: unknown } | undefined {
    try {
      checkTrainConfig(config);
    } catch (error) {
      const code = errorCode(error);
      return { code, params: code && errorParams(error, code) };
    }
    return undefined;
  }

  it('accepts the defaults, every model and the limits themselves', () => {
    expect(refusal(DEFAULT_TRAIN_CONFIG)).toBeUndefined();
    for (const recipe of Object.values(RECIPES)) {
      expect(refusal({ ...DEFAULT_TRAIN_CONFIG, ...recipe })).toBeUndefined();
    }
    for (const optimizer of OPTIMIZERS) {
      expect(refusal({ ...DEFAULT_TRAIN_CONFIG, optimizer })).toBeUndefined();
    }
    for (const model of ['conv', 'conv3', 'dense']) {
      expect(refusal({ ...DEFAULT_TRAIN_CONFIG, model })).toBeUndefined();
    }
    for (const key of [
      'epochs',
      'batchSize',
      'trainExamples',
      'learningRate',
      'labelSmoothing',
      'seed',
    ] as const) {
      const { min, max } = TRAIN_LIMITS[key];
      expect(refusal({ ...DEFAULT_TRAIN_CONFIG, [key]: min })).toBeUndefined();
      expect(refusal({ ...DEFAULT_TRAIN_CONFIG, [key]: max })).toBeUndefined();
    }
  });

  it.each([
    ['no settings at all', undefined, 'InvalidConfig.notObject', {}],
    ['a list', [1, 2], 'InvalidConfig.notObject', {}],
    ['an unknown model', { model: 'resnet' }, 'InvalidConfig.model', { model: 'resnet' }],
    ['a model that is not a name', { model: 7 }, 'InvalidConfig.model', { model: '7' }],
    [
      'a prototype key as model',
      { model: 'toString' },
      'InvalidConfig.model',
      { model: 'toString' },
    ],
    [
      'an extra setting',
      { momentum: 0.9 },
      'InvalidConfig.unknownSetting',
      { setting: 'momentum' },
    ],
    [
      'an unknown optimizer',
      { optimizer: 'lion' },
      'InvalidConfig.optimizer',
      { optimizer: 'lion' },
    ],
    [
      'no optimizer',
      { optimizer: undefined },
      'InvalidConfig.optimizer',
      { optimizer: 'undefined' },
    ],
    [
      'an unknown schedule',
      { schedule: 'cosine' },
      'InvalidConfig.schedule',
      { schedule: 'cosine' },
    ],
    [
      'learning rate 0',
      { learningRate: 0 },
      'InvalidConfig.learningRate',
      TRAIN_LIMITS.learningRate,
    ],
    [
      'learning rate NaN',
      { learningRate: NaN },
      'InvalidConfig.learningRate',
      TRAIN_LIMITS.learningRate,
    ],
    [
      'learning rate 2',
      { learningRate: 2 },
      'InvalidConfig.learningRate',
      TRAIN_LIMITS.learningRate,
    ],
    [
      'label smoothing 0.6',
      { labelSmoothing: 0.6 },
      'InvalidConfig.labelSmoothing',
      TRAIN_LIMITS.labelSmoothing,
    ],
    [
      'label smoothing "0.1"',
      { labelSmoothing: '0.1' },
      'InvalidConfig.labelSmoothing',
      TRAIN_LIMITS.labelSmoothing,
    ],
    ['seed -1', { seed: -1 }, 'InvalidConfig.seed', TRAIN_LIMITS.seed],
    ['seed 1.5', { seed: 1.5 }, 'InvalidConfig.seed', TRAIN_LIMITS.seed],
    ['seed 2^32', { seed: 2 ** 32 }, 'InvalidConfig.seed', TRAIN_LIMITS.seed],
    ['keepBest "yes"', { keepBest: 'yes' }, 'InvalidConfig.flag', { setting: 'keepBest' }],
    ['augment 1', { augment: 1 }, 'InvalidConfig.flag', { setting: 'augment' }],
    [
      'no testEachEpoch',
      { testEachEpoch: undefined },
      'InvalidConfig.flag',
      { setting: 'testEachEpoch' },
    ],
    ['epochs 0', { epochs: 0 }, 'InvalidConfig.epochs', TRAIN_LIMITS.epochs],
    ['epochs 101', { epochs: 101 }, 'InvalidConfig.epochs', TRAIN_LIMITS.epochs],
    ['epochs 2.5', { epochs: 2.5 }, 'InvalidConfig.epochs', TRAIN_LIMITS.epochs],
    ['epochs NaN', { epochs: NaN }, 'InvalidConfig.epochs', TRAIN_LIMITS.epochs],
    ['epochs "10"', { epochs: '10' }, 'InvalidConfig.epochs', TRAIN_LIMITS.epochs],
    [
      'batch size Infinity',
      { batchSize: Infinity },
      'InvalidConfig.batchSize',
      TRAIN_LIMITS.batchSize,
    ],
    ['batch size 4097', { batchSize: 4097 }, 'InvalidConfig.batchSize', TRAIN_LIMITS.batchSize],
    [
      '99 examples',
      { trainExamples: 99 },
      'InvalidConfig.trainExamples',
      TRAIN_LIMITS.trainExamples,
    ],
    [
      'no examples',
      { trainExamples: undefined },
      'InvalidConfig.trainExamples',
      TRAIN_LIMITS.trainExamples,
    ],
    [
      'more examples than the split',
      { trainExamples: 51_001 },
      'InvalidConfig.trainExamples',
      TRAIN_LIMITS.trainExamples,
    ],
  ])('refuses %s', (_, change, code, params) => {
    const config =
      change === undefined || Array.isArray(change)
        ? change
        : { ...DEFAULT_TRAIN_CONFIG, ...change };
    expect(refusal(config)).toEqual({ code, params: { ...params } });
  });
});
