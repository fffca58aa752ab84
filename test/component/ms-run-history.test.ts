/**
 * <ms-run-history> in Chromium: each run shows its recipe, seed, best epoch and time to 99%;
 * Repeat sends the run's settings with its seed; ticking two comparable runs draws their
 * validation curves on one chart, and a run recorded without curves cannot be ticked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import {
  BOOK_RECIPE,
  FAST_RECIPE,
  type EpochPoint,
  type RunRecord,
  type TrainConfig,
} from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-run-history.ts';
import type { MsRunHistory } from '../../src/ui/elements/ms-run-history.ts';
import { formatDateTime } from '../../src/ui/format.ts';
import { mount, until } from './support/mount.ts';

const AT = Date.UTC(2026, 11, 2, 14, 0);

/** Epoch points with these validation accuracies, 6 s and 5,100 examples an epoch. */
const curve = (valAccs: number[]): EpochPoint[] =>
  valAccs.map((valAcc, i) => ({
    epoch: i + 1,
    step: (i + 1) * 160,
    loss: 0.1,
    acc: valAcc,
    valLoss: 0.1,
    valAcc,
    elapsedMs: (i + 1) * 6_000,
    examplesDone: (i + 1) * 5_100,
  }));

const base = {
  backend: 'wasm',
  trainExamples: 51_000,
  examplesPerSecond: 2_000,
  testLoss: 0.03,
  stopped: false,
  keepBest: true,
  testEachEpoch: false,
} as const;

const fast: RunRecord = {
  ...base,
  ...FAST_RECIPE,
  id: 3,
  model: 'conv',
  epochsCompleted: FAST_RECIPE.epochs,
  durationMs: 50_000,
  testAccuracy: 0.991,
  valAccuracy: 0.992,
  finishedAt: AT,
  seed: 4242,
  augment: true,
  trainingExamplesPerSecond: 2_345,
  bestEpoch: 2,
  history: curve([0.985, 0.992]),
  reached99: { val: { epoch: 2, ms: 41_000, examples: 102_000 } },
};
const dense: RunRecord = {
  ...base,
  ...BOOK_RECIPE,
  id: 2,
  model: 'dense',
  epochsCompleted: 10,
  durationMs: 60_000,
  testAccuracy: 0.97,
  valAccuracy: 0.968,
  finishedAt: AT - 3_600_000,
  seed: 7,
  bestEpoch: 9,
  history: curve([0.9, 0.93, 0.94, 0.95, 0.955, 0.96, 0.962, 0.965, 0.97, 0.968]),
  reached99: {},
};
/** Recorded before recipes: no settings, seed or curves. */
const old: RunRecord = {
  id: 1,
  model: 'conv',
  backend: 'webgl',
  epochs: 10,
  epochsCompleted: 10,
  batchSize: 320,
  trainExamples: 51_000,
  durationMs: 300_000,
  examplesPerSecond: 1_700,
  testAccuracy: 0.989,
  testLoss: 0.035,
  stopped: false,
  finishedAt: AT - 86_400_000,
};

/** A fine-tune of the starter on 200 of a person's digits (160 trained, 40 held out). */
const tuned: RunRecord = {
  id: 4,
  model: 'conv',
  backend: 'wasm',
  epochs: 5,
  epochsCompleted: 5,
  batchSize: 32,
  trainExamples: 160,
  durationMs: 3_000,
  examplesPerSecond: 1_070,
  testAccuracy: 0.9879,
  testLoss: 0.04,
  stopped: false,
  finishedAt: AT + 3_600_000,
  optimizer: 'adam',
  learningRate: 5e-4,
  seed: 11,
  fineTune: {
    from: 'starter',
    freezeConv: true,
    replay: 3,
    trainDigits: 160,
    heldOutIds: Array.from({ length: 40 }, (_, i) => i),
    before: { personal: 0.9, mnist: 0.9894, right: [] },
    after: { personal: 1, mnist: 0.9879, right: [] },
  },
};

const repeats: TrainConfig[] = [];
const onRepeat = (event: CustomEvent<TrainConfig>) => repeats.push(event.detail);
document.addEventListener('ms-repeat-run', onRepeat);
afterEach(() => {
  repeats.length = 0;
});

const history = () =>
  mount('ms-run-history', { runs: [old, dense, fast], canRepeat: true }) as Promise<MsRunHistory>;
const row = (run: RunRecord) =>
  page.getByRole('row').filter({ hasText: formatDateTime(run.finishedAt) });

describe('<ms-run-history>', () => {
  it('shows each run’s recipe (with augmentation, if it had it), seed, best epoch and time to 99%', async () => {
    await history();
    const text = async (run: RunRecord) =>
      ((await row(run).element().textContent) ?? '').replace(/\s+/g, ' ');
    expect(await text(fast)).toContain('Fast Adam');
    expect(await text(fast)).toContain('label smoothing 0.1 · photo-like augmentation');
    expect(await text(fast)).toContain('4242');
    expect(await text(fast)).toContain(`epoch 2 of ${FAST_RECIPE.epochs}`);
    expect(await text(fast)).toContain('41 sec · 102,000 examples');
    expect(await text(dense)).toContain('Book RMSprop 0.001');
    expect(await text(dense)).not.toContain('augmentation');
    expect(await text(dense)).toContain('epoch 9 of 10');
    // Its speed as the live figure showed it, the whole duration's in the cell's title; a run
    // recorded without the former shows the latter.
    const speed = row(fast).element().querySelector('td[title*="examples/s"]');
    expect(speed?.textContent?.trim()).toBe('2,345');
    expect(speed?.getAttribute('title')).toContain('2,000 over the whole duration');
    expect(await text(dense)).toContain('2,000');
    expect(row(dense).element().querySelector('td[title*="examples/s"]')).toBeNull();
    // An old run: the book's settings, no seed, nothing reached.
    expect(await text(old)).toMatch(/Book RMSprop 0\.001 .* — .* — .*/);
  });

  it('says what a fine-tune learned from and did, and offers no Repeat for it', async () => {
    const element = await mount('ms-run-history', { runs: [dense, tuned], canRepeat: true });
    const text = ((await row(tuned).element().textContent) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(
      'Your handwriting 160 of your digits + 3 MNIST each, dense layers only · Adam 0.0005',
    );
    expect(text).toContain('your held-out digits 90.0% → 100.0%');
    expect(text).toContain('98.79%');
    const repeat = (run: RunRecord) =>
      page.getByRole('button', {
        name: `Repeat: train again with the settings and seed of the run of ${formatDateTime(run.finishedAt)}`,
      });
    await expect.element(repeat(dense)).toBeInTheDocument();
    expect(repeat(tuned).elements()).toHaveLength(0);
    // Nothing to compare and no "recorded before runs kept their curves" for it.
    expect(
      page
        .getByRole('checkbox', { name: `Compare the run of ${formatDateTime(tuned.finishedAt)}` })
        .elements(),
    ).toHaveLength(0);
    expect(element.shadowRoot!.textContent).not.toContain('Recorded before runs');
  });

  it('repeats a run with its settings and seed', async () => {
    const element = await history();
    await page
      .getByRole('button', {
        name: `Repeat: train again with the settings and seed of the run of ${formatDateTime(fast.finishedAt)}`,
      })
      .click();
    expect(repeats).toEqual([
      {
        model: 'conv',
        ...FAST_RECIPE,
        trainExamples: 51_000,
        keepBest: true,
        testEachEpoch: false,
        augment: true,
        seed: 4242,
      },
    ]);
    element.canRepeat = false;
    await expect
      .element(page.getByRole('button', { name: /Repeat: train again .* of the run of/ }).first())
      .toBeDisabled();
  });

  it('draws two ticked runs on one chart, and cannot tick a run without curves', async () => {
    const element = await history();
    const box = (run: RunRecord) =>
      page.getByRole('checkbox', { name: `Compare the run of ${formatDateTime(run.finishedAt)}` });
    await expect.element(box(old)).toBeDisabled();
    const compare = () => element.shadowRoot!.querySelector('ms-run-compare');
    await box(fast).click();
    expect(compare()).toBeNull();
    await box(dense).click();
    await until(
      () => compare()?.shadowRoot?.querySelector<HTMLElement>('.plot')?.dataset.series === '2',
      'a chart of two runs',
    );
    const legend = [...compare()!.shadowRoot!.querySelectorAll('.legend li')].map((item) =>
      (item.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    // One entry per ticked run, newest first, each named by model, recipe and seed.
    expect(legend).toHaveLength(2);
    expect(legend[0]).toMatch(
      /^conv · Fast · seed 4242 · .*: best validation accuracy 99\.20%, at epoch 2\.$/,
    );
    expect(legend[1]).toMatch(
      /^dense · Book · seed 7 · .*: best validation accuracy 97\.00%, at epoch 9\.$/,
    );
    expect(compare()!.shadowRoot!.querySelector('canvas')).not.toBeNull();
    await box(fast).click();
    await until(() => compare() === null, 'the chart to go with one run ticked');
  });
});
