import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN_CONFIG, TRAIN_LIMITS } from '../../src/shared/protocol.ts';
import {
  clampInteger,
  loadTrainConfig,
  sanitizeTrainConfig,
  saveTrainConfig,
  TRAIN_CONFIG_KEY,
} from '../../src/ui/train-config.ts';

describe('sanitizeTrainConfig', () => {
  it('defaults to listing 4.2’s recipe', () => {
    expect(sanitizeTrainConfig(undefined)).toEqual({
      model: 'conv',
      epochs: 10,
      batchSize: 320,
      trainExamples: 51_000,
    });
  });

  it('clamps numbers to TRAIN_LIMITS and rounds them', () => {
    const config = sanitizeTrainConfig({
      model: 'dense',
      epochs: 1000,
      batchSize: 0,
      trainExamples: '1000.4',
    });
    expect(config).toEqual({
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
    const config = { model: 'conv3' as const, epochs: 3, batchSize: 64, trainExamples: 10_000 };
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
