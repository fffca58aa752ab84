/**
 * Served cross-origin isolated (COOP + COEP), the app runs TF.js' threaded WASM build: its
 * pthread workers start from the unminified Emscripten glue (scripts/vite-plugin-wasm-threads.ts)
 * and the convnet trains there with our filter-gradient kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewServer } from 'vite';
import { fillTrainForm, readPercent } from './support/app.ts';
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
