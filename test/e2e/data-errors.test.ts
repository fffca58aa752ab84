/**
 * A bad MNIST download never leaves half a dataset behind: a truncated or corrupted file (served
 * by the test) is rejected with a clear message and a retry, and IndexedDB stays empty until a
 * good download completes.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSession, type Session } from './support/session.ts';

const baseUrl = inject('baseUrl');
let session: Session;

beforeAll(async () => {
  session = await startSession(baseUrl, false);
});

afterAll(async () => {
  await session?.browser.close();
});

/** Counts the records of our database's MNIST stores, as the page's IndexedDB holds them. */
function storedRecords(page: Page): Promise<{ files: number; meta: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('mnist-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('mnist')) {
            db.close();
            resolve({ files: 0, meta: 0 });
            return;
          }
          const tx = db.transaction(['mnist', 'meta'], 'readonly');
          const files = tx.objectStore('mnist').count();
          const meta = tx.objectStore('meta').count();
          tx.oncomplete = () => {
            db.close();
            resolve({ files: files.result, meta: meta.result });
          };
        };
      }),
  );
}

/** Serves `body` instead of one MNIST file until the returned function is called. */
async function serveInstead(page: Page, file: string, body: Buffer | string, status = 200) {
  const pattern = `**/data/mnist/${file}`;
  await page.route(pattern, (route) =>
    route.fulfill({ status, body, contentType: 'application/gzip' }),
  );
  return () => page.unroute(pattern);
}

/** Presses Download MNIST (or Retry download) and waits for the error the data panel shows. */
async function downloadExpectingError(page: Page, label: string): Promise<string> {
  await page.getByRole('button', { name: label }).click();
  const error = page.getByRole('region', { name: 'Data' }).getByRole('alert');
  await error.waitFor({ timeout: 60_000 });
  return ((await error.textContent()) ?? '').replace(/\s+/g, ' ');
}

const gz = (name: string) => readFileSync(`dist/data/mnist/${name}`);

describe('a bad MNIST download', () => {
  it('rejects a truncated file clearly, stores nothing, and succeeds on retry', async () => {
    const { page } = session;
    const restore = await serveInstead(
      page,
      'train-images-idx3-ubyte.gz',
      gz('train-images-idx3-ubyte.gz').subarray(0, 200_000),
    );
    const message = await downloadExpectingError(page, 'Download MNIST');
    expect(message).toMatch(/train-images-idx3-ubyte/);
    expect(message).toMatch(/truncated|cut short|incomplete/i);
    expect(message).toMatch(/Nothing was stored/);
    expect(await storedRecords(page)).toEqual({ files: 0, meta: 0 });
    await page.getByText('Not downloaded', { exact: true }).waitFor();

    await restore();
    await page.getByRole('button', { name: 'Retry download' }).click();
    await page.getByText(/Stored in this browser · 54\.9 MB/).waitFor({ timeout: 120_000 });
    expect(await storedRecords(page)).toEqual({ files: 4, meta: 1 });
  });

  it('rejects a file whose content fails its checksum, and one the server refuses', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Delete data' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('Not downloaded', { exact: true }).waitFor();

    const labels = gunzipSync(gz('t10k-labels-idx1-ubyte.gz'));
    labels[5_000] = (labels[5_000] + 1) % 10; // still a digit: only the CRC-32 can tell
    const restoreLabels = await serveInstead(page, 't10k-labels-idx1-ubyte.gz', gzipSync(labels));
    const corrupt = await downloadExpectingError(page, 'Download MNIST');
    expect(corrupt).toMatch(/t10k-labels-idx1-ubyte/);
    expect(corrupt).toMatch(/checksum/i);
    expect(await storedRecords(page)).toEqual({ files: 0, meta: 0 });
    await restoreLabels();

    const restoreServer = await serveInstead(page, 't10k-images-idx3-ubyte.gz', 'gone', 404);
    const refused = await downloadExpectingError(page, 'Retry download');
    expect(refused).toMatch(/t10k-images-idx3-ubyte/);
    expect(refused).toMatch(/404/);
    expect(await storedRecords(page)).toEqual({ files: 0, meta: 0 });
    await restoreServer();

    await page.getByRole('button', { name: 'Retry download' }).click();
    await page.getByText(/Stored in this browser · 54\.9 MB/).waitFor({ timeout: 120_000 });
  });
});
