/** The training form's values: checked against `TRAIN_LIMITS` and remembered between visits. */
import { isModelName } from '../shared/models.ts';
import {
  DEFAULT_TRAIN_CONFIG,
  OPTIMIZERS,
  SCHEDULES,
  TRAIN_LIMITS,
  type TrainConfig,
} from '../shared/protocol.ts';

/** The `localStorage` key of the last training settings. */
export const TRAIN_CONFIG_KEY = 'mnist-studio:train-config';

/** A number within `limit`, or `fallback` when `value` is not a finite number. */
export function clampNumber(
  value: unknown,
  limit: { readonly min: number; readonly max: number },
  fallback: number,
): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return fallback;
  return Math.min(limit.max, Math.max(limit.min, number));
}

/** A whole number within `limit` (whole-number limits), or `fallback` for a non-number. */
export function clampInteger(
  value: unknown,
  limit: { readonly min: number; readonly max: number },
  fallback: number,
): number {
  return Math.round(clampNumber(value, limit, fallback));
}

/** One of `options`, or `fallback`. */
function oneOf<T extends string>(value: unknown, options: readonly T[], fallback: T): T {
  return options.includes(value as T) ? (value as T) : fallback;
}

/** A valid config from anything (a stored JSON value, form values), defaults filling gaps. */
export function sanitizeTrainConfig(value: unknown): TrainConfig {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const d = DEFAULT_TRAIN_CONFIG;
  const config: TrainConfig = {
    model: typeof raw.model === 'string' && isModelName(raw.model) ? raw.model : d.model,
    epochs: clampInteger(raw.epochs, TRAIN_LIMITS.epochs, d.epochs),
    batchSize: clampInteger(raw.batchSize, TRAIN_LIMITS.batchSize, d.batchSize),
    trainExamples: clampInteger(raw.trainExamples, TRAIN_LIMITS.trainExamples, d.trainExamples),
    optimizer: oneOf(raw.optimizer, OPTIMIZERS, d.optimizer),
    learningRate: clampNumber(raw.learningRate, TRAIN_LIMITS.learningRate, d.learningRate),
    schedule: oneOf(raw.schedule, SCHEDULES, d.schedule),
    labelSmoothing: clampNumber(raw.labelSmoothing, TRAIN_LIMITS.labelSmoothing, d.labelSmoothing),
    keepBest: typeof raw.keepBest === 'boolean' ? raw.keepBest : d.keepBest,
    testEachEpoch: typeof raw.testEachEpoch === 'boolean' ? raw.testEachEpoch : d.testEachEpoch,
    augment: typeof raw.augment === 'boolean' ? raw.augment : d.augment,
  };
  const seed = raw.seed === '' || raw.seed === null ? undefined : raw.seed;
  if (seed !== undefined) {
    const whole = clampInteger(seed, TRAIN_LIMITS.seed, -1);
    if (whole >= 0) config.seed = whole;
  }
  return config;
}

/** Reads the remembered settings; defaults when there are none or storage is unavailable. */
export function loadTrainConfig(storage: Pick<Storage, 'getItem'> | undefined): TrainConfig {
  try {
    const stored = storage?.getItem(TRAIN_CONFIG_KEY);
    return sanitizeTrainConfig(stored ? JSON.parse(stored) : undefined);
  } catch {
    return { ...DEFAULT_TRAIN_CONFIG };
  }
}

/** Remembers the settings; storage may be full or disabled, which only costs the memory. */
export function saveTrainConfig(
  storage: Pick<Storage, 'setItem'> | undefined,
  config: TrainConfig,
): void {
  try {
    storage?.setItem(TRAIN_CONFIG_KEY, JSON.stringify(config));
  } catch {
    // Private browsing or a full quota: the defaults come back next time.
  }
}
