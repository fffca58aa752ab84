/**
 * Pause, Resume and Stop on the book's convnet: the run halts and continues at batch
 * boundaries, and a stopped run keeps (and tests) the model trained so far.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSession } from './support/session.ts';
import {
  markFrameWatch,
  MAX_FRAME_GAP_MS,
  startFrameWatch,
  stopFrameWatch,
} from './support/browser.ts';
import { fillTrainForm, readBatchCounter, readPercent, whole } from './support/app.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];

/** Waits until the batch counter of the running epoch reaches `batch`. */
async function waitForBatch(batch: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const counter = await readBatchCounter(page).catch(() => undefined);
    if (counter && counter.batch >= batch) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`Training did not reach batch ${batch} in two minutes.`);
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
    // The batch in flight finishes first (a convnet batch takes about half a second here).
    await page.waitForTimeout(1_500);
    const paused = await readBatchCounter(page);
    await page.waitForTimeout(2_000);
    expect((await readBatchCounter(page)).batch).toBe(paused.batch);

    await markFrameWatch(page, 'resume');
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForBatch(paused.batch + 25);

    await markFrameWatch(page, 'stop');
    await page.getByRole('button', { name: 'Stop' }).click();
    const accuracy = await readPercent(page, 'Test accuracy');
    const frames = await stopFrameWatch(page);
    const stoppedAt = await readBatchCounter(page);
    expect(stoppedAt.batch).toBeLessThan(stoppedAt.batches);
    expect(stoppedAt.batch).toBeGreaterThanOrEqual(paused.batch + 25);
    // About 30 steps of the convnet (batch 320) already read most digits (~80%).
    expect(accuracy).toBeGreaterThan(0.5);
    await page.getByText(/^\s*Stopped after 0\.\d of 1 epochs/).waitFor();
    // Through start, pause, resume, stop and the test.
    expect(Math.round(frames.maxGapMs), JSON.stringify(frames)).toBeLessThanOrEqual(
      MAX_FRAME_GAP_MS,
    );

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
