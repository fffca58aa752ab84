/**
 * No start that hangs: a worker whose thread blocks for good while it starts (as Firefox ESR's
 * sometimes does while TF.js' threaded WASM build starts its pthreads) is replaced. A one-off
 * block costs nothing but the wait: the next worker starts with threads again. A block that
 * repeats steps down to a single WASM thread, the page says so, and the choice holds on the next
 * visit. The block is made real: the blocked worker's script begins with `Atomics.wait` on memory
 * that nothing ever notifies.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { draw, openApp, prediction } from './support/app.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Worker scripts still to block, and those blocked so far. */
let toBlock = 0;
let blocked = 0;

beforeAll(async () => {
  browser = await launchChromium();
  // No service worker: every worker script request reaches the route below.
  context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route(/\/assets\/worker-[\w-]+\.js$/, async (route) => {
    const response = await route.fetch();
    if (toBlock === 0) return route.fulfill({ response });
    toBlock--;
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
  const panelText = async () =>
    (await page.getByRole('region', { name: 'Compute backend' }).textContent())?.replace(
      /\s+/g,
      ' ',
    );

  it('once: starts again with WASM threads, and works', async () => {
    toBlock = 1;
    await page.goto(baseUrl);
    const threads = Math.min(8, await page.evaluate(() => navigator.hardwareConcurrency));
    await expect
      .poll(panelText, { timeout: 40_000 })
      .toMatch(new RegExp(`Active WASM WASM SIMD yes WASM threads ${threads} `));
    expect(blocked).toBe(1);
    expect(await panelText()).not.toMatch(/did not finish/);
    // It works: the starter model reads a drawn 1.
    await draw(page, [
      [
        [0.5, 0.2],
        [0.5, 0.8],
      ],
    ]);
    expect(await prediction(page)).toBe(1);
  });

  it('twice in a row: starts again on one WASM thread, says so, and works', async () => {
    toBlock = 2;
    blocked = 0;
    await page.goto(baseUrl);
    const panel = page.getByRole('region', { name: 'Compute backend' });
    await panel
      .getByText(/A start with WASM threads did not finish in this browser/)
      .waitFor({ timeout: 40_000 });
    expect(blocked).toBe(2);
    await expect.poll(panelText).toMatch(/Active WASM WASM SIMD yes WASM threads 1 /);
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
    await expect
      .poll(panelText)
      .toMatch(/WASM threads 1 .*A start with WASM threads did not finish/);
    expect(blocked).toBe(2);
  });
});
