/**
 * Keras models as people convert them today, imported through the Models card: the listing 4.1
 * convnet trained in Keras (98.82% test accuracy there) and converted by the real
 * `tensorflowjs_converter` 4.22 from a Keras 2 `.h5` and from a Keras 3 `.h5`
 * (test/fixtures/keras, chosen byte for byte as a person would). Both import, say where they
 * came from, evaluate to 98.82% on the 10,000 test images in the page, and the saved list then
 * shows that accuracy, also after a reload.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { downloadMnist, openApp, readPercent, whole } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let errors: string[];

const fixture = (folder: string) =>
  ['model.json', 'group1-shard1of1.bin'].map((name) =>
    fileURLToPath(new URL(`../fixtures/keras/${folder}/${name}`, import.meta.url)),
  );

const panel = () => page.getByRole('region', { name: 'Models', exact: true });
const savedList = () => page.getByRole('list', { name: 'Saved models' });
const inUse = () => panel().getByRole('status').first();
/** A saved model's list item, by its name, as one line of text. */
const itemText = async (name: string) => {
  const item = savedList()
    .getByRole('listitem')
    .filter({ has: page.locator('.name > span:first-child', { hasText: whole(name) }) });
  return ((await item.textContent()) ?? '').replace(/\s+/g, ' ');
};

/** Chooses `paths` in the Import file picker and waits for the import to be announced. */
async function importFiles(paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await panel().getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(paths);
  await page
    .getByRole('status')
    .filter({ hasText: 'Imported “model”. Press Load to use it.' })
    .waitFor({ timeout: 60_000 });
}

/** Clicks Evaluate and reads the test accuracy the page shows. */
async function evaluate(): Promise<number> {
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const bar = page.getByRole('progressbar', { name: 'Evaluation progress' });
  await bar.waitFor();
  await bar.waitFor({ state: 'detached', timeout: 300_000 });
  return readPercent(page, 'Test accuracy');
}

/** Renames saved model `from` to `to` in the list. */
async function rename(from: string, to: string): Promise<void> {
  await page.getByRole('button', { name: `Rename ${from}` }).click();
  const field = page.getByRole('textbox', { name: `New name for ${from}` });
  await field.fill(to);
  await field.press('Enter');
  await savedList().getByText(to, { exact: true }).waitFor();
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
  await downloadMnist(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('importing converted Keras models', () => {
  it.each([
    ['keras3-h5-conv', 'Keras 3 (converted)', 'Keras 3 convnet'],
    ['tf-keras-conv', 'Keras / TF.js', 'Keras 2 convnet'],
  ])('%s imports as from %s and evaluates to 98.82%%', async (folder, origin, name) => {
    await importFiles(fixture(folder));
    const imported = await itemText('model');
    expect(imported).toContain('imported');
    expect(imported).toContain(origin);
    // What the files say: the book's convnet, but no test accuracy yet.
    expect(imported).toContain('conv');
    expect(imported).not.toMatch(/test accuracy/);
    await rename('model', name);

    await page.getByRole('button', { name: `Load ${name}` }).click();
    await expect.poll(() => inUse().textContent()).toContain(`In use: ${name} (saved)`);
    // Keras measured 98.82% on the same 10,000 test images.
    expect(await evaluate()).toBe(0.9882);
    await expect.poll(() => itemText(name)).toContain('conv · 98.82% test accuracy');
    expect(await itemText(name)).toContain(origin);
  });

  it('keeps both, with their origin and accuracy, after a reload', async () => {
    await page.reload();
    await savedList().waitFor();
    for (const [name, origin] of [
      ['Keras 3 convnet', 'Keras 3 (converted)'],
      ['Keras 2 convnet', 'Keras / TF.js'],
    ]) {
      const text = await itemText(name);
      expect(text).toContain(origin);
      expect(text).toContain('conv · 98.82% test accuracy');
    }
    expect(errors).toEqual([]);
  });
});
