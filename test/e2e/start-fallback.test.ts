/**
 * No start that hangs: a worker whose thread blocks for good while it starts (as Firefox ESR's
 * sometimes does while TF.js' threaded WASM build starts its pthreads) is replaced by one on a
 * single WASM thread, the page says so within 20 s, and the choice holds on the next visit.
 * The block is made real: the first worker's script begins with `Atomics.wait` on memory that
 * nothing ever notifies.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { draw, openApp, prediction } from './support/app.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let blocked = 0;

beforeAll(async () => {
  browser = await launchChromium();
  // No service worker: every worker script request reaches the route below.
  context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route(/\/assets\/worker-[\w-]+\.js$/, async (route) => {
    const response = await route.fetch();
    if (blocked > 0) return route.fulfill({ response });
    blocked++;
    const body = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);\n${await response.text()}`;
    return route.fulfill({ response, body });
  });
  page = await context.newPage();
  logPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('a start whose worker thread blocks', () => {
  it('starts again on one WASM thread, says so within 20 s, and works', async () => {
    const start = Date.now();
    await page.goto(baseUrl);
    const panel = page.getByRole('region', { name: 'Compute backend' });
    await panel
      .getByText(/A start with WASM threads did not finish in this browser/)
      .waitFor({ timeout: 20_000 });
    expect(Date.now() - start).toBeLessThanOrEqual(20_000);
    expect(blocked).toBe(1);
    await expect
      .poll(async () => (await panel.textContent())?.replace(/\s+/g, ' '))
      .toMatch(/Active WASM WASM SIMD yes WASM threads 1 /);
    // It works: the starter model reads a drawn 1.
    await draw(page, [
      [
        [0.5, 0.2],
        [0.5, 0.8],
      ],
    ]);
    expect(await prediction(page)).toBe(1);
  });

  it('remembers the step down on this device: the next visit starts on one thread at once', async () => {
    await openApp(page, baseUrl);
    const panel = page.getByRole('region', { name: 'Compute backend' });
    await expect
      .poll(async () => (await panel.textContent())?.replace(/\s+/g, ' '))
      .toMatch(/WASM threads 1 .*A start with WASM threads did not finish/);
    expect(blocked).toBe(1);
  });
});
