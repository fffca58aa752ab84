/**
 * `npm run screenshots` (after `vite build`): photographs the app for the README into
 * docs/screenshots/ (committed): `{phone,desktop}-{light,dark}-{en,zh-Hans}.png`, each the whole
 * page after a short training run and a digit read from the drawing pad, in the layouts that
 * test/e2e/screenshots.test.ts checks. Rerun after a visible change to the app; the tests never
 * rewrite these files.
 */
import { mkdirSync } from 'node:fs';
import { chooseLanguage } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import {
  LOCALES,
  SCHEMES,
  showLayout,
  showTrainedApp,
  SIZES,
} from '../test/e2e/support/layouts.ts';
import { serveBuild } from '../test/e2e/support/server.ts';

const OUT = 'docs/screenshots';

const { server, baseUrl } = await serveBuild();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await showTrainedApp(page, baseUrl);
  mkdirSync(OUT, { recursive: true });
  for (const locale of LOCALES) {
    await chooseLanguage(page, locale);
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        await showLayout(page, size, scheme);
        const path = `${OUT}/${size.name}-${scheme}-${locale}.png`;
        await page.screenshot({ path, fullPage: true });
        console.log(`Wrote ${path}`);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
