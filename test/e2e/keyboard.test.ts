/**
 * The whole app by keyboard alone, as a person without a mouse uses it: Tab to Download MNIST,
 * set up a short run (dense, one epoch, 10,000 examples) in the form, Train, then read a digit
 * through the Image tab: the file input opens the system's file chooser with Space, where the
 * person picks a photo of a handwritten digit; then write one on the drawing pad with the arrow
 * keys and Space. Only `page.keyboard` acts on the page (the file chooser is the operating
 * system's dialog, answered with `setFiles`). Every control that takes the focus on the way
 * shows a focus ring and is scrolled into view.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { focusedControl, type FocusedControl } from './support/a11y.ts';
import { readPercent, waitForBackend, whole } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { encodePng, mnistTestImage, paperWithDigit } from './support/images.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];
/** Every control the focus reached, for the focus-ring check. */
const visited: FocusedControl[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  errors = logPageErrors(page);
  await page.goto(baseUrl);
  await waitForBackend(page);
});

afterAll(async () => {
  await browser?.close();
});

/** Presses Tab (or Shift+Tab) until the focused control's name matches; at most `max` times. */
async function tabTo(name: RegExp, { back = false, max = 80 } = {}): Promise<FocusedControl> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await focusedControl(page);
    if (!focused) continue;
    visited.push(focused);
    if (name.test(focused.name)) return focused;
  }
  throw new Error(`No control named ${name} within ${max} presses of Tab.`);
}

/** Replaces the text of the focused field with `text`, by keyboard. */
async function typeInto(text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

describe('keyboard only', () => {
  it('downloads MNIST', async () => {
    await tabTo(/^Download MNIST$/);
    await page.keyboard.press('Enter');
    await page
      .getByText(whole(String.raw`Stored in this browser · [\d.]+ MB`))
      .waitFor({ timeout: 120_000 });
  });

  it('sets up one short epoch of the dense model and trains it', async () => {
    const model = await tabTo(/^Model$/);
    expect(model.tag).toBe('select');
    // Typing selects the option that starts with it, as in any select.
    await page.keyboard.type('dense');
    await tabTo(/^Epochs$/);
    await typeInto('1');
    await tabTo(/^Use 10,000 examples$/);
    await page.keyboard.press('Enter');
    // A seed: the run, and so the model the pad's 1 is read with below, is the same every time
    // (unseeded, a rare run read the keyboard-drawn 1 as unsure and the answer never settled).
    await tabTo(/^Advanced settings$/);
    await page.keyboard.press('Enter');
    await tabTo(/^Seed$/);
    await typeInto('1');
    await tabTo(/^Train$/);
    await page.keyboard.press('Enter');
    const accuracy = await readPercent(page, 'Test accuracy', 300_000);
    // 27 steps at the default batch of 320 are few (one run here read 79.9%); well above
    // chance (10%) is what says the run learned.
    expect(accuracy).toBeGreaterThan(0.7);
    const run = page
      .getByRole('table', { name: /Your runs/ })
      .getByRole('row')
      .nth(1);
    const text = ((await run.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toMatch(/dense/);
    expect(text).toMatch(/1 of 1/);
    expect(text).toMatch(/10,000/);
  });

  it('reads a digit from a photo chosen with the keyboard', async () => {
    const { pixels, label } = mnistTestImage(1);
    const png = join(mkdtempSync(join(tmpdir(), 'ms-keys-')), `digit-${label}.png`);
    writeFileSync(
      png,
      encodePng(240, 200, paperWithDigit(pixels, 240, 200, { scale: 5, x: 60, y: 30 })),
    );
    // Playwright answers the file chooser once it intercepts it: start that well before Space.
    const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
    // The tab list is one stop; the arrow keys move between its tabs.
    await tabTo(/^Draw$/, { max: 120 });
    await page.keyboard.press('ArrowRight');
    expect((await focusedControl(page))?.name).toBe('Image');
    await tabTo(/^Upload image$/);
    await page.keyboard.press('Space');
    await (await chooser).setFiles(png);
    // The answer is announced: it is in a polite live region. (The model this suite trains is
    // a short run: it may be unsure, "Prediction: 2 or 3?".)
    const answer = page
      .getByRole('status')
      .filter({ hasText: /^\s*Prediction: \d( or \d\?)?\s*$/ });
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.getAttribute('aria-live')).toBe('polite');
  });

  it('writes a digit on the drawing pad with the arrow keys and Space', async () => {
    await tabTo(/^Image$/, { back: true });
    await page.keyboard.press('ArrowLeft');
    await tabTo(/^Drawing pad$/);
    // A 1: from the top of the pad straight down.
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    // Read as a 1, its first answer (a short run may be unsure: "Prediction: 1 or 7?").
    const answer = page
      .getByRole('status')
      .filter({ hasText: /^\s*Prediction: \d( or \d\?)?\s*$/ });
    await answer.waitFor({ timeout: 60_000 });
    expect(((await answer.textContent()) ?? '').trim()).toMatch(/^Prediction: 1( or \d\?)?$/);
  });

  it('showed a focus ring on every control it reached, on screen', () => {
    expect(visited.length).toBeGreaterThan(10);
    const unseen = visited.filter((control) => !control.ring || !control.onScreen);
    expect(unseen).toEqual([]);
    expect(errors).toEqual([]);
  });
});
