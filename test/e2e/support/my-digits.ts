/** Writing digits through the page's drawing pads, and reading the My digits card, for e2e tests. */
import type { Locator, Page } from 'playwright-core';

export { drawOn } from './app.ts';

/** The text of `locator` once it has stayed the same for 300 ms (each stroke is read anew). */
export async function settledText(page: Page, locator: Locator): Promise<string> {
  let last = '';
  for (;;) {
    await locator.waitFor();
    const now = (await locator.textContent()) ?? '';
    if (now === last) return now.trim();
    last = now;
    await page.waitForTimeout(300);
  }
}

/** How many digits the My digits card says are kept ("12 digits, taking …"). */
export async function keptTotal(card: Locator): Promise<number> {
  const line = card.getByText(/^\s*\d+ digits?, taking/);
  await line.waitFor({ timeout: 30_000 });
  return Number(/(\d+)/.exec((await line.textContent()) ?? '')?.[1]);
}

/** The before → after table's rows as text, once learning has ended. */
export async function learnedRows(card: Locator, timeout = 300_000): Promise<string[]> {
  const table = card.getByRole('table', {
    name: 'Accuracy before and after learning your handwriting',
  });
  await table.waitFor({ timeout });
  return (await table.locator('tbody tr').allTextContents()).map((r) =>
    r.replace(/\s+/g, ' ').trim(),
  );
}
