/**
 * Debian's Chromium, launched the way this closed network needs: every browser the tests, the
 * benchmark and the scripts start comes from here (a test needing more flags passes them).
 */
import { launch as launchWithChromeLauncher, type LaunchedChrome } from 'chrome-launcher';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/** Flags without which Chromium stalls on background connections a closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The Chromium binary: `CHROMIUM_PATH`, or Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Starts headless Chromium, with extra flags if given. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * Starts headless Chromium on a profile kept in `userDataDir` (what persists between sessions,
 * such as IndexedDB, and what installability needs: not an incognito context).
 */
export function launchChromiumProfile(
  userDataDir: string,
  options: BrowserContextOptions = {},
  extraArgs: string[] = [],
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/**
 * Starts headless Chromium with a DevTools port for Lighthouse. Through chrome-launcher, as
 * Lighthouse expects: Playwright's own switches (no back/forward cache, among others) would
 * change what Lighthouse audits.
 */
export function launchChromiumForLighthouse(extraArgs: string[] = []): Promise<LaunchedChrome> {
  return launchWithChromeLauncher({
    chromePath: chromiumPath(),
    chromeFlags: [...CHROMIUM_ARGS, '--headless=new', ...extraArgs],
  });
}

/** Forwards the page's errors to the test log, so a failure says what the app said. */
export function logPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
