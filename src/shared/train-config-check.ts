/**
 * The settings of a training run, checked wherever they come from: the page (which clamps them
 * already, `src/ui/train-config.ts`) or a checkpoint read back from IndexedDB. A run never starts
 * on a value it was not meant to take: an unknown model, a fraction, NaN, or an extra key.
 */
import { StudioError } from './errors.ts';
import { isModelName } from './models.ts';
import { TRAIN_LIMITS, type TrainConfig } from './protocol.ts';

/** The settings a `TrainConfig` has, and no others. */
const SETTINGS: readonly string[] = ['model', 'epochs', 'batchSize', 'trainExamples'];

/** The code that refuses each numeric setting. */
const RANGE_ERRORS = {
  epochs: 'InvalidConfig.epochs',
  batchSize: 'InvalidConfig.batchSize',
  trainExamples: 'InvalidConfig.trainExamples',
} as const;

/** At most this much of a value that is not a setting is quoted back (it is data, not words). */
const QUOTE_LENGTH = 40;

/**
 * Throws `InvalidConfig.*` unless `config` is a `TrainConfig`: one of the book's models, and
 * whole numbers within `TRAIN_LIMITS` for epochs, batch size and training examples.
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
}
