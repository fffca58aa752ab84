/** Steps and probes for the installable, offline app: service worker, profiles, CSP violations. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { openApp } from './app.ts';
import { launchChromiumProfile } from './browser.ts';

/**
 * Opens the app, waits until its service worker is active, and reloads: from then on the
 * service worker controls the page. Returns the controlling worker's script URL.
 */
export async function openControlledApp(page: Page, baseUrl: string): Promise<string> {
  await openApp(page, baseUrl);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await openApp(page, baseUrl);
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
}

/** A Chromium with a real (on-disk) profile: installability needs one, not an incognito context. */
export interface Profile {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium with a new profile in a temporary folder, removed on `close()`. */
export async function launchProfile(): Promise<Profile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mnist-studio-profile-'));
  const context = await launchChromiumProfile(dir);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Records the page's Content Security Policy violations from its first script on (also after
 * reloads); read them with `readCspViolations`.
 */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
}

/** The violations recorded since the page's last load. */
export function readCspViolations(page: Page): Promise<string[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
  );
}

/** The URLs the service worker's precache holds, as paths relative to the app. */
export function precachedPaths(page: Page, baseUrl: string): Promise<string[]> {
  return page.evaluate(async (base) => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        paths.push(new URL(request.url).pathname.slice(new URL(base).pathname.length));
      }
    }
    return paths.sort();
  }, baseUrl);
}
