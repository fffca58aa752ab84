/** A fresh browser profile on the app, optionally with MNIST already downloaded. */
import type { Browser, Page } from 'playwright-core';
import { downloadMnist, openApp } from './app.ts';
import { launchChromium, logPageErrors } from './browser.ts';

/** A browser, one page in a new (empty) profile, and the errors the page reports. */
export interface Session {
  browser: Browser;
  page: Page;
  errors: string[];
}

/** Launches Chromium (with extra flags, if given), opens the app in a new context and, if asked, downloads MNIST. */
export async function startSession(
  baseUrl: string,
  withData: boolean,
  chromiumArgs: string[] = [],
): Promise<Session> {
  const browser = await launchChromium(chromiumArgs);
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  const errors = logPageErrors(page);
  await openApp(page, baseUrl);
  if (withData) await downloadMnist(page);
  return { browser, page, errors };
}
