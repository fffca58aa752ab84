/** What a person does in MNIST Studio, as steps the browser tests and the benchmark share. */
import type { Locator, Page } from 'playwright-core';
import type { ModelName } from '../../../src/shared/models.ts';

/**
 * A regular expression matching an element's whole text, ignoring the white space around it
 * (Playwright normalises white space for string matches, not for regular expressions).
 */
export function whole(pattern: string): RegExp {
  return new RegExp(`^\\s*${pattern}\\s*$`);
}

/** Reads "Label: 12.34%" from the page as a fraction, waiting for it to appear. */
export async function readPercent(page: Page, label: string, timeout = 600_000): Promise<number> {
  const locator = page.getByText(whole(String.raw`${label}: \d+(\.\d+)?%`)).first();
  await locator.waitFor({ timeout });
  const text = (await locator.textContent()) ?? '';
  return Number(/([\d.]+)%/.exec(text)?.[1]) / 100;
}

/** Opens the app and waits until the worker reports its backend (in English or Chinese). */
export async function openApp(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await waitForBackend(page);
}

/** Waits until the header names the backend in use, in either language. */
export async function waitForBackend(page: Page): Promise<void> {
  await page
    .getByText(whole(String.raw`(Backend: |计算后端：)(WebGL|WASM|CPU)`))
    .waitFor({ timeout: 60_000 });
}

/** Switches the UI's language with the header's switch, as a person does. */
export async function chooseLanguage(page: Page, locale: 'en' | 'zh-Hans'): Promise<void> {
  await page.getByRole('combobox', { name: /^(Language|语言)$/ }).selectOption(locale);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
}

/** Presses Download MNIST and waits until the data is stored; returns the bar's readings. */
export async function downloadMnist(page: Page): Promise<{ value: number; max: number }[]> {
  const seen: { value: number; max: number }[] = [];
  const bar = page.getByRole('progressbar', { name: 'Download progress' });
  const watch = (async () => {
    await bar.waitFor({ timeout: 30_000 });
    // Sample the bar until it goes away (a short timeout: it may vanish between two looks).
    for (;;) {
      const reading = await bar
        .evaluate(
          (e) => ({ value: (e as HTMLProgressElement).value, max: (e as HTMLProgressElement).max }),
          undefined,
          {
            timeout: 250,
          },
        )
        .catch(() => null);
      if (reading === null) break;
      seen.push(reading);
      // The sampling pace, not a wait for something: the bar is read 20 times a second.
      await page.waitForTimeout(50);
    }
  })();
  await page.getByRole('button', { name: 'Download MNIST' }).click();
  await page
    .getByText(whole(String.raw`Stored in this browser · [\d.]+ MB`))
    .waitFor({ timeout: 120_000 });
  await watch;
  return seen;
}

/** Training settings a person types into the form. */
export interface TrainForm {
  model: ModelName;
  /** Chosen first: it sets the optimizer, rate, schedule, smoothing, batch size and epochs. */
  recipe?: 'Book' | 'Fast' | 'Long';
  /** Absent: the recipe's (or 320 and the field's value without a recipe). */
  epochs?: number;
  batchSize?: number;
  examples: number;
  /** Advanced settings, opened only when one of these is given. */
  optimizer?: 'RMSprop' | 'Adam' | 'SGD with momentum';
  learningRate?: number;
  /** `''` empties the field (a random seed). */
  seed?: number | '';
  keepBest?: boolean;
  testEachEpoch?: boolean;
}

/** Fills the training form. */
export async function fillTrainForm(page: Page, form: TrainForm): Promise<void> {
  const select = page.getByRole('combobox', { name: 'Model' });
  const option = await select
    .locator('option')
    .filter({ hasText: new RegExp(String.raw`^\s*${form.model} `) });
  await select.selectOption((await option.getAttribute('value')) ?? form.model);
  if (form.recipe) {
    const recipe = page.getByRole('combobox', { name: 'Recipe' });
    const choice = recipe.locator('option').filter({ hasText: new RegExp(`^\\s*${form.recipe}`) });
    await recipe.selectOption((await choice.getAttribute('value')) ?? form.recipe);
  }
  if (form.epochs !== undefined) {
    await page.getByRole('spinbutton', { name: 'Epochs' }).fill(String(form.epochs));
  }
  if (form.batchSize !== undefined || !form.recipe) {
    await page.getByRole('spinbutton', { name: 'Batch size' }).fill(String(form.batchSize ?? 320));
  }
  await page.getByRole('spinbutton', { name: 'Training examples' }).fill(String(form.examples));
  const advanced = [
    form.optimizer,
    form.learningRate,
    form.seed,
    form.keepBest,
    form.testEachEpoch,
  ];
  if (advanced.every((value) => value === undefined)) return;
  const details = page.locator('ms-train-panel details').first();
  if ((await details.getAttribute('open')) === null) {
    await page.getByText('Advanced settings', { exact: true }).click();
  }
  if (form.optimizer) {
    await page.getByRole('combobox', { name: 'Optimizer' }).selectOption({ label: form.optimizer });
  }
  if (form.learningRate !== undefined) {
    await page.getByRole('spinbutton', { name: 'Learning rate' }).fill(String(form.learningRate));
  }
  if (form.seed !== undefined) {
    await page.getByRole('spinbutton', { name: 'Seed' }).fill(String(form.seed));
  }
  for (const [name, value] of [
    ['Keep the best epoch', form.keepBest],
    ['Test after each epoch', form.testEachEpoch],
  ] as const) {
    if (value !== undefined) await page.getByRole('checkbox', { name }).setChecked(value);
  }
}

/** Chooses a compute backend and waits until it is active. */
export async function chooseBackend(
  page: Page,
  label: 'WebGPU' | 'WebGL' | 'WASM' | 'CPU',
): Promise<void> {
  await page.getByRole('combobox', { name: 'Backend' }).selectOption({ label });
  await page.getByText(`Backend: ${label}`, { exact: true }).waitFor({ timeout: 60_000 });
}

/** The "Epoch e of n · Batch b of m" counters shown while training. */
export async function readBatchCounter(
  page: Page,
): Promise<{ epoch: number; batch: number; batches: number }> {
  const text =
    (await page
      .getByText(/Batch \d+ of \d+/)
      .first()
      .textContent({ timeout: 5_000 })) ?? '';
  const epochText =
    (await page
      .getByText(/Epoch \d+ of \d+/)
      .first()
      .textContent({ timeout: 5_000 })) ?? '';
  const [, batch, batches] = /Batch (\d+) of (\d+)/.exec(text) ?? [];
  const [, epoch] = /Epoch (\d+)/.exec(epochText) ?? [];
  if (batch === undefined) throw new Error(`No batch counter in "${text}".`);
  return { epoch: Number(epoch), batch: Number(batch), batches: Number(batches) };
}

/**
 * The answer the card shows, once it shows one: its digit, also when the model is unsure
 * ("Prediction: 7 or 1?" gives 7, the likelier).
 */
export async function prediction(page: Page): Promise<number> {
  const answer = page.getByText(whole(String.raw`Prediction: \d( or \d\?)?`));
  await answer.waitFor({ timeout: 60_000 });
  return Number(/Prediction: (\d)/.exec((await answer.textContent()) ?? '')?.[1]);
}

/** Draws `strokes` on `pad` with the mouse; points are fractions of its sides. */
export async function drawOn(
  page: Page,
  pad: Locator,
  strokes: [number, number][][],
): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([fx, fy]: [number, number]): [number, number] => [
    box.x + fx * box.width,
    box.y + fy * box.height,
  ];
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (const point of stroke.slice(1)) await page.mouse.move(...at(point), { steps: 6 });
    await page.mouse.up();
  }
}

/** Draws strokes on the pad; points are fractions of its width and height. */
export function draw(page: Page, strokes: [number, number][][]): Promise<void> {
  return drawOn(page, page.getByLabel('Drawing pad'), strokes);
}

/** The runs in the history, newest first (`tr[data-run]`, one per finished run). */
export function runRows(page: Page) {
  return page.locator('tr[data-run]');
}

/**
 * Waits until the history holds more than `before` runs. It looks every `intervalMs`, slowly on
 * purpose: each look is a query on the page's main thread, the thread a benchmark may be
 * measuring.
 */
export async function waitForNewRun(
  page: Page,
  before: number,
  { timeout = 600_000, intervalMs = 500 } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await runRows(page).count()) <= before) {
    if (Date.now() > deadline) throw new Error(`No new run in the history in ${timeout} ms.`);
    await page.waitForTimeout(intervalMs);
  }
}
