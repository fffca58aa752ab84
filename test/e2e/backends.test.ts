/**
 * Every backend the worker offers trains in the browser without freezing the page: WASM with
 * our training kernels on every core, WebGL through OffscreenCanvas and WebGPU (here both on
 * SwiftShader, the latter behind Chromium's --enable-unsafe-webgpu), and CPU. The freeze canary
 * holds all along: no main-thread task over 250 ms (how smooth the frames are is measured by
 * `npm run bench`, in docs/BENCHMARKS.md, not asserted here).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  FREEZE_MS,
  freezes,
  markTime,
  startFrameWatch,
  stopFrameWatch,
} from './support/frame-watch.ts';
import { startSession } from './support/session.ts';
import { TIMING_MARKS } from '../../src/shared/timing-marks.ts';
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

/**
 * Trains as configured and returns the test accuracy the app shows. From pressing Train until
 * the run is in the history (training, validation, testing, results), the page's main thread
 * never runs a task over 250 ms.
 */
async function trainAndTest(form: TrainForm, on = page): Promise<number> {
  const rows = on.getByRole('table', { name: /Your runs/ }).getByRole('row');
  const before = await rows.count();
  await fillTrainForm(on, form);
  await startFrameWatch(on);
  await on.getByRole('button', { name: 'Train', exact: true }).click();
  // Looking for the end twice a second: Playwright's queries run on the page's main thread too.
  await expect
    .poll(() => rows.count(), { timeout: 600_000, interval: 500 })
    .toBe(Math.max(before, 1) + 1);
  const watch = await stopFrameWatch(on);
  // The watch saw the run: frames drawn, and the app's mark where testing began.
  expect(markTime(watch, TIMING_MARKS.testStart)).toBeDefined();
  expect(watch.frameTimes.length).toBeGreaterThan(10);
  expect(freezes(watch)).toEqual([]);
  return readPercent(on, 'Test accuracy');
}

describe('the freeze canary', () => {
  it(`fails on a main-thread task over ${FREEZE_MS} ms`, async () => {
    await startFrameWatch(page);
    // A task that blocks the main thread for 300 ms, as a page that stops answering does.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            const end = performance.now() + 300;
            while (performance.now() < end);
            resolve();
          }),
        ),
    );
    const watch = await stopFrameWatch(page);
    expect(freezes(watch).map((task) => task.ms >= 300)).toEqual([true]);
  });
});

describe('backends in the worker', () => {
  it('shows WASM with SIMD by default on a machine without a GPU', async () => {
    await page.getByText('Backend: WASM', { exact: true }).waitFor();
    const info = (await page.getByRole('region', { name: 'Compute backend' }).textContent()) ?? '';
    expect(info.replace(/\s+/g, ' ')).toMatch(/WASM SIMD yes/);
    // Every logical core (TF.js alone would use half of them).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(info.replace(/\s+/g, ' ')).toMatch(new RegExp(`WASM threads ${Math.min(cores, 8)}`));
    // Our own SIMD kernels on as many: a helper worker per further thread said it was ready.
    expect(info.replace(/\s+/g, ' ')).toMatch(
      new RegExp(`Studio kernel threads ${Math.min(cores, 8)}`),
    );
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

  it("trains the listing 4.1 convnet at the book's batch size on WASM", async () => {
    const accuracy = await trainAndTest({
      model: 'conv',
      epochs: 1,
      examples: 16_000,
      batchSize: 320,
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

describe('WebGPU in the worker', () => {
  it('trains on WebGPU where the worker has navigator.gpu', async () => {
    const session = await startSession(baseUrl, true, ['--enable-unsafe-webgpu']);
    try {
      await chooseBackend(session.page, 'WebGPU');
      // WebGPU here is SwiftShader inside Chromium's GPU process, the process that also
      // composites the page: compiling its compute pipelines there holds frames back for most
      // of a second, but runs no task on the page's main thread, so the canary still holds.
      // 40 steps of 100: 20 steps of 200 sometimes ended just under 75%.
      const accuracy = await trainAndTest(
        { model: 'dense', epochs: 1, examples: 4_000, batchSize: 100 },
        session.page,
      );
      expect(accuracy).toBeGreaterThan(0.75);
      const history = session.page.getByRole('table', { name: /Your runs/ });
      expect(await history.getByRole('row').nth(1).textContent()).toMatch(/webgpu/i);
      expect(session.errors).toEqual([]);
    } finally {
      await session.browser.close();
    }
  });
});
