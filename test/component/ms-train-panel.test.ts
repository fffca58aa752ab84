/**
 * <ms-train-panel>'s recipe and advanced settings in Chromium, with the page playing the app
 * (each `ms-config-change` becomes the panel's config): Fast sets its settings, an edit makes
 * the recipe Custom, an empty seed trains without one; and the run's seed, best epoch and 99%
 * milestones are shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import {
  BOOK_RECIPE,
  DEFAULT_TRAIN_CONFIG,
  FAST_RECIPE,
  LONG_RECIPE,
  type TrainConfig,
  type TrainProgress,
} from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-train-panel.ts';
import type { MsTrainPanel } from '../../src/ui/elements/ms-train-panel.ts';
import { mount } from './support/mount.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The panel, kept in step with its own config changes as `<ms-app>` does, and what it sent. */
async function panel(config: TrainConfig = DEFAULT_TRAIN_CONFIG) {
  const element = await mount('ms-train-panel', { config });
  const trained: TrainConfig[] = [];
  const onChange = (event: CustomEvent<TrainConfig>) => {
    element.config = event.detail;
  };
  const onTrain = (event: CustomEvent<TrainConfig>) => trained.push(event.detail);
  document.addEventListener('ms-config-change', onChange);
  document.addEventListener('ms-train', onTrain);
  cleanups.push(() => {
    document.removeEventListener('ms-config-change', onChange);
    document.removeEventListener('ms-train', onTrain);
  });
  return { element, trained };
}

const control = <T extends HTMLElement>(element: MsTrainPanel, id: string) =>
  element.shadowRoot!.getElementById(id) as T;
const recipe = () => page.getByRole('combobox', { name: 'Recipe' });
const openAdvanced = () => page.getByText('Advanced settings').click();

describe('<ms-train-panel> recipes', () => {
  it('sets every setting of the Fast recipe when it is chosen, and the book’s back', async () => {
    const { element } = await panel();
    await expect.element(recipe()).toHaveValue('book');
    await userEvent.selectOptions(recipe(), 'fast');
    expect(element.config).toMatchObject({ ...FAST_RECIPE, model: 'conv' });
    await expect
      .element(page.getByRole('spinbutton', { name: 'Epochs' }))
      .toHaveValue(FAST_RECIPE.epochs);
    await expect
      .element(page.getByRole('spinbutton', { name: 'Batch size' }))
      .toHaveValue(FAST_RECIPE.batchSize);
    await openAdvanced();
    await expect
      .element(page.getByRole('combobox', { name: 'Optimizer' }))
      .toHaveValue(FAST_RECIPE.optimizer);
    await expect
      .element(page.getByRole('spinbutton', { name: 'Learning rate' }))
      .toHaveValue(FAST_RECIPE.learningRate);
    await userEvent.selectOptions(recipe(), 'book');
    expect(element.config).toMatchObject(BOOK_RECIPE);
  });

  it('offers the Long recipe, for the bigger convnet, without changing the model', async () => {
    const { element } = await panel({ ...DEFAULT_TRAIN_CONFIG, model: 'big' });
    await userEvent.selectOptions(recipe(), 'long');
    expect(element.config).toMatchObject({ ...LONG_RECIPE, model: 'big' });
    await expect
      .element(page.getByRole('spinbutton', { name: 'Epochs' }))
      .toHaveValue(LONG_RECIPE.epochs);
    await expect.element(page.getByText('adam 0.003', { exact: false })).toBeVisible();
  });

  it('shows the recipe as Custom once a setting of it is edited', async () => {
    const { element } = await panel({ ...DEFAULT_TRAIN_CONFIG, ...FAST_RECIPE });
    await expect.element(recipe()).toHaveValue('fast');
    await openAdvanced();
    await page.getByRole('spinbutton', { name: 'Learning rate' }).fill('0.005');
    expect(element.config.learningRate).toBe(0.005);
    await expect.element(recipe()).toHaveValue('custom');
    const select = control<HTMLSelectElement>(element, 'recipe');
    expect(select.selectedOptions[0]?.textContent?.trim()).toBe('Custom');
    // Back to Fast's rate: the settings are Fast's again.
    await page
      .getByRole('spinbutton', { name: 'Learning rate' })
      .fill(String(FAST_RECIPE.learningRate));
    await expect.element(recipe()).toHaveValue('fast');
    await page.getByRole('spinbutton', { name: 'Epochs' }).fill(String(FAST_RECIPE.epochs + 1));
    await expect.element(recipe()).toHaveValue('custom');
  });

  it('trains without a seed when the seed is empty, and with the seed typed', async () => {
    const p = await panel({ ...DEFAULT_TRAIN_CONFIG, seed: 42 });
    await openAdvanced();
    const seed = page.getByRole('spinbutton', { name: 'Seed' });
    await expect.element(seed).toHaveValue(42);
    await seed.fill('');
    expect('seed' in p.element.config).toBe(false);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(p.trained).toHaveLength(1);
    expect(p.trained[0]).not.toHaveProperty('seed');

    await seed.fill('12345');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(p.trained[1]?.seed).toBe(12345);
  });

  it('remembers the flags it is given and sends them when toggled', async () => {
    const { element } = await panel({ ...DEFAULT_TRAIN_CONFIG, keepBest: true });
    await openAdvanced();
    const keepBest = page.getByRole('checkbox', { name: 'Keep the best epoch' });
    await expect.element(keepBest).toBeChecked();
    await keepBest.click();
    expect(element.config.keepBest).toBe(false);
    await page.getByRole('checkbox', { name: 'Test after each epoch' }).click();
    expect(element.config.testEachEpoch).toBe(!DEFAULT_TRAIN_CONFIG.testEachEpoch);
    await userEvent.selectOptions(page.getByRole('combobox', { name: /schedule/ }), 'one-cycle');
    expect(element.config.schedule).toBe('one-cycle');
  });

  it('offers photo-like augmentation, off by default, and says so beside the recipe when on', async () => {
    const p = await panel();
    await openAdvanced();
    const augment = page.getByRole('checkbox', { name: 'Augment like photos' });
    await expect.element(augment).not.toBeChecked();
    const hint = page.getByText(/RMSprop 0\.001/);
    await expect.element(hint).not.toHaveTextContent(/augmentation/);
    await augment.click();
    expect(p.element.config.augment).toBe(true);
    // Still the book's recipe, trained on augmented images.
    await expect.element(recipe()).toHaveValue('book');
    await expect.element(hint).toHaveTextContent(/photo-like augmentation/);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(p.trained[0]?.augment).toBe(true);
  });
});

describe('<ms-train-panel> run readouts', () => {
  const progress: TrainProgress = {
    phase: 'training',
    epoch: 3,
    epochs: 10,
    batch: 5,
    batchesPerEpoch: 160,
    examplesDone: 100_000,
    examplesTotal: 510_000,
    examplesPerSecond: 2_000,
    elapsedMs: 50_000,
    newBatches: [],
    newEpochs: [],
    seed: 12345,
    bestEpoch: 2,
    reached99: {},
  };

  it('shows the seed and the best epoch so far, and 99% as soon as it is reached', async () => {
    const { element } = await panel();
    element.training = true;
    element.progress = progress;
    await expect.element(page.getByText('Seed 12345')).toBeVisible();
    await expect.element(page.getByText('Best so far: epoch 2')).toBeVisible();
    element.progress = {
      ...progress,
      reached99: { val: { epoch: 2, ms: 41_000, examples: 102_000 } },
    };
    await expect
      .element(
        page.getByRole('status').filter({ hasText: '99% validation accuracy reached at 41 sec' }),
      )
      .toBeVisible();
  });
});
