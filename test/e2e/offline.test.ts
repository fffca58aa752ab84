/**
 * Offline, as a person meets it: after one visit the service worker controls the page and holds
 * the app (shell, worker, WASM binaries, not MNIST). Offline, a reload still shows the whole
 * app with an "Offline" badge; without MNIST the data panel says it must be downloaded once
 * online; with MNIST stored, training and evaluating work without any network, and the precached starter
 * model reads a drawn digit.
 *
 * Playwright's `context.setOffline(true)` fails every request that reaches the network but not
 * the ones the service worker answers: exactly the situation of a person without a network.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  downloadMnist,
  draw,
  fillTrainForm,
  openApp,
  prediction,
  readPercent,
  whole,
} from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { openControlledApp, precachedPaths } from './support/pwa.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  errors = logPageErrors(page);
  // Counts the app's requests for persistent storage.
  await context.addInitScript(() => {
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    const w = window as unknown as { __persistCalls: number };
    w.__persistCalls = 0;
    storage.persist = () => {
      w.__persistCalls++;
      return persist();
    };
  });
});

afterAll(async () => {
  await browser?.close();
});

/** The header's connection live region ("Offline" while there is no network). */
const connection = () => page.getByRole('status', { name: 'Connection' });

describe('offline', () => {
  it('after the first visit, the service worker controls the page and holds the app, not MNIST', async () => {
    const controller = await openControlledApp(page, baseUrl);
    expect(controller).toBe(new URL('sw.js', baseUrl).href);
    const paths = await precachedPaths(page, baseUrl);
    expect(paths).toContain('index.html');
    expect(paths).toContain('manifest.webmanifest');
    // The page's chunk, the training worker's chunk, and the three TF.js WASM binaries.
    expect(paths.filter((p) => /^assets\/.+\.js$/.test(p)).length).toBeGreaterThanOrEqual(2);
    expect(paths.filter((p) => p.endsWith('.wasm'))).toHaveLength(3);
    expect(paths.some((p) => p.startsWith('data/'))).toBe(false);
    await expect(connection().textContent()).resolves.not.toMatch(/Offline/);
  });

  it('offline without MNIST: the app loads, shows "Offline" and says the data needs a network once; online, the download is kept', async () => {
    await context.setOffline(true);
    await page.reload();
    await openApp(page, baseUrl);
    await expect.poll(() => connection().textContent()).toMatch(/Offline/);
    await connection()
      .getByText(/^\s*Offline/)
      .waitFor();
    const note = page.getByText(/You are offline\. MNIST has to be downloaded once while online/);
    await note.waitFor();
    const download = page.getByRole('button', { name: 'Download MNIST' });
    await expect(download.isDisabled()).resolves.toBe(true);
    // The button says why it is disabled.
    const describedBy = await download.getAttribute('aria-describedby');
    expect(await note.getAttribute('id')).toBe(describedBy);

    // Back online, the badge and the note go away and the download works.
    await context.setOffline(false);
    await expect.poll(() => connection().textContent()).not.toMatch(/Offline/);
    await expect(note.count()).resolves.toBe(0);
    await downloadMnist(page);

    // The data panel tells how much the app stores, and the app asked to keep it.
    const data = page.getByRole('region', { name: 'Data' });
    await expect
      .poll(async () => {
        const text = (await data.textContent()) ?? '';
        return Number(/Using ([\d.]+) MB of [\d.]+ GB available/.exec(text)?.[1] ?? 0);
      })
      .toBeGreaterThan(10);
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls),
      )
      .toBe(1);
  });

  it('offline with MNIST stored: a reload shows the whole app; predicting, training and Evaluate work', async () => {
    await context.setOffline(true);
    await page.reload();
    await openApp(page, baseUrl);
    await page.getByRole('heading', { name: 'MNIST Studio' }).waitFor();
    for (const region of ['Data', 'Train', 'Compute backend', 'Training curves', 'Test results']) {
      await page.getByRole('region', { name: region, exact: true }).waitFor();
    }
    await page.getByText(whole(String.raw`Stored in this browser · 54.9 MB`)).waitFor();
    await expect.poll(() => connection().textContent()).toMatch(/Offline/);

    // The starter model is precached: a digit drawn offline is read at once.
    await page.getByText(/Read by the starter model/).waitFor();
    await draw(page, [
      [
        [0.3, 0.22],
        [0.72, 0.22],
        [0.45, 0.82],
      ],
    ]);
    expect(await prediction(page)).toBe(7);

    await fillTrainForm(page, { model: 'dense', epochs: 1, examples: 1_000, batchSize: 100 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.5);

    // Evaluate runs again on the 10,000 test images: its button is busy, then free again.
    const evaluate = page.getByRole('button', { name: 'Evaluate' });
    await expect.poll(() => evaluate.isEnabled()).toBe(true);
    const started = evaluate.evaluate(
      (button) =>
        new Promise<boolean>((resolve) => {
          setTimeout(() => resolve(false), 60_000);
          new MutationObserver(() => {
            if (button.hasAttribute('disabled')) resolve(true);
          }).observe(button, { attributes: true, attributeFilter: ['disabled'] });
        }),
    );
    await evaluate.click();
    expect(await started).toBe(true);
    await expect.poll(() => evaluate.isEnabled(), { timeout: 120_000 }).toBe(true);
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  });
});
