/**
 * Reading digits as a person gives them: strokes drawn with the mouse on the drawing pad, a PNG
 * chosen with the file picker, an image dropped on the card, a file that is not an image, and
 * Chromium's fake camera showing a handwritten digit on paper (a Y4M clip the test writes).
 * Before any training, the starter model reads them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { draw, openApp, prediction } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { freezes, markFrameWatch, startFrameWatch, stopFrameWatch } from './support/frame-watch.ts';
import { encodePng, encodeY4m, mnistTestImage, paperWithDigit } from './support/images.ts';

const baseUrl = inject('baseUrl');
const dir = mkdtempSync(join(tmpdir(), 'ms-predict-'));
const browsers: Browser[] = [];

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
});

/** Opens the app in a new browser (with extra Chromium flags) and returns the page. */
async function open(args: string[] = []): Promise<{ page: Page; errors: string[] }> {
  const browser = await launchChromium(args);
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = logPageErrors(page);
  await openApp(page, baseUrl);
  return { page, errors };
}

/** A circle as a stroke. */
const circle = (cx: number, cy: number, rx: number, ry: number): [number, number][] =>
  Array.from({ length: 25 }, (_, i) => {
    const a = (i / 24) * 2 * Math.PI;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)];
  });

describe('reading digits with the starter model', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await open());
  });

  it('reads digits drawn with mouse strokes, after each stroke', async () => {
    await page.getByText(/Read by the starter model/).waitFor();
    await draw(page, [
      [
        [0.3, 0.22],
        [0.72, 0.22],
        [0.45, 0.82],
      ],
    ]);
    expect(await prediction(page)).toBe(7);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.getByText('No digit read yet.').waitFor();

    await draw(page, [
      [
        [0.5, 0.15],
        [0.5, 0.85],
      ],
    ]);
    expect(await prediction(page)).toBe(1);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();

    await draw(page, [circle(0.5, 0.5, 0.22, 0.32)]);
    expect(await prediction(page)).toBe(0);
    // What the model received is shown, with ten probabilities.
    await page.getByRole('img', { name: 'The 28 by 28 image the model received' }).waitFor();
    expect(
      await page
        .getByRole('list', { name: 'Probability of each digit' })
        .getByRole('listitem')
        .count(),
    ).toBe(10);
  });

  it('reads an uploaded PNG photo of a digit, and refuses a file that is no image', async () => {
    await page.getByRole('tab', { name: 'Image' }).click();
    const two = mnistTestImage(1); // a 2
    expect(two.label).toBe(2);
    const png = join(dir, 'two.png');
    writeFileSync(
      png,
      encodePng(400, 300, paperWithDigit(two.pixels, 400, 300, { scale: 6, x: 170, y: 40 })),
    );
    await page.getByLabel('Upload image').setInputFiles(png);
    expect(await prediction(page)).toBe(2);
    await page.getByRole('img', { name: 'The image you gave: two.png' }).waitFor();

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'this is not a picture of a digit');
    await page.getByLabel('Upload image').setInputFiles(text);
    await page.getByRole('alert').filter({ hasText: 'not an image' }).waitFor();
    await page.getByText('No digit read yet.').waitFor();
  });

  it('reads an image dropped on the card (a WebP made in the page)', async () => {
    const four = mnistTestImage(4); // a 4
    expect(four.label).toBe(4);
    const gray = paperWithDigit(four.pixels, 200, 200, { scale: 5, x: 20, y: 60 });
    const area = page.locator('ms-image-input .drop');
    const dropped = await page.evaluateHandle(
      async ([pixels, size]) => {
        const canvas = new OffscreenCanvas(size, size);
        const context = canvas.getContext('2d')!;
        const image = context.createImageData(size, size);
        pixels.forEach((v, i) => image.data.set([v, v, v, 255], i * 4));
        context.putImageData(image, 0, 0);
        const blob = await canvas.convertToBlob({ type: 'image/webp' });
        const transfer = new DataTransfer();
        transfer.items.add(new File([blob], 'four.webp', { type: 'image/webp' }));
        return transfer;
      },
      [Array.from(gray), 200] as const,
    );
    await area.dispatchEvent('drop', { dataTransfer: dropped });
    expect(await prediction(page)).toBe(4);
    expect(errors).toEqual([]);
  });
});

describe('reading digits from the camera', () => {
  it('reads a digit held in front of the (fake) camera live, with readings that keep coming, without freezing', async () => {
    const seven = mnistTestImage(0); // a 7
    expect(seven.label).toBe(7);
    const clip = join(dir, 'seven.y4m');
    // 640 × 480, the digit (8× = 224 px) inside the middle guide square.
    writeFileSync(
      clip,
      encodeY4m(640, 480, paperWithDigit(seven.pixels, 640, 480, { scale: 8, x: 208, y: 128 })),
    );
    const { page, errors } = await open([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ]);
    await page.getByRole('tab', { name: 'Camera' }).click();
    await startFrameWatch(page);
    await markFrameWatch(page, 'start camera');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.getByLabel('Camera view with a guide square').waitFor();
    expect(await prediction(page)).toBe(7);
    await markFrameWatch(page, 'reading');
    // Readings keep coming: the rate shows and is above 0, and still is once the meter's
    // one-second window has moved past the first readings (how many per second is a figure for
    // `npm run bench -- --camera-only`, not a bar for a test).
    const rate = page.getByText(/readings per second/);
    const shownRate = async () =>
      Number(/(\d+) readings/.exec((await rate.textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(shownRate, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    await page.waitForTimeout(1_500);
    await expect.poll(shownRate, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
    const watch = await stopFrameWatch(page);
    expect(freezes(watch)).toEqual([]);

    await page.getByRole('button', { name: 'Freeze' }).click();
    await page.getByText('Frozen: the last frame stays read.').waitFor();
    expect(await prediction(page)).toBe(7);
    await page.getByRole('button', { name: 'Stop camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('says so when the camera is denied', async () => {
    const browser = await launchChromium(['--use-fake-device-for-media-stream']);
    browsers.push(browser);
    const context = await browser.newContext();
    const page = await context.newPage();
    await openApp(page, baseUrl);
    await page.getByRole('tab', { name: 'Camera' }).click();
    page.on('dialog', (d) => void d.dismiss());
    await context.clearPermissions();
    // Headless Chromium without the fake UI denies the permission prompt.
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Camera access was denied|No camera/ })
      .waitFor();
  });
});
