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
  // Map 3, half-way down its stroke: maps are 26 pixels and a gap wide, 8 (4 on a phone) a row.
  const columns = await canvas.evaluate((c) => ((c as HTMLCanvasElement).width + 1) / 27);
  const rows = Math.ceil(16 / columns);
  await canvas.click({
    position: { x: (box.width * 2.55) / columns, y: (box.height * 0.5) / rows },
  });
  await page.locator('ms-follow-number').waitFor();
  // The followed layer at the top of the dialog, its arithmetic below.
  await page
    .locator('ms-inside-view li[data-layer="conv2d_1"]')
    .evaluate((li) => li.scrollIntoView({ block: 'start' }));
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
