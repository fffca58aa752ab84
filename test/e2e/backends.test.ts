/**
 * Every backend the worker offers trains in the browser: WebGL through OffscreenCanvas (here
 * on SwiftShader), CPU, and WASM with our Conv2DBackpropFilter kernel for the convnets.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startSession } from './support/session.ts';
import { chooseBackend, fillTrainForm, readPercent, type TrainForm } from './support/app.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ browser, page, errors } = await startSession(baseUrl, true));
});

afterAll(async () => {
  await browser?.close();
});

/** Trains as configured and returns the test accuracy the app shows. */
async function trainAndTest(form: TrainForm): Promise<number> {
  const before = await page
    .getByRole('table', { name: /Your runs/ })
    .getByRole('row')
    .count();
  await fillTrainForm(page, form);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // Wait for this run's row, so the accuracy read is this run's.
  const rows = page.getByRole('table', { name: /Your runs/ }).getByRole('row');
  await expect
    .poll(() => rows.count(), { timeout: 600_000, interval: 250 })
    .toBe(Math.max(before, 1) + 1);
  return readPercent(page, 'Test accuracy');
}

describe('backends in the worker', () => {
  it('shows WASM with SIMD by default on a machine without a GPU', async () => {
    await page.getByText('Backend: WASM', { exact: true }).waitFor();
    const info = (await page.getByRole('region', { name: 'Compute backend' }).textContent()) ?? '';
    expect(info.replace(/\s+/g, ' ')).toMatch(/WASM SIMD yes/);
    expect(info.replace(/\s+/g, ' ')).toMatch(/WASM threads 1/);
  });

  it('trains conv3 on WASM (the filter-gradient kernel at work)', async () => {
    await chooseBackend(page, 'WASM');
    const accuracy = await trainAndTest({
      model: 'conv3',
      epochs: 1,
      examples: 3_200,
      batchSize: 32,
    });
    expect(accuracy).toBeGreaterThan(0.7);
  });

  it('trains on WebGL in the worker through OffscreenCanvas', async () => {
    await chooseBackend(page, 'WebGL');
    const accuracy = await trainAndTest({
      model: 'dense',
      epochs: 1,
      examples: 10_000,
      batchSize: 100,
    });
    expect(accuracy).toBeGreaterThan(0.8);
    const history = page.getByRole('table', { name: /Your runs/ });
    expect(await history.getByRole('row').nth(1).textContent()).toMatch(/webgl/i);
  });

  it('trains on the CPU backend', async () => {
    await chooseBackend(page, 'CPU');
    const accuracy = await trainAndTest({
      model: 'dense',
      epochs: 1,
      examples: 10_000,
      batchSize: 100,
    });
    expect(accuracy).toBeGreaterThan(0.8);
    expect(errors).toEqual([]);
  });
});
