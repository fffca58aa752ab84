/**
 * My digits, page side, in the built app with the real worker: readings kept with "That's
 * right" or "It's a …" (said with the count), Practice, Learn my handwriting refused with its
 * reason under the fewest digits and then run to its before → after table (recorded in the
 * history), relabel and delete confirmed in the collection, and the digits still there after a
 * reload. The digits are written in the deliberately different hand of scripts/lib/other-hand.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { MIN_PERSONAL_DIGITS } from '../../src/shared/personal.ts';
import { otherHandStrokes } from '../../scripts/lib/other-hand.ts';
import { downloadMnist, openApp, runRows } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { drawOn, keptTotal, learnedRows, settledText } from './support/my-digits.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];
let reader: Locator;
let card: Locator;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
  reader = page.locator('ms-predict-panel');
  card = page.locator('ms-my-digits');
});

afterAll(async () => {
  await browser?.close();
});

describe('My digits', () => {
  it('refuses to learn before there are enough digits and MNIST, and says why', async () => {
    await card.getByRole('tab', { name: 'Learn' }).click();
    const start = card.getByRole('button', { name: 'Start learning' });
    expect(await start.isDisabled()).toBe(true);
    await card
      .getByText(`Keep at least ${MIN_PERSONAL_DIGITS} digits first (you have 0).`)
      .waitFor();
    await downloadMnist(page);
  });

  it('keeps readings as the digit they are, right or corrected, and says how many', async () => {
    const pad = reader.getByRole('application', { name: 'Drawing pad' });
    let corrected = 0;
    for (let i = 0; i < 12; i++) {
      const digit = i % 10;
      await drawOn(page, pad, otherHandStrokes(digit, 500 + i));
      const question = await settledText(page, reader.getByText(/^\s*Is it a \d\?\s*$/));
      if (question === `Is it a ${digit}?`) {
        await reader.getByRole('button', { name: 'That’s right' }).click();
      } else {
        corrected++;
        await reader.getByRole('button', { name: `It’s a ${digit}`, exact: true }).click();
      }
      const said = i < 10 ? `your first ${digit}.` : `you have 2 ${digit}s.`;
      await reader
        .getByRole('status')
        .filter({ hasText: `Kept as a ${digit}` })
        .waitFor();
      expect(
        await reader.getByRole('status').filter({ hasText: 'Kept as' }).textContent(),
      ).toContain(said);
      await reader.getByRole('button', { name: 'Clear', exact: true }).click();
    }
    console.log(`kept 12 digits of the other hand; ${corrected} corrected`);
    expect(await keptTotal(card)).toBe(12);
  });

  it('practises the digit with fewest examples and keeps it', async () => {
    await card.getByRole('tab', { name: 'Practice' }).click();
    await card.getByText('Write a 2', { exact: true }).waitFor();
    const pad = card.getByRole('application', { name: 'Practice pad: write the digit asked for' });
    await drawOn(page, pad, otherHandStrokes(2, 900));
    await card.getByText(/The model reads it as \d\./).waitFor();
    await card.getByRole('button', { name: 'Keep as a 2' }).click();
    await card.getByText('Write a 3', { exact: true }).waitFor();
    expect(await keptTotal(card)).toBe(13);
  });

  it('relabels and deletes in the collection only once confirmed', async () => {
    await card.getByRole('tab', { name: 'Manage' }).click();
    const twos = card.getByRole('region', { name: 'Your 2s' }).getByRole('button');
    await twos.first().waitFor();
    expect(await twos.count()).toBe(2);
    await twos.first().click();
    const dialog = card.getByRole('dialog', { name: 'This 2' });
    await dialog.getByRole('button', { name: 'Relabel as 5' }).click();
    await dialog.getByRole('button', { name: 'Change 2 to 5' }).click();
    await card.getByText('Relabelled: it is a 5 now.').waitFor();
    await card.getByRole('heading', { name: '5 · 2' }).waitFor();
    expect(await twos.count()).toBe(1);

    await twos.first().click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await card.getByText('Deleted.', { exact: true }).waitFor();
    await card.getByText('No 2s yet.').waitFor();
    expect(await keptTotal(card)).toBe(12);
  });

  it('learns the handwriting and shows before → after; the new run is in the history', async () => {
    const runsBefore = await runRows(page).count();
    await card.getByRole('tab', { name: 'Learn' }).click();
    await card.getByLabel('Epochs').fill('2');
    await card.getByRole('button', { name: 'Start learning' }).click();
    const rows = await learnedRows(card);
    console.log('before → after:', rows);
    expect(rows[0]).toMatch(/^Your held-out digits \(\d+\) [\d.]+% [\d.]+% [+-]?\d+\.\d$/);
    expect(rows[1]).toMatch(/^MNIST test images \(10,000\) [\d.]+% [\d.]+% [+-]?\d+\.\d$/);
    await card.getByText('The new model is in use now. Save it under Models to keep it.').waitFor();
    await expect.poll(() => runRows(page).count()).toBe(runsBefore + 1);
  });

  it('still has the digits after a reload, and the page made no errors', async () => {
    await page.reload();
    await card.getByText('12 digits, taking', { exact: false }).waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
  });
});
