/**
 * Nothing lost: a run interrupted by a reload or by its worker dying continues from its last
 * finished epoch with the same curves, and a second tab cannot start a second run.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { fillTrainForm, readBatchCounter, readPercent } from './support/app.ts';
import { startSession, type Session } from './support/session.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await startSession(baseUrl, true);
});

afterAll(async () => {
  await session?.browser.close();
});

/** Waits until the run shows `Epoch epoch of …` with at least `batch` batches done. */
async function waitForEpochBatch(page: Page, epoch: number, batch: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const c = await readBatchCounter(page).catch(() => undefined);
        return c !== undefined && (c.epoch > epoch || (c.epoch === epoch && c.batch >= batch));
      },
      { timeout: 180_000, interval: 100 },
    )
    .toBe(true);
}

/** The run history's newest row, as text. */
async function newestRun(page: Page): Promise<string> {
  const row = page
    .getByRole('table', { name: /Your runs/ })
    .getByRole('row')
    .nth(1);
  return ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
}

/** Resumes the offered run and waits for its test result. */
async function resumeAndFinish(page: Page, epochsDone: number, epochs: number): Promise<void> {
  const offer = page.getByRole('group', { name: /Unfinished run/ });
  await offer.waitFor({ timeout: 60_000 });
  expect(await offer.textContent()).toContain(`${epochsDone} of ${epochs} epochs done`);
  await page.getByRole('button', { name: 'Resume training' }).click();
  // It starts with the next epoch, and the curves already hold the finished epochs.
  await page
    .getByText(new RegExp(`Epoch ${epochsDone + 1} of ${epochs}`))
    .first()
    .waitFor();
  await page
    .getByText(new RegExp(`Validation after epoch ${epochsDone}:`))
    .waitFor({ state: 'attached' });
  expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.5);
  expect(await newestRun(page)).toContain(`${epochs} of ${epochs}`);
  await expect(offer.count()).resolves.toBe(0);
}

describe('resumable training', () => {
  it('offers Resume training after a reload in epoch 3 of 4, and finishes epochs 3–4', async () => {
    const { page } = session;
    await fillTrainForm(page, { model: 'conv', epochs: 4, examples: 3_200 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForEpochBatch(page, 3, 2);
    await page.reload();
    await resumeAndFinish(page, 2, 4);
  });

  it('restarts a worker that dies, says what was lost, and resumes from the last epoch', async () => {
    const { page } = session;
    await fillTrainForm(page, { model: 'conv', epochs: 3, examples: 3_200 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForEpochBatch(page, 2, 2);
    const worker = page.workers().find((w: Worker) => /worker-/.test(w.url()));
    expect(worker, 'the training worker').toBeDefined();
    // The worker ends itself, as a crash would: no answer, no goodbye.
    await worker!.evaluate(() => setTimeout(() => self.close(), 0)).catch(() => {});
    await page
      .getByText(/The training worker stopped unexpectedly/)
      .first()
      .waitFor({ timeout: 60_000 });
    await page.getByText('Backend: WASM', { exact: true }).waitFor({ timeout: 60_000 });
    await resumeAndFinish(page, 1, 3);
    expect(session.errors.filter((e) => !/WorkerCrashed|stopped unexpectedly/.test(e))).toEqual([]);
  });

  it('lets only one tab train at a time', async () => {
    const first = session.page;
    const second = await first.context().newPage();
    await second.goto(baseUrl);
    await second.getByText('Backend: WASM', { exact: true }).waitFor({ timeout: 60_000 });
    await fillTrainForm(first, { model: 'conv', epochs: 1, examples: 51_000 });
    await first.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForEpochBatch(first, 1, 1);
    // The other tab says why it cannot train, and its Train button stays off.
    await second
      .getByText('Training runs in another tab. Wait for it to finish, or stop it there.')
      .waitFor();
    expect(await second.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(
      true,
    );
    await first.getByRole('button', { name: 'Stop' }).click();
    await readPercent(first, 'Test accuracy');
    await expect
      .poll(() => second.getByRole('button', { name: 'Train', exact: true }).isEnabled())
      .toBe(true);
    // The run the first tab recorded appears in the second tab's history too.
    await expect.poll(() => newestRun(second)).toMatch(/stopped/);
    await second.close();
  });
});
