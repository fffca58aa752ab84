/**
 * Updates never cost a person their work: when a new version of the app is published, the page
 * says "Update available" and waits. It never reloads by itself; while training runs its Reload
 * button is disabled with the reason; pressed, it reloads once into the new version, with the
 * data still stored.
 *
 * A copy of the build is served, and "publishing" changes its service worker script.
 */
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { downloadMnist, fillTrainForm, readPercent, whole } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { openControlledApp } from './support/pwa.ts';
import { freePort } from './support/server.ts';

let dir: string;
let server: PreviewServer;
let baseUrl: string;
let browser: Browser;
let page: Page;
let errors: string[];
/** Main-frame navigations (loads and reloads) of the page. */
let navigations = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mnist-studio-dist-'));
  await cp('dist', dir, { recursive: true });
  const port = await freePort();
  server = await preview({
    build: { outDir: dir },
    preview: { host: '127.0.0.1', port, strictPort: true },
  });
  baseUrl = `http://127.0.0.1:${port}/`;
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  errors = logPageErrors(page);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Makes the browser look for a new service worker now (as it does on navigations). */
async function checkForUpdate(target: Page): Promise<void> {
  await target.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
}

describe('a new version', () => {
  const banner = () => page.getByText(/Update available/);
  const reload = () => page.getByRole('button', { name: /^(Reload|Reloading…)$/ });

  it('is announced, and waits while training runs', async () => {
    await openControlledApp(page, baseUrl);
    await downloadMnist(page);
    await fillTrainForm(page, { model: 'dense', epochs: 3, examples: 51_000, batchSize: 320 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused', { exact: true }).first().waitFor();

    const before = navigations;
    await appendFile(path.join(dir, 'sw.js'), '\n// The next version.\n');
    await checkForUpdate(page);
    await banner().waitFor({ timeout: 30_000 });
    // Training (paused too) holds the reload back, and says why.
    await expect(reload().isDisabled()).resolves.toBe(true);
    const why = await reload().getAttribute('aria-describedby');
    await expect(page.locator(`#${why}`).textContent()).resolves.toMatch(
      /Reload after training: reloading now would end the run\./,
    );

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    // Stopped after a batch or two, the model was tested.
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0);
    await expect.poll(() => reload().isEnabled()).toBe(true);
    // Nothing reloaded the page by itself. That is an absence, so the test waits and looks: a
    // reload would follow the enabled button within a moment, and this wait is the moment.
    await page.waitForTimeout(2_000);
    expect(navigations).toBe(before);
  });

  it('takes over when the person presses Reload, which reloads the page once', async () => {
    const before = navigations;
    await reload().click();
    await expect.poll(() => navigations, { timeout: 30_000 }).toBe(before + 1);
    await page.getByText(whole(String.raw`Stored in this browser · 54.9 MB`)).waitFor();
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { waiting: !!r?.waiting, controlled: !!navigator.serviceWorker.controller };
    });
    expect(registration).toEqual({ waiting: false, controlled: true });
    await expect(banner().count()).resolves.toBe(0);
    // Reloaded once, not twice: another absence, so a wait and a look.
    await page.waitForTimeout(2_000);
    expect(navigations).toBe(before + 1);
    expect(errors).toEqual([]);
  });
});
