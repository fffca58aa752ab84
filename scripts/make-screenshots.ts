/**
 * `npx vite build && npx tsx scripts/make-screenshots.ts`: takes the web app manifest's
 * screenshots (public/screenshots/, committed) from the production build in headless Chromium:
 * download MNIST, train the dense model for a few epochs, then photograph the page wide
 * (1280 × 800) and narrow (390 × 844, a phone). Rerun after a visible change to the app.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { downloadMnist, fillTrainForm, openApp, readPercent } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { serveBuild } from '../test/e2e/support/server.ts';

/** The install dialog shows these; the manifest's `sizes` must match (scripts/vite-plugin-pwa-config.ts). */
const SHOTS = [
  { file: 'public/screenshots/wide.png', width: 1280, height: 800, scrollTo: undefined },
  // On a phone: the end of the run (accuracy, time) and the loss curve below it.
  {
    file: 'public/screenshots/narrow.png',
    width: 390,
    height: 844,
    scrollTo: 'ms-training-charts',
  },
] as const;

/** Closes the notes (such as "Run saved") that would cover part of the page. */
async function dismissNotes(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss', exact: true });
  await dismiss.first().waitFor();
  while ((await dismiss.count()) > 0) await dismiss.first().click();
}

const { server, baseUrl } = await serveBuild();
const browser = await launchChromium();
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
  });
  const page = await context.newPage();
  await openApp(page, baseUrl);
  await downloadMnist(page);
  await fillTrainForm(page, { model: 'dense', epochs: 3, examples: 51_000 });
  await page.getByRole('button', { name: 'Train' }).click();
  const accuracy = await readPercent(page, 'Test accuracy');
  console.log(`Trained dense: test accuracy ${(accuracy * 100).toFixed(2)}%`);
  await dismissNotes(page);
  await mkdir('public/screenshots', { recursive: true });
  for (const shot of SHOTS) {
    await page.setViewportSize({ width: shot.width, height: shot.height });
    await page.evaluate(() => window.scrollTo(0, 0));
    if (shot.scrollTo) {
      // Playwright pierces the shadow roots; keep the training results above the card in view.
      const box = await page.locator(shot.scrollTo).boundingBox();
      if (box) await page.evaluate((y) => window.scrollTo(0, y), box.y - 300);
    }
    // Let the charts redraw at the new width (uPlot follows a ResizeObserver).
    await page.waitForTimeout(500);
    const png = await page.screenshot();
    await writeFile(shot.file, png);
    console.log(`${shot.file}: ${shot.width}×${shot.height}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
  await server.close();
}
