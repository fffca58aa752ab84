/**
 * MNIST Studio is installable: Chromium's own installability check passes, the web app manifest
 * parses without errors and describes the app (relative URLs, icons and screenshots whose files
 * have the sizes it claims), and the header offers Install while the browser does.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { launchProfile, openControlledApp, type Profile } from './support/pwa.ts';

const baseUrl = inject('baseUrl');
let profile: Profile;
let page: Page;
let cdp: CDPSession;

beforeAll(async () => {
  // Chromium never offers to install from an incognito profile (Playwright's usual contexts).
  profile = await launchProfile();
  page = profile.page;
  await openControlledApp(page, baseUrl);
  cdp = await profile.context.newCDPSession(page);
});

afterAll(async () => {
  await profile?.close();
});

/** A manifest icon or screenshot. */
interface ManifestImage {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
  form_factor?: string;
}

/** Loads an image of the app and returns its real size as "WxH". */
function imageSize(target: Page, url: string): Promise<string> {
  return target.evaluate(async (src) => {
    const image = new Image();
    image.src = src;
    await image.decode();
    return `${image.naturalWidth}x${image.naturalHeight}`;
  }, url);
}

describe('installability', () => {
  it("passes Chromium's installability check, with the manifest parsed without errors", async () => {
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(new URL('manifest.webmanifest', baseUrl).href);
    expect(manifest.errors).toEqual([]);
    const { appId } = await cdp.send('Page.getAppId');
    expect(appId).toBe(baseUrl);
  });

  it('describes the app with relative URLs, and its icons and screenshots are the sizes it says', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestUrl = new URL(href ?? '', baseUrl).href;
    const manifest = (await (await page.request.get(manifestUrl)).json()) as Record<
      string,
      unknown
    > & { icons: ManifestImage[]; screenshots: ManifestImage[] };
    expect(manifest).toMatchObject({
      name: 'MNIST Studio',
      display: 'standalone',
      start_url: './',
      scope: './',
      id: '/',
      theme_color: '#4f46e5',
      background_color: '#f4f5f9',
    });
    expect(manifest.short_name).toBeTypeOf('string');
    expect(manifest.description).toBeTypeOf('string');
    expect(manifest.categories).toContain('education');

    const icons = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
    expect(icons).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    const factors = manifest.screenshots.map((s) => s.form_factor);
    expect(factors.sort()).toEqual(['narrow', 'wide']);
    for (const image of [...manifest.icons, ...manifest.screenshots]) {
      const url = new URL(image.src, manifestUrl).href;
      expect(image.type).toBe('image/png');
      expect(await imageSize(page, url), image.src).toBe(image.sizes);
    }
    const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect(await imageSize(page, new URL(appleIcon ?? '', baseUrl).href)).toBe('180x180');
  });

  it('offers Install in the header while the browser offers installation, and not after', async () => {
    const install = page.getByRole('button', { name: 'Install MNIST Studio as an app' });
    // Chromium fires `beforeinstallprompt` once the app is installable; the app keeps it.
    await install.waitFor({ timeout: 30_000 });
    await expect(install.textContent()).resolves.toMatch(/Install/);
    // Installed (from the browser's menu, say): the button goes away.
    await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
    await install.waitFor({ state: 'detached' });
  });
});
