/**
 * Runs profile requests on the bench's profile page (bench/profile/) in headless Chromium: a
 * Vite dev server for that page, cross-origin isolated so WASM can use threads, one fresh page
 * per request (the WASM thread count is fixed when the backend starts).
 */
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createServer } from 'vite';
import { isolationHeaders } from '../../src/shared/isolation.ts';
import { freePort } from '../../test/e2e/support/server.ts';
import type { ProfileRequest, ProfileResult } from './protocol.ts';

/** Measures each request in turn and returns the results (a failed one throws). */
export async function runProfiles(
  browser: Browser,
  requests: ProfileRequest[],
  onResult: (result: ProfileResult) => void = () => {},
): Promise<ProfileResult[]> {
  const port = await freePort();
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port, strictPort: true, headers: isolationHeaders },
    worker: { format: 'es' },
  });
  await server.listen();
  const results: ProfileResult[] = [];
  try {
    for (const request of requests) {
      const page = await browser.newPage();
      try {
        const url = `http://127.0.0.1:${port}/?request=${encodeURIComponent(JSON.stringify(request))}`;
        await page.goto(url);
        const handle = await page.waitForFunction(() => window.profileResult, undefined, {
          timeout: 1_800_000,
          polling: 500,
        });
        const result = (await handle.jsonValue()) as ProfileResult | { error: string };
        if ('error' in result) throw new Error(`${JSON.stringify(request)}: ${result.error}`);
        results.push(result);
        onResult(result);
      } finally {
        await page.close();
      }
    }
  } finally {
    await server.close();
  }
  return results;
}
