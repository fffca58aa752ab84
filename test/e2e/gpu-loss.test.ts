/**
 * A GPU that goes away mid-run (driver reset, GPU process crash) does not lose the training
 * run: the worker notices that TF.js' WebGL context is lost, drops WebGL and goes on with WASM
 * from the last epoch's checkpoint, and the person is told. The loss here is real: Chromium's
 * GPU process is crashed through the DevTools protocol while the convnet trains on WebGL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseBackend, fillTrainForm, readBatchCounter } from './support/app.ts';
import { startSession, type Session } from './support/session.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await startSession(baseUrl, true);
});

afterAll(async () => {
  await session?.browser.close();
});

describe('losing the GPU while training on WebGL', () => {
  it('goes on with WASM from the last checkpoint and says so', async () => {
    const { browser, page } = session;
    await chooseBackend(page, 'WebGL');
    await fillTrainForm(page, { model: 'dense', epochs: 3, examples: 4_000, batchSize: 100 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // Wait until the first epoch is checkpointed and the second is under way.
    await expect
      .poll(async () => (await readBatchCounter(page).catch(() => undefined))?.epoch ?? 0, {
        timeout: 120_000,
        interval: 200,
      })
      .toBeGreaterThanOrEqual(2);

    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess' as never);

    await page
      .getByText(
        /The GPU under WebGL stopped working\. Training goes on with WASM from the start of epoch [23],/,
      )
      .waitFor({ timeout: 60_000 });
    const rows = page.locator('tr[data-run]');
    await expect.poll(() => rows.count(), { timeout: 300_000, interval: 500 }).toBe(1);
    const run = JSON.parse((await rows.first().getAttribute('data-run')) ?? '{}') as {
      backend: string;
      epochsCompleted: number;
      testAccuracy: number;
    };
    expect(run.backend).toBe('wasm');
    expect(run.epochsCompleted).toBe(3);
    expect(run.testAccuracy).toBeGreaterThan(0.8);
    // WebGL is no longer offered; WASM runs now.
    await page.getByText('Backend: WASM', { exact: true }).waitFor();
    const webgl = page.getByRole('combobox', { name: 'Backend' }).locator('option[value="webgl"]');
    await expect.poll(() => webgl.textContent()).toMatch(/not available/);
  });
});
