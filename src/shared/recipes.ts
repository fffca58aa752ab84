/**
 * Recipes and schedules, without TF.js: which recipe a config follows, the learning rate at
 * each batch (the worker trains with it, the page draws it), and the settings of a recorded
 * run (to repeat it).
 */
import {
  BOOK_RECIPE,
  DEFAULT_TRAIN_CONFIG,
  RECIPES,
  TARGET_ACCURACY,
  type EpochPoint,
  type Milestone,
  type Reached99,
  type RecipeName,
  type RecipeSettings,
  type RunRecord,
  type TrainConfig,
} from './protocol.ts';

/** The share of a one-cycle run spent warming up, and where the warm-up starts. */
export const WARMUP_FRACTION = 0.2;
export const WARMUP_START = 0.1;

const RECIPE_KEYS = Object.keys(BOOK_RECIPE) as (keyof RecipeSettings)[];

/** The named recipe whose every setting matches, else `custom`. */
export function recipeOf(config: RecipeSettings): RecipeName {
  for (const [name, recipe] of Object.entries(RECIPES)) {
    if (RECIPE_KEYS.every((key) => config[key] === recipe[key])) return name as RecipeName;
  }
  return 'custom';
}

/**
 * The learning rate for batch `step` (0-based) of `totalSteps`: constant, or one-cycle (a
 * linear warm-up from `WARMUP_START`× over the first `WARMUP_FRACTION` of the batches, then a
 * linear decay that reaches 0 after the last batch).
 */
export function learningRateAt(
  config: Pick<TrainConfig, 'learningRate' | 'schedule'>,
  step: number,
  totalSteps: number,
): number {
  const peak = config.learningRate;
  if (config.schedule === 'constant') return peak;
  const warmup = Math.max(1, Math.round(totalSteps * WARMUP_FRACTION));
  if (step < warmup) return peak * (WARMUP_START + ((1 - WARMUP_START) * step) / warmup);
  const decaySteps = Math.max(1, totalSteps - warmup);
  return (peak * Math.max(0, totalSteps - step)) / decaySteps;
}

/**
 * A config from settings written before recipes existed (a checkpoint, the remembered form):
 * the recipe settings they lack are the book's, as those runs used.
 */
export function withRecipeDefaults(config: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...config };
  const defaults: Partial<TrainConfig> = { ...BOOK_RECIPE, keepBest: false, testEachEpoch: false };
  for (const [key, value] of Object.entries(defaults)) {
    if (!(key in filled)) filled[key] = value;
  }
  return filled;
}

/** The settings of a recorded run, seed included: training with them repeats it. */
export function configOfRun(run: RunRecord): TrainConfig {
  const d = DEFAULT_TRAIN_CONFIG;
  const config: TrainConfig = {
    // A fine-tuned imported model has no book architecture to train again: the default's.
    model: run.model === 'custom' ? d.model : run.model,
    epochs: run.epochs,
    batchSize: run.batchSize,
    trainExamples: run.trainExamples,
    optimizer: run.optimizer ?? BOOK_RECIPE.optimizer,
    learningRate: run.learningRate ?? BOOK_RECIPE.learningRate,
    schedule: run.schedule ?? BOOK_RECIPE.schedule,
    labelSmoothing: run.labelSmoothing ?? BOOK_RECIPE.labelSmoothing,
    keepBest: run.keepBest ?? false,
    testEachEpoch: run.testEachEpoch ?? d.testEachEpoch,
    augment: run.augment ?? false,
  };
  if (run.seed !== undefined) config.seed = run.seed;
  return config;
}

/** The first finished epoch whose `key` accuracy reached `TARGET_ACCURACY`, as a milestone. */
function firstAt99(
  history: readonly EpochPoint[],
  key: 'valAcc' | 'testAcc',
): Milestone | undefined {
  const point = history.find((p) => (p[key] ?? 0) >= TARGET_ACCURACY);
  if (!point || point.elapsedMs === undefined || point.examplesDone === undefined) return undefined;
  return { epoch: point.epoch, ms: point.elapsedMs, examples: point.examplesDone };
}

/** When validation and test accuracy first reached 99.0%, read from a run's epochs. */
export function reached99Of(history: readonly EpochPoint[]): Reached99 {
  const reached: Reached99 = {};
  const val = firstAt99(history, 'valAcc');
  const test = firstAt99(history, 'testAcc');
  if (val) reached.val = val;
  if (test) reached.test = test;
  return reached;
}

/** The epoch with the best validation accuracy (the earliest of equals), if any finished. */
export function bestEpochOf(history: readonly EpochPoint[]): number | undefined {
  let best: EpochPoint | undefined;
  for (const point of history) if (!best || point.valAcc > best.valAcc) best = point;
  return best?.epoch;
}
