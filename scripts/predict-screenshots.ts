/**
 * `npx vite build && npx tsx scripts/predict-screenshots.ts`: photographs the "Read a digit"
 * card in each input mode for the README (docs/screenshots/predict-*.png): a digit drawn with
 * the mouse, an uploaded photo of a handwritten digit, and Chromium's fake camera showing one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draw, openApp, prediction } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import {
  encodePng,
  encodeY4m,
  mnistTestImage,
  paperWithDigit,
} from '../test/e2e/support/images.ts';
import { serveBuild } from '../test/e2e/support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'ms-shots-'));
const clip = join(dir, 'four.y4m');
const four = mnistTestImage(4); // a 4
writeFileSync(
  clip,
  encodeY4m(640, 480, paperWithDigit(four.pixels, 640, 480, { scale: 8, x: 212, y: 126 })),
);
const photo = join(dir, 'photo-of-a-two.png');
const two = mnistTestImage(1);
writeFileSync(
  photo,
  encodePng(480, 360, paperWithDigit(two.pixels, 480, 360, { scale: 7, x: 230, y: 60 })),
);

const { server, baseUrl } = await serveBuild();
const browser = await launchChromium([
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  `--use-file-for-fake-video-capture=${clip}`,
]);
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
  });
  await openApp(page, baseUrl);
  const card = page.locator('ms-predict-panel');
  await draw(page, [
    [
      [0.3, 0.22],
      [0.72, 0.22],
      [0.45, 0.82],
    ],
    [
      [0.36, 0.52],
      [0.62, 0.52],
    ],
  ]);
  await prediction(page);
  await card.screenshot({ path: 'docs/screenshots/predict-draw.png' });

  await page.getByRole('tab', { name: 'Image' }).click();
  await page.getByLabel('Upload image').setInputFiles(photo);
  await prediction(page);
  await card.screenshot({ path: 'docs/screenshots/predict-image.png' });

  await page.getByRole('tab', { name: 'Camera' }).click();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await prediction(page);
  await page.waitForTimeout(1_500); // let the reading rate settle
  await card.screenshot({ path: 'docs/screenshots/predict-camera.png' });
  console.log('Wrote docs/screenshots/predict-{draw,image,camera}.png');
} finally {
  await browser.close();
  await server.close();
}
