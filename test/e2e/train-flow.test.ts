/**
 * The core of MNIST Studio as a person meets it: a fresh profile downloads MNIST once, trains
 * the dense model for two epochs on all the data in the worker while the page stays smooth,
 * sees validation and test accuracy, and on reload finds the data already stored.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { freezes, startFrameWatch, stopFrameWatch } from './support/frame-watch.ts';
import { downloadMnist, fillTrainForm, openApp, readPercent, whole } from './support/app.ts';

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
});

afterAll(async () => {
  await browser?.close();
});

describe('first visit: download, train, evaluate', () => {
  it('downloads MNIST once, with visible progress', async () => {
    const dataRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/mnist/')) dataRequests.push(r.url());
    });
    await openApp(page, baseUrl);
    await page.getByText('Not downloaded', { exact: true }).waitFor();
    const progress = await downloadMnist(page);
    // The bar moved: it showed a part of the 11.2 MB received before it finished.
    const fractions = progress.map((p) => p.value / p.max);
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    // Manifest plus the four compressed IDX files, all from our own origin.
    expect(dataRequests.map((u) => new URL(u).pathname).sort()).toEqual([
      '/data/mnist/manifest.json',
      '/data/mnist/t10k-images-idx3-ubyte.gz',
      '/data/mnist/t10k-labels-idx1-ubyte.gz',
      '/data/mnist/train-images-idx3-ubyte.gz',
      '/data/mnist/train-labels-idx1-ubyte.gz',
    ]);
    // 54,950,048 bytes of IDX files.
    await expect(page.getByText('Stored in this browser · 54.9 MB').count()).resolves.toBe(1);
  });

  it('trains dense for 2 epochs on all 51,000 examples in the worker without freezing the page', async () => {
    await fillTrainForm(page, { model: 'dense', epochs: 2, examples: 51_000 });
    await startFrameWatch(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const validation = await readPercent(page, 'Validation accuracy');
    const test = await readPercent(page, 'Test accuracy');
    const watch = await stopFrameWatch(page);
    expect(validation).toBeGreaterThanOrEqual(0.9);
    expect(test).toBeGreaterThanOrEqual(0.9);
    await page.getByText(whole(String.raw`Test loss: \d+\.\d+`)).waitFor();
    // The main thread kept drawing frames and never froze (no task over 250 ms).
    expect(watch.frameTimes.length).toBeGreaterThan(10);
    expect(freezes(watch)).toEqual([]);
    // Both epochs ran: the epoch counter reached 2 and the run is in the history.
    const history = page.getByRole('table', { name: /Your runs/ });
    await expect(history.getByRole('row').count()).resolves.toBe(2);
    const run = (await history.getByRole('row').nth(1).textContent()) ?? '';
    expect(run).toMatch(/dense/);
    expect(run.replace(/\s+/g, ' ')).toMatch(/2 of 2/);
    expect(run).toMatch(/51,000/);
    // From now on the model just trained reads digits, not the starter model.
    await page.getByText(/Read by the model you trained \(dense\)/).waitFor();
  });

  it('shows the confusion matrix, per-digit accuracy and 100 test images, with a mistakes filter', async () => {
    const matrix = page.getByRole('table', { name: /Rows are the true digits/ });
    await expect.poll(() => matrix.getByRole('row').count()).toBe(11);
    // The images come in a few per frame.
    const grid = page.getByRole('button', { name: /^Test image / });
    await expect.poll(() => grid.count()).toBe(100);
    // Every one shows its digit, the last ones too: on a screenshot of the grid, white ink in
    // each image's box and black at its corner, as MNIST digits are.
    const inked = async () => {
      const list = page.locator('ms-digit-grid ol');
      // The notes that float over the page's corner (dismissable) are left out of the picture.
      const notes = page.locator('ms-notifier');
      await notes.evaluate((element: HTMLElement) => (element.style.visibility = 'hidden'));
      const png = await list.screenshot();
      await notes.evaluate((element: HTMLElement) => element.style.removeProperty('visibility'));
      const boxes = await list.evaluate((ol) => {
        const at = ol.getBoundingClientRect();
        return [...ol.querySelectorAll('.digit')].map((image) => {
          const box = image.getBoundingClientRect();
          return { x: box.x - at.x, y: box.y - at.y, size: box.width, listWidth: at.width };
        });
      });
      return page.evaluate(
        async ({ base64, boxes }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const shot = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
          const context = new OffscreenCanvas(shot.width, shot.height).getContext('2d')!;
          context.drawImage(shot, 0, 0);
          return (
            boxes.length === 100 &&
            boxes.every(({ x, y, size, listWidth }) => {
              const scale = shot.width / listWidth;
              const inset = Math.ceil(scale * 2);
              const side = Math.floor(size * scale) - 2 * inset;
              const left = Math.round(x * scale) + inset;
              const top = Math.round(y * scale) + inset;
              const pixels = context.getImageData(left, top, side, side).data;
              return pixels[0] < 40 && pixels.some((v, i) => i % 4 === 0 && v > 200);
            })
          );
        },
        { base64: png.toString('base64'), boxes },
      );
    };
    await expect.poll(inked).toBe(true);
    await page.getByRole('checkbox', { name: 'Mistakes only' }).check();
    const shown = await page
      .getByText(whole(String.raw`Showing [\d,]+ misclassified test images\.`))
      .textContent();
    const wrongCount = Number(/[\d,]+/.exec(shown ?? '')?.[0]?.replaceAll(',', ''));
    expect(wrongCount).toBeGreaterThan(0);
    const wrong = page.getByRole('button', { name: /wrongly predicted as/ });
    await expect.poll(() => wrong.count()).toBe(wrongCount);
    await expect(grid.count()).resolves.toBe(wrongCount);
    await expect(page.getByText(whole(String.raw`✗ pred \d · true \d`)).count()).resolves.toBe(
      wrongCount,
    );
    await page
      .getByText(whole(String.raw`Digit 0`))
      .first()
      .waitFor();
  });

  it('on reload reads MNIST from IndexedDB without any data request, and trains from it', async () => {
    const dataRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/mnist/')) dataRequests.push(r.url());
    });
    await page.reload();
    await page
      .getByText(whole(String.raw`Stored in this browser · 54.9 MB`))
      .waitFor({ timeout: 30_000 });
    await fillTrainForm(page, { model: 'dense', epochs: 1, examples: 1_000, batchSize: 100 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    expect(await readPercent(page, 'Test accuracy')).toBeGreaterThan(0.5);
    expect(dataRequests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
