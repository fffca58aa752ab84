/**
 * The app on a phone (360 × 740) and a desktop (1440 × 900), light and dark, in English and
 * Chinese, after a short training run and a digit read from the drawing pad: each page never
 * scrolls sideways, has no element sticking out of the screen, and on the phone every control is
 * at least 44 px a side. The pictures of these layouts in docs/screenshots/ are made by
 * `npm run screenshots` (scripts/docs-screenshots.ts), not by this test: it writes no file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { horizontalOverflow, smallTouchTargets } from './support/a11y.ts';
import { chooseLanguage } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { LOCALES, SCHEMES, showLayout, showTrainedApp, SIZES } from './support/layouts.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  errors = logPageErrors(page);
  await showTrainedApp(page, baseUrl);
});

afterAll(async () => {
  await browser?.close();
});

describe.each(LOCALES)('in %s', (locale) => {
  beforeAll(async () => {
    await chooseLanguage(page, locale);
  });

  describe.each(SIZES)('on a $name ($width × $height)', (size) => {
    it.each(SCHEMES)(
      '%s: fits the screen, with touch-sized controls on a phone',
      async (scheme) => {
        await showLayout(page, size, scheme);
        expect(await horizontalOverflow(page)).toEqual([]);
        if (size.name === 'phone') expect(await smallTouchTargets(page)).toEqual([]);
      },
    );
  });
});

describe('the page', () => {
  it('logged no error', () => {
    expect(errors).toEqual([]);
  });
});
