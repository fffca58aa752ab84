/**
 * The training form's recipe choice and its "Advanced settings" disclosure, rendered into
 * `<ms-train-panel>`'s own form (so its fieldset disables them during a run and its styles
 * apply). Each function takes the form's config and a `set` that receives the whole new config.
 */
import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import {
  OPTIMIZERS,
  RECIPES,
  SCHEDULES,
  TRAIN_LIMITS,
  type OptimizerName,
  type RecipeName,
  type ScheduleName,
  type TrainConfig,
} from '../../shared/protocol.ts';
import { recipeOf, WARMUP_FRACTION } from '../../shared/recipes.ts';
import { strings as s } from '../strings.ts';

/** Receives the form's new config. */
type SetConfig = (next: TrainConfig) => void;

/** The recipes in the order offered; `custom` only shows that the settings match neither. */
const RECIPE_CHOICES: readonly RecipeName[] = ['book', 'fast', 'long', 'custom'];

const isRecipe = (value: string): value is keyof typeof RECIPES => value in RECIPES;
const isOptimizer = (value: string): value is OptimizerName =>
  (OPTIMIZERS as readonly string[]).includes(value);
const isSchedule = (value: string): value is ScheduleName =>
  (SCHEDULES as readonly string[]).includes(value);

/** The Recipe select: a named recipe sets its settings; any other settings read "Custom". */
export function renderRecipeField(config: TrainConfig, set: SetConfig) {
  const current = recipeOf(config);
  const handleChange = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    if (isRecipe(value)) set({ ...config, ...RECIPES[value] });
  };
  return html`<div class="field wide">
    <label for="recipe">${s.recipeLabel}</label>
    <select id="recipe" name="recipe" aria-describedby="recipe-hint" @change=${handleChange}>
      ${RECIPE_CHOICES.map(
        (name) =>
          html`<option
            value=${name}
            ?disabled=${name === 'custom'}
            .selected=${live(name === current)}
          >
            ${s.recipe(name)}
          </option>`,
      )}
    </select>
    <p id="recipe-hint" class="hint muted">${s.recipeSettingsOf(config)}</p>
  </div>`;
}

/** A decimal number field of the advanced settings (learning rate, label smoothing). */
function renderDecimal(
  config: TrainConfig,
  set: SetConfig,
  name: 'learningRate' | 'labelSmoothing',
  id: string,
  label: string,
  hint: string,
) {
  const limit = TRAIN_LIMITS[name];
  const handleInput = (event: Event) => {
    const value = (event.target as HTMLInputElement).valueAsNumber;
    // Keep what the person is typing; the form reports invalid values when Train is pressed.
    if (Number.isFinite(value)) set({ ...config, [name]: value });
  };
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <input
      id=${id}
      name=${name}
      type="number"
      inputmode="decimal"
      required
      step="any"
      min=${limit.min}
      max=${limit.max}
      aria-describedby="${id}-hint"
      .value=${live(String(config[name]))}
      @input=${handleInput}
    />
    <p id="${id}-hint" class="hint muted">${hint}</p>
  </div>`;
}

/** A checkbox with its label and a hint. */
function renderFlag(
  config: TrainConfig,
  set: SetConfig,
  name: 'keepBest' | 'testEachEpoch' | 'augment',
  id: string,
  label: string,
  hint: string,
) {
  const handleChange = (event: Event) =>
    set({ ...config, [name]: (event.target as HTMLInputElement).checked });
  return html`<div class="field wide">
    <label class="check">
      <input
        id=${id}
        name=${name}
        type="checkbox"
        aria-describedby="${id}-hint"
        .checked=${live(config[name] ?? false)}
        @change=${handleChange}
      />
      ${label}
    </label>
    <p id="${id}-hint" class="hint muted flag-hint">${hint}</p>
  </div>`;
}

/** The seed: a whole number, or empty for a new random seed each run. */
function renderSeed(config: TrainConfig, set: SetConfig) {
  const limit = TRAIN_LIMITS.seed;
  const handleInput = (event: Event) => {
    const input = event.target as HTMLInputElement;
    if (input.value === '' && !input.validity.badInput) {
      const random = { ...config };
      delete random.seed;
      set(random);
    } else if (Number.isFinite(input.valueAsNumber)) {
      set({ ...config, seed: input.valueAsNumber });
    }
  };
  return html`<div class="field wide">
    <label for="seed">${s.seedLabel}</label>
    <input
      id="seed"
      name="seed"
      type="number"
      inputmode="numeric"
      step="1"
      min=${limit.min}
      max=${limit.max}
      placeholder=${s.seedPlaceholder}
      aria-describedby="seed-hint"
      .value=${live(config.seed === undefined ? '' : String(config.seed))}
      @input=${handleInput}
    />
    <p id="seed-hint" class="hint muted">${s.seedHint}</p>
  </div>`;
}

/** The "Advanced settings" disclosure: optimizer, rate, schedule, smoothing, seed, flags (keep the best, test each epoch, augment). */
export function renderAdvancedSettings(config: TrainConfig, set: SetConfig) {
  const handleOptimizer = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    if (isOptimizer(value)) set({ ...config, optimizer: value });
  };
  const handleSchedule = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    if (isSchedule(value)) set({ ...config, schedule: value });
  };
  return html`<details class="wide advanced">
    <summary>${s.advancedSettings}</summary>
    <div class="advanced-grid">
      <div class="field">
        <label for="optimizer">${s.optimizerLabel}</label>
        <select id="optimizer" name="optimizer" @change=${handleOptimizer}>
          ${OPTIMIZERS.map(
            (name) =>
              html`<option value=${name} .selected=${live(name === config.optimizer)}>
                ${s.optimizer(name)}
              </option>`,
          )}
        </select>
      </div>
      ${renderDecimal(
        config,
        set,
        'learningRate',
        'learning-rate',
        s.learningRateLabel,
        s.learningRateHint,
      )}
      <div class="field">
        <label for="schedule">${s.scheduleLabel}</label>
        <select
          id="schedule"
          name="schedule"
          aria-describedby="schedule-hint"
          @change=${handleSchedule}
        >
          ${SCHEDULES.map(
            (name) =>
              html`<option value=${name} .selected=${live(name === config.schedule)}>
                ${s.schedule(name)}
              </option>`,
          )}
        </select>
        <p id="schedule-hint" class="hint muted">${s.scheduleHint(WARMUP_FRACTION)}</p>
      </div>
      ${renderDecimal(
        config,
        set,
        'labelSmoothing',
        'label-smoothing',
        s.labelSmoothingLabel,
        s.labelSmoothingHint,
      )}
      ${renderSeed(config, set)}
      ${renderFlag(config, set, 'keepBest', 'keep-best', s.keepBestLabel, s.keepBestHint)}
      ${renderFlag(
        config,
        set,
        'testEachEpoch',
        'test-each-epoch',
        s.testEachEpochLabel,
        s.testEachEpochHint,
      )}
      ${renderFlag(config, set, 'augment', 'augment', s.augmentLabel, s.augmentHint)}
    </div>
  </details>`;
}
