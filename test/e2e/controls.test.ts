/**
 * Pause, Resume and Stop on the book's convnet: the run halts and continues at batch
 * boundaries, a stopped run keeps (and tests) the model trained so far, and the page never
 * freezes through it all (no main-thread task over 250 ms).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSession } from './support/session.ts';
import { freezes, markFrameWatch, startFrameWatch, stopFrameWatch } from './support/frame-watch.ts';
import { fillTrainForm, readBatchCounter, readPercent, whole } from './support/app.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];

/** The batch counter of the running epoch (0 while none is shown). */
const shownBatch = async () => (await readBatchCounter(page).catch(() => undefined))?.batch ?? 0;

/** Waits until the batch counter of the running epoch reaches `batch`. */
async function waitForBatch(batch: number): Promise<void> {
  await expect
    .poll(shownBatch, { timeout: 120_000, interval: 100, message: `batch ${batch}` })
    .toBeGreaterThanOrEqual(batch);
}

/**
 * Waits until the batch counter stops moving: a pause takes effect at the next batch boundary,
 * after the batch in flight (well under a second for a convnet batch of 320 here), and the
 * worker reports the counter as soon as it pauses. Settled: two equal looks a second apart.
 */
async function waitForCounterToSettle(): Promise<number> {
  let previous = -1;
  let settled = -1;
  await expect
    .poll(
      async () => {
        const batch = await shownBatch();
        settled = batch === previous ? batch : -1;
        previous = batch;
        return settled >= 0;
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(true);
  return settled;
}

beforeAll(async () => {
  ({ browser, page, errors } = await startSession(baseUrl, true));
});

afterAll(async () => {
  await browser?.close();
});

describe('training controls on the listing 4.1 convnet', () => {
  it('pauses, resumes, and stops mid-epoch keeping a usable model', async () => {
    await fillTrainForm(page, { model: 'conv', epochs: 1, examples: 51_000 });
    await startFrameWatch(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForBatch(3);

    await markFrameWatch(page, 'pause');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.getByText('Paused', { exact: true }).first().waitFor();
    const pausedAt = await waitForCounterToSettle();
    // Paused means no batch runs, however long it stays paused: this wait is what is tested.
    await page.waitForTimeout(2_000);
    expect((await readBatchCounter(page)).batch).toBe(pausedAt);

    await markFrameWatch(page, 'resume');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForBatch(pausedAt + 25);

    await markFrameWatch(page, 'stop');
    await page.getByRole('button', { name: 'Stop' }).click();
    const accuracy = await readPercent(page, 'Test accuracy');
    const watch = await stopFrameWatch(page);
    const stoppedAt = await readBatchCounter(page);
    expect(stoppedAt.batch).toBeLessThan(stoppedAt.batches);
    expect(stoppedAt.batch).toBeGreaterThanOrEqual(pausedAt + 25);
    // About 30 steps of the convnet (batch 320) already read most digits (~80%).
    expect(accuracy).toBeGreaterThan(0.5);
    await page.getByText(/^\s*Stopped after 0\.\d of 1 epochs/).waitFor();
    // No freeze through start, pause, resume, stop and the test.
    expect(freezes(watch)).toEqual([]);

    const history = page.getByRole('table', { name: /Your runs/ });
    const run = (await history.getByRole('row').nth(1).textContent()) ?? '';
    expect(run).toMatch(/conv/);
    expect(run).toMatch(/stopped/);

    // The partly trained model is kept: evaluating it again gives the same answer.
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await page.getByRole('progressbar', { name: 'Evaluation progress' }).waitFor();
    await page
      .getByRole('progressbar', { name: 'Evaluation progress' })
      .waitFor({ state: 'detached' });
    expect(await readPercent(page, 'Test accuracy')).toBeCloseTo(accuracy, 6);
    expect(await page.getByText(whole(String.raw`Test accuracy: [\d.]+%`)).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
