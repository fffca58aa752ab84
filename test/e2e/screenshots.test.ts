/**
 * The app on a phone (360 × 740) and a desktop (1440 × 900), light and dark, in English and
 * Chinese, after a short training run and a digit read from the drawing pad: each full page is
 * photographed into docs/screenshots/ (the README shows them), never scrolls sideways, has no
 * element sticking out of the screen, and on the phone every control is at least 44 px a side.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, smallTouchTargets } from './support/a11y.ts';
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

const baseUrl = inject('baseUrl');
const OUT = 'docs/screenshots';
let browser: Browser;
let page: Page;
let errors: string[];

const SIZES = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
const LOCALES = ['en', 'zh-Hans'] as const;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
  await downloadMnist(page);
  await fillTrainForm(page, { model: 'dense', epochs: 3, examples: 51_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await readPercent(page, 'Test accuracy');
  await draw(page, [
    [
      [0.3, 0.22],
      [0.72, 0.22],
      [0.45, 0.82],
    ],
  ]);
  await prediction(page);
  // The notes of the run would cover the page's foot in every picture.
  const dismiss = page.getByRole('button', { name: 'Dismiss', exact: true });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
});

afterAll(async () => {
  await browser?.close();
});

describe.each(LOCALES)('in %s', (locale) => {
  beforeAll(async () => {
    await chooseLanguage(page, locale);
  });

  describe.each(SIZES)('on a $name ($width × $height)', ({ name, width, height }) => {
    it.each(SCHEMES)(
      '%s: fits the screen, with touch-sized controls on a phone',
      async (scheme) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.evaluate(() => window.scrollTo(0, 0));
        // Let the charts follow the new width (they redraw from a ResizeObserver).
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${OUT}/${name}-${scheme}-${locale}.png`, fullPage: true });
        expect(await horizontalOverflow(page)).toEqual([]);
        if (name === 'phone') expect(await smallTouchTargets(page)).toEqual([]);
      },
    );
  });
});

describe('the page', () => {
  it('logged no error', () => {
    expect(errors).toEqual([]);
  });
});
