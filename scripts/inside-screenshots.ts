/**
 * `npx vite build && npx tsx scripts/inside-screenshots.ts`: photographs "Inside the model" on a
 * drawn 1, read by the starter model (listing 4.1's convnet), with a conv2d_1 number followed,
 * on a desktop (1280 wide) and a phone (360 wide): docs/screenshots/inside-{desktop,phone}.png.
 */
import type { Page } from 'playwright-core';
import { draw, openApp, prediction } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { serveBuild } from '../test/e2e/support/server.ts';

/** Draws a 1, opens the view and follows one number of conv2d_1 (a tap in its third map). */
async function openInside(page: Page): Promise<void> {
  await openApp(page, baseUrl);
  await page.getByText(/Read by the starter model/).waitFor();
  await draw(page, [
    [
      [0.5, 0.15],
      [0.5, 0.85],
    ],
  ]);
  await prediction(page);
  await page.getByRole('button', { name: 'Inside the model' }).click();
  const canvas = page.locator('ms-layer-maps canvas[data-layer="conv2d_1"]');
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;
  // Map 3 of 8 in the first row, near its middle.
  await canvas.click({ position: { x: box.width * (2.5 / 8), y: box.height * 0.25 } });
  await page.locator('ms-follow-number').waitFor();
}

const { server, baseUrl } = await serveBuild();
const browser = await launchChromium();
try {
  for (const [name, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 360, 740],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: 'light' });
    await openInside(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `docs/screenshots/inside-${name}.png` });
    await page.close();
  }
  console.log('Wrote docs/screenshots/inside-{desktop,phone}.png');
} finally {
  await browser.close();
  await server.close();
}
