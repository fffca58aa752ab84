/**
 * `npx tsx scripts/make-icons.ts`: renders the app's PNG icons from its SVG icons with headless
 * Chromium, into public/icons/ (committed; rerun after changing an SVG).
 *
 * - icon-192.png, icon-512.png (manifest, `purpose: any`): public/favicon.svg, the rounded
 *   square the tab shows, on a transparent background.
 * - icon-maskable-512.png (`purpose: maskable`): public/icon.svg, full bleed; its glyph lies
 *   within the central circle of 40% radius that every mask keeps (171 of 205 px from the centre).
 * - apple-touch-icon.png (180 px): public/icon.svg, opaque, as iOS rounds the corners itself.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/browser.ts';

/** One PNG to make: source SVG, output file, size in pixels. */
interface IconSpec {
  svg: string;
  out: string;
  size: number;
}

const ICONS: readonly IconSpec[] = [
  { svg: 'public/favicon.svg', out: 'public/icons/icon-192.png', size: 192 },
  { svg: 'public/favicon.svg', out: 'public/icons/icon-512.png', size: 512 },
  { svg: 'public/icon.svg', out: 'public/icons/icon-maskable-512.png', size: 512 },
  { svg: 'public/icon.svg', out: 'public/icons/apple-touch-icon.png', size: 180 },
];

/** Renders `svg` at `size` × `size` CSS pixels (device scale 1) and returns the PNG. */
async function renderSvg(page: Page, svg: string, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
      `<img src="${src}" width="${size}" height="${size}" alt="">`,
  );
  await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

const browser = await launchChromium();
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  await mkdir('public/icons', { recursive: true });
  for (const icon of ICONS) {
    const png = await renderSvg(page, await readFile(icon.svg, 'utf8'), icon.size);
    await writeFile(icon.out, png);
    console.log(`${icon.out}: ${icon.size}×${icon.size}, ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
