/**
 * The app as the layout test checks it and the README pictures it: after a short training run
 * and a digit read from the drawing pad, on a phone and a desktop, light and dark, in English
 * and Chinese. test/e2e/screenshots.test.ts checks each layout; scripts/docs-screenshots.ts
 * photographs each into docs/screenshots/.
 */
import type { Page } from 'playwright-core';
import { downloadMnist, draw, fillTrainForm, openApp, prediction, readPercent } from './app.ts';

/** The screens: a phone (360 × 740) and a desktop (1440 × 900). */
export const SIZES = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;
export const LOCALES = ['en', 'zh-Hans'] as const;

/** One of `SIZES`. */
export type ScreenSize = (typeof SIZES)[number];

/**
 * Opens the app, downloads MNIST, trains the dense model for 3 epochs, reads a 7 drawn on the
 * pad and closes the notes (they would cover the page's foot).
 */
export async function showTrainedApp(page: Page, baseUrl: string): Promise<void> {
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
  const dismiss = page.getByRole('button', { name: 'Dismiss', exact: true });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

/** Whether both charts are drawn exactly as wide as their boxes. */
function chartsFit(page: Page): Promise<boolean> {
  return page.locator('ms-training-charts .plot').evaluateAll((plots) =>
    plots.every((plot) => {
      const drawn = plot.querySelector<HTMLElement>('.u-wrap');
      return drawn !== null && drawn.offsetWidth === Math.floor(plot.clientWidth);
    }),
  );
}

/**
 * Shows the page at `size` in colour scheme `scheme`, scrolled to the top, once the charts have
 * followed the new width (they redraw from a ResizeObserver, and are rebuilt for a new scheme).
 */
export async function showLayout(
  page: Page,
  size: ScreenSize,
  scheme: (typeof SCHEMES)[number],
): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  await page.evaluate(() => window.scrollTo(0, 0));
  const deadline = Date.now() + 10_000;
  // One look per drawn frame: the charts resize in the frame after the page's width changes.
  for (;;) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    if (await chartsFit(page)) return;
    if (Date.now() > deadline) throw new Error(`The charts did not fit ${size.name} in 10 s.`);
  }
}
