/**
 * axe-core on every main view, in English and Chinese, light and dark: the first screen (data,
 * train, an empty results card, the drawing pad, no saved models), then after a short training
 * run (training readout, curves, test results with the confusion matrix and the 100 test
 * images, the run history, a saved model) and reading a digit from each tab (drawing, image,
 * camera). No serious or critical violation may remain.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeViolations, seriousViolations } from './support/a11y.ts';
import {
  chooseLanguage,
  downloadMnist,
  draw,
  fillTrainForm,
  openApp,
  prediction,
  readPercent,
} from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { encodePng, mnistTestImage, paperWithDigit } from './support/images.ts';

const baseUrl = inject('baseUrl');
const dir = mkdtempSync(join(tmpdir(), 'ms-a11y-'));
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ]);
  // axe is injected into the page: the app's Content Security Policy would refuse it.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
    bypassCSP: true,
  });
  page = await context.newPage();
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
});

afterAll(async () => {
  await browser?.close();
});

const COMBINATIONS = [
  { locale: 'en', scheme: 'light' },
  { locale: 'en', scheme: 'dark' },
  { locale: 'zh-Hans', scheme: 'light' },
  { locale: 'zh-Hans', scheme: 'dark' },
] as const;

/** Audits the page as it is in both languages and both colour schemes; ends in English, light. */
async function auditEverywhere(view: string): Promise<void> {
  const report: string[] = [];
  for (const { locale, scheme } of COMBINATIONS) {
    // Reduced motion, as some people ask for: the buttons take the other theme's colours at once
    // instead of fading (axe would judge a colour halfway).
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    // Audit only once the page has drawn a frame in the new scheme (axe once read the dark
    // theme's text on the light page background, one frame before the background changed).
    await page.waitForFunction(
      (dark) =>
        matchMedia('(prefers-color-scheme: dark)').matches === dark &&
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      scheme === 'dark',
    );
    if ((await page.evaluate(() => document.documentElement.lang)) !== locale) {
      await chooseLanguage(page, locale);
    }
    const violations = await seriousViolations(page);
    if (violations.length)
      report.push(describeViolations(`${view}, ${locale}, ${scheme}`, violations));
  }
  await chooseLanguage(page, 'en');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(report.join('\n'), 'serious or critical accessibility violations').toBe('');
}

describe('accessibility of every view, in both languages and both themes', () => {
  it('first screen: data, train, empty results, drawing pad, no saved models', async () => {
    await auditEverywhere('first screen');
  });

  it('after training: progress, curves, test results, history, a saved model', async () => {
    await downloadMnist(page);
    await fillTrainForm(page, { model: 'dense', epochs: 1, examples: 1_000, batchSize: 100 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await readPercent(page, 'Test accuracy');
    await page.getByRole('button', { name: 'Save model' }).click();
    await page
      .getByRole('dialog', { name: 'Save the model in use' })
      .getByRole('button', { name: 'Save', exact: true })
      .click();
    await page.getByRole('list', { name: 'Saved models' }).getByRole('listitem').first().waitFor();
    await auditEverywhere('results and models');
  });

  it('reading a digit: drawing', async () => {
    await draw(page, [
      [
        [0.3, 0.22],
        [0.72, 0.22],
        [0.45, 0.82],
      ],
    ]);
    await prediction(page);
    await auditEverywhere('predict, drawing');
  });

  it('reading a digit: image', async () => {
    const { pixels } = mnistTestImage(1);
    const png = join(dir, 'two.png');
    writeFileSync(
      png,
      encodePng(200, 160, paperWithDigit(pixels, 200, 160, { scale: 4, x: 40, y: 20 })),
    );
    await page.getByRole('tab', { name: 'Image' }).click();
    await page.getByLabel('Upload image').setInputFiles(png);
    await prediction(page);
    await auditEverywhere('predict, image');
  });

  it('reading a digit: camera', async () => {
    await page.getByRole('tab', { name: 'Camera' }).click();
    await page.getByRole('button', { name: 'Start camera' }).click();
    // The live view, not the Stop button a starting camera shows already.
    await page.getByLabel('Camera view with a guide square').waitFor();
    await auditEverywhere('predict, camera');
    await page.getByRole('button', { name: 'Stop camera' }).first().click();
    expect(errors).toEqual([]);
  });
});
