/**
 * Nothing hangs, nothing races: a worker that fails to load is reported and replaced; a
 * download, an evaluation and a speed measurement cancelled halfway leave the app usable and
 * nothing half-stored; a model replaced while an image is read is never used disposed; a slow
 * answer never replaces a newer one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  chooseBackend,
  downloadMnist,
  openApp,
  prediction,
  readPercent,
  whole,
} from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { encodePng, mnistTestImage, paperWithDigit } from './support/images.ts';

const baseUrl = inject('baseUrl');
const dir = mkdtempSync(join(tmpdir(), 'ms-robust-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** A new, empty profile on the app (service worker blocked: requests go through `route`). */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  return { page, errors: logPageErrors(page) };
}

/** A PNG of MNIST test image `index` on paper, `side` pixels square. */
function digitPng(name: string, index: number, side: number): { path: string; label: number } {
  const { pixels, label } = mnistTestImage(index);
  const scale = Math.floor(side / 40);
  const path = join(dir, name);
  writeFileSync(
    path,
    encodePng(side, side, paperWithDigit(pixels, side, side, { scale, x: side / 6, y: side / 6 })),
  );
  return { path, label };
}

/** The error messages on screen. */
const errorTexts = (page: Page) =>
  page.getByRole('alert').or(page.locator('ms-notifier .error')).allTextContents();

describe('a worker that fails to load', () => {
  it('says so, starts a new one, and the app works', async () => {
    const { page } = await newPage();
    let broken = 0;
    // The worker's module (the build's only chunk whose name starts with "worker-").
    await page.route(
      /\/assets\/worker-[\w-]+\.js$/,
      async (route) => {
        broken++;
        await route.fulfill({
          contentType: 'text/javascript',
          body: 'throw new Error("a broken deploy");',
        });
      },
      { times: 1 },
    );
    await page.goto(baseUrl);
    await page
      .getByText(/The training worker could not be loaded/)
      .first()
      .waitFor({ timeout: 60_000 });
    expect(broken).toBe(1);
    // The replacement started: the header names a backend and the starter model reads.
    await page.getByText(whole(String.raw`Backend: (WebGL|WASM|CPU)`)).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Image' }).click();
    const seven = digitPng('seven.png', 0, 280);
    await page.getByLabel('Upload image').setInputFiles(seven.path);
    expect(await prediction(page)).toBe(seven.label);
    await page.context().close();
  });
});

describe('cancelling a download halfway', () => {
  it('stores nothing, and the app can download again', async () => {
    const { page } = await newPage();
    await openApp(page, baseUrl);
    // Slow every data file down, so the download is caught halfway.
    let files = 0;
    await page.route(/\/data\/mnist\/.+\.gz$/, async (route) => {
      files++;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue().catch(() => {});
    });
    await page.getByRole('button', { name: 'Download MNIST' }).click();
    const bar = page.getByRole('progressbar', { name: 'Download progress' });
    await expect.poll(() => files, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Cancel download' }).click();
    await page.getByText('Download cancelled. Nothing was stored.').waitFor();
    await bar.waitFor({ state: 'detached' });
    await page.getByText('Not downloaded', { exact: true }).waitFor();

    // Nothing was stored: a reload still finds no data.
    await page.unroute(/\/data\/mnist\/.+\.gz$/);
    await openApp(page, baseUrl);
    await page.getByText('Not downloaded', { exact: true }).waitFor();
    await downloadMnist(page);
    await page.context().close();
  });
});

describe('with MNIST and two imported models', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await newPage());
    await openApp(page, baseUrl);
    await downloadMnist(page);
    // The starter model's files, imported twice under two names.
    for (const name of ['first', 'second']) {
      const folder = join(dir, name);
      mkdirSync(folder, { recursive: true });
      copyFileSync('public/models/starter/model.json', join(folder, `${name}.json`));
      copyFileSync('public/models/starter/weights.bin', join(folder, 'weights.bin'));
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Import…' }).click();
      await (await chooser).setFiles([join(folder, `${name}.json`), join(folder, 'weights.bin')]);
      await page
        .getByRole('status')
        .filter({ hasText: `Imported “${name}”` })
        .waitFor();
    }
    await page.getByRole('button', { name: 'Load first' }).click();
    await page.getByRole('status').filter({ hasText: 'first' }).first().waitFor();
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('cancels a speed measurement halfway and goes back to the backend in use', async () => {
    const header = page.getByText(whole(String.raw`Backend: (WebGL|WASM|CPU)`));
    const before = await header.textContent();
    await page.getByRole('button', { name: 'Measure speed' }).click();
    const bar = page.getByRole('progressbar', { name: 'Speed measurement progress' });
    await expect
      .poll(() => bar.evaluate((e) => (e as HTMLProgressElement).value), { timeout: 120_000 })
      .toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Cancel measurement' }).click();
    await page.getByText(/Speed measurement cancelled/).waitFor({ timeout: 120_000 });
    await bar.waitFor({ state: 'detached' });
    expect(await header.textContent()).toBe(before);
    await expect.poll(() => page.getByRole('combobox', { name: 'Backend' }).isEnabled()).toBe(true);
  });

  it('cancels an evaluation halfway, then evaluates in full', async () => {
    await chooseBackend(page, 'CPU'); // slow enough to be caught halfway
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Evaluation progress' });
    await expect
      .poll(() => bar.evaluate((e) => (e as HTMLProgressElement).value), { timeout: 120_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel evaluation' }).click();
    await page.getByText('Evaluation cancelled.').waitFor({ timeout: 60_000 });
    await bar.waitFor({ state: 'detached' });
    await chooseBackend(page, 'WASM');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    // The starter model, as starter.json records it (99.21%), within rounding.
    expect(await readPercent(page, 'Test accuracy', 120_000)).toBeGreaterThan(0.985);
  });

  it('reads with the model it started with while another is loaded', async () => {
    await page.getByRole('tab', { name: 'Image' }).click();
    const big = digitPng('big-seven.png', 0, 2400); // slow to decode
    for (const next of ['second', 'first', 'second']) {
      await page.getByLabel('Upload image').setInputFiles(big.path);
      await page.getByRole('button', { name: `Load ${next}` }).click();
      expect(await prediction(page)).toBe(big.label);
      await page.getByRole('img', { name: 'The image you gave: big-seven.png' }).waitFor();
    }
    expect(await errorTexts(page)).toEqual([]);
    expect(errors.filter((e) => /dispos/i.test(e))).toEqual([]);
  });

  it('never lets a slow answer replace a newer one', async () => {
    const slow = digitPng('slow-two.png', 1, 2400); // a 2, slow to decode
    const quick = digitPng('quick-seven.png', 0, 280); // a 7
    expect([slow.label, quick.label]).toEqual([2, 7]);
    await page.getByLabel('Upload image').setInputFiles(slow.path);
    await page.getByLabel('Upload image').setInputFiles(quick.path);
    await page.getByRole('img', { name: 'The image you gave: quick-seven.png' }).waitFor();
    expect(await prediction(page)).toBe(7);
    // The slow reading's answer arrives later and must be dropped: the 7 stays (this waits on
    // purpose: what is tested is that nothing changes).
    await page.waitForTimeout(3_000);
    expect(await prediction(page)).toBe(7);
  });
});
