/**
 * The settings of a training run, checked wherever they come from: the page (which clamps them
 * already, `src/ui/train-config.ts`) or a checkpoint read back from IndexedDB. A run never starts
 * on a value it was not meant to take: an unknown model, a fraction, NaN, or an extra key.
 */
import { StudioError } from './errors.ts';
import { isModelName } from './models.ts';
import { OPTIMIZERS, SCHEDULES, TRAIN_LIMITS, type TrainConfig } from './protocol.ts';

/** The settings a `TrainConfig` has, and no others. */
const SETTINGS: readonly string[] = [
  'model',
  'epochs',
  'batchSize',
  'trainExamples',
  'optimizer',
  'learningRate',
  'schedule',
  'labelSmoothing',
  'seed',
  'keepBest',
  'testEachEpoch',
  'augment',
];

/** The code that refuses each numeric setting. */
const RANGE_ERRORS = {
  epochs: 'InvalidConfig.epochs',
  batchSize: 'InvalidConfig.batchSize',
  trainExamples: 'InvalidConfig.trainExamples',
  learningRate: 'InvalidConfig.learningRate',
  labelSmoothing: 'InvalidConfig.labelSmoothing',
} as const;

/** At most this much of a value that is not a setting is quoted back (it is data, not words). */
const QUOTE_LENGTH = 40;

/**
 * Throws `InvalidConfig.*` unless `config` is a `TrainConfig`: one of the book's models, and
 * whole numbers within `TRAIN_LIMITS` for epochs, batch size and training examples, a known
 * optimizer and schedule, a learning rate and label smoothing within limits, an optional seed
 * (a uint32), two flags and an optional third (augment).
 */
export function checkTrainConfig(config: unknown): asserts config is TrainConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new StudioError('InvalidConfig.notObject');
  }
  const values = config as Record<string, unknown>;
  const extra = Object.keys(values).find((key) => !SETTINGS.includes(key));
  if (extra !== undefined) {
    throw new StudioError('InvalidConfig.unknownSetting', {
      setting: extra.slice(0, QUOTE_LENGTH),
    });
  }
  if (typeof values.model !== 'string' || !isModelName(values.model)) {
    throw new StudioError('InvalidConfig.model', {
      model: String(values.model).slice(0, QUOTE_LENGTH),
    });
  }
  for (const key of ['epochs', 'batchSize', 'trainExamples'] as const) {
    const value = values[key];
    const { min, max } = TRAIN_LIMITS[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new StudioError(RANGE_ERRORS[key], { min, max });
    }
  }
  if (typeof values.optimizer !== 'string' || !OPTIMIZERS.includes(values.optimizer as never)) {
    throw new StudioError('InvalidConfig.optimizer', {
      optimizer: String(values.optimizer).slice(0, QUOTE_LENGTH),
    });
  }
  if (typeof values.schedule !== 'string' || !SCHEDULES.includes(values.schedule as never)) {
    throw new StudioError('InvalidConfig.schedule', {
      schedule: String(values.schedule).slice(0, QUOTE_LENGTH),
    });
  }
  for (const key of ['learningRate', 'labelSmoothing'] as const) {
    const value = values[key];
    const { min, max } = TRAIN_LIMITS[key];
    if (typeof value !== 'number' || !(value >= min && value <= max)) {
      throw new StudioError(RANGE_ERRORS[key], { min, max });
    }
  }
  const { seed } = values;
  if (
    seed !== undefined &&
    (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > TRAIN_LIMITS.seed.max)
  ) {
    throw new StudioError('InvalidConfig.seed', TRAIN_LIMITS.seed);
  }
  for (const key of ['keepBest', 'testEachEpoch'] as const) {
    if (typeof values[key] !== 'boolean')
      throw new StudioError('InvalidConfig.flag', { setting: key });
  }
  if (values.augment !== undefined && typeof values.augment !== 'boolean') {
    throw new StudioError('InvalidConfig.flag', { setting: 'augment' });
  }
}
