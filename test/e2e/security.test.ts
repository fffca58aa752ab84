/**
 * Nothing leaves the app's origin, and the Content Security Policy holds: during a whole visit
 * (load, read a drawn and an uploaded digit, download MNIST, train, evaluate, delete the data)
 * every request of the page, its
 * workers and the service worker goes to the app's own origin, and the page reports no CSP
 * violation and no console error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../scripts/vite-plugin-csp.ts';
import {
  downloadMnist,
  draw,
  fillTrainForm,
  openApp,
  prediction,
  readPercent,
} from './support/app.ts';
import { encodePng, mnistTestImage, paperWithDigit } from './support/images.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { readCspViolations, recordCspViolations } from './support/pwa.ts';

const baseUrl = inject('baseUrl');
const origin = new URL(baseUrl).origin;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** Every request the context made: pages, dedicated workers, the service worker. */
const requests: string[] = [];
const failed: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('request', (request) => requests.push(request.url()));
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) =>
    failed.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  errors = logPageErrors(page);
  await recordCspViolations(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('Content Security Policy', () => {
  it('is in the built index.html, before any script, and names no other origin', () => {
    const html = readFileSync('dist/index.html', 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    const sources = CONTENT_SECURITY_POLICY.split(';').flatMap((d) =>
      d.trim().split(/\s+/).slice(1),
    );
    expect(new Set(sources)).toEqual(new Set(["'self'", "'none'", 'blob:']));
    // blob: only for the preview of an image the person chose to read.
    expect(CONTENT_SECURITY_POLICY).toMatch(/img-src 'self' blob:(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/style-src 'self'(;|$)/);
  });
});

describe('a whole visit', () => {
  it('loads, reads digits, downloads, trains, evaluates and deletes with no CSP violation or console error', async () => {
    await openApp(page, baseUrl);
    // Reading a drawing and an uploaded image (its preview is a blob: URL) with the starter model.
    await draw(page, [
      [
        [0.5, 0.15],
        [0.5, 0.85],
      ],
    ]);
    expect(await prediction(page)).toBe(1);
    await page.getByRole('tab', { name: 'Image' }).click();
    const seven = mnistTestImage(0);
    await page.getByLabel('Upload image').setInputFiles({
      name: 'seven.png',
      mimeType: 'image/png',
      buffer: encodePng(
        280,
        280,
        paperWithDigit(seven.pixels, 280, 280, { scale: 7, x: 30, y: 40 }),
      ),
    });
    expect(await prediction(page)).toBe(7);
    await page.getByRole('img', { name: 'The image you gave: seven.png' }).waitFor();
    await downloadMnist(page);
    await fillTrainForm(page, { model: 'dense', epochs: 1, examples: 2_000, batchSize: 100 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.5);
    // The per-digit bars and the confusion matrix's shading are set through CSSOM (cssProps).
    await page.getByRole('table', { name: /Rows are the true digits/ }).waitFor();
    const evaluate = page.getByRole('button', { name: 'Evaluate' });
    await evaluate.click();
    await expect.poll(() => evaluate.isEnabled(), { timeout: 120_000 }).toBe(true);
    // The confirmation dialog's form (method="dialog") submits nowhere: form-action 'none'.
    await page.getByRole('button', { name: 'Delete data' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('Not downloaded', { exact: true }).waitFor();

    expect(await readCspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('made every request to its own origin (blob: and data: URLs aside)', () => {
    const paths = requests.map((url) => new URL(url).pathname);
    // The recording saw the page, the training worker and the data download.
    expect(paths).toContain('/');
    expect(paths.some((p) => /^\/assets\/.+\.wasm$/.test(p))).toBe(true);
    expect(paths).toContain('/data/mnist/train-images-idx3-ubyte.gz');
    const elsewhere = requests.filter((url) => {
      const { protocol } = new URL(url);
      return protocol !== 'blob:' && protocol !== 'data:' && new URL(url).origin !== origin;
    });
    expect(elsewhere).toEqual([]);
    expect(failed).toEqual([]);
  });
});
