/**
 * Served cross-origin isolated (COOP + COEP), the app runs TF.js' threaded WASM build: its
 * pthread workers start from the unminified Emscripten glue (scripts/vite-plugin-wasm-threads.ts)
 * and the convnet trains there with our filter-gradient kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewServer } from 'vite';
import { fillTrainForm, openApp, readPercent } from './support/app.ts';
import { launchChromium } from './support/browser.ts';
import { openControlledApp } from './support/pwa.ts';
import { isolationHeaders, serveBuild } from './support/server.ts';
import { startSession, type Session } from './support/session.ts';

let server: PreviewServer;
let session: Session;

beforeAll(async () => {
  const served = await serveBuild(isolationHeaders);
  server = served.server;
  session = await startSession(served.baseUrl, true);
});

afterAll(async () => {
  await session?.browser.close();
  await server?.close();
});

describe('a cross-origin isolated page', () => {
  it('uses the threaded WASM build and trains conv3 on it', async () => {
    const { page, errors } = session;
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const panel = page.getByRole('region', { name: 'Compute backend' });
    await expect
      .poll(async () => (await panel.textContent())?.replace(/\s+/g, ' '))
      .toMatch(/Active WASM WASM SIMD yes WASM threads \d+ Cross-origin isolated yes/);
    await fillTrainForm(page, { model: 'conv3', epochs: 1, examples: 3_200, batchSize: 32 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.7);
    expect(errors).toEqual([]);
  });
});

describe('on a static host that sends no COOP/COEP headers', () => {
  it('is isolated from the second visit on, through the service worker', async () => {
    const plain = await serveBuild({}, { plainHost: true });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      await openApp(page, plain.baseUrl);
      // First visit: the page came from the host, with no headers.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      // From then on the service worker serves the app, with COOP and COEP added.
      await openControlledApp(page, plain.baseUrl);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      const panel = page.getByRole('region', { name: 'Compute backend' });
      await expect
        .poll(async () => (await panel.textContent())?.replace(/\s+/g, ' '))
        .toMatch(new RegExp(`WASM threads ${Math.min(cores, 8)} Cross-origin isolated yes`));
    } finally {
      await browser.close();
      await plain.server.close();
    }
  });
});
