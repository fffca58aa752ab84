/**
 * Section 4.3 of the book, the app's way: a model trained by the Node CLI (`npm run train --
 * --out DIR`, a short seeded run here) is imported through the Models card, keeps the name and
 * test accuracy the CLI gave it, and evaluates in the page to the test accuracy the CLI printed
 * (within 0.01 point: the same weights on the same 10,000 images, WASM in Node and in Chromium).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { downloadMnist, openApp, readPercent } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const NAME = 'conv from Node';
let browser: Browser;
let page: Page;
let errors: string[];
let out: string;
let printed: number;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'node-cli-'));
  const summary = join(out, 'summary.json');
  const { stdout } = await promisify(execFile)(
    'npx',
    [
      'tsx',
      'scripts/train.ts',
      ...['--model', 'conv', '--epochs', '1', '--examples', '4000', '--seed', '3'],
      ...['--out', join(out, 'model'), '--name', NAME, '--json', summary],
    ],
    { timeout: 300_000 },
  );
  console.info(stdout);
  printed = Number(/seed 3: test ([\d.]+)%/.exec(stdout)?.[1]) / 100;
  const [run] = JSON.parse(readFileSync(summary, 'utf8')) as { testAccuracy: number }[];
  expect(Math.abs(run.testAccuracy - printed)).toBeLessThan(0.00005);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
  await downloadMnist(page);
}, 360_000);

afterAll(async () => {
  await browser?.close();
});

describe('a model trained by the Node CLI', () => {
  it('imports with its name and accuracy and evaluates to what the CLI printed', async () => {
    const files = readdirSync(join(out, 'model')).map((name) => join(out, 'model', name));
    expect(files.map((f) => f.split('.').slice(1).join('.')).sort()).toEqual([
      'json',
      'weights.bin',
    ]);
    const panel = page.getByRole('region', { name: 'Models', exact: true });
    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: 'Import…' }).click();
    await (await chooser).setFiles(files);
    await page
      .getByRole('status')
      .filter({ hasText: `Imported “${NAME}”. Press Load to use it.` })
      .waitFor({ timeout: 60_000 });
    const percent = (x: number) => `${(100 * x).toFixed(2)}% test accuracy`;
    const item = page
      .getByRole('list', { name: 'Saved models' })
      .getByRole('listitem')
      .filter({ hasText: NAME });
    await expect.poll(async () => item.textContent()).toContain(`conv · ${percent(printed)}`);
    expect(await item.textContent()).toContain('Node (npm run train)');

    await page.getByRole('button', { name: `Load ${NAME}` }).click();
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Evaluation progress' });
    await bar.waitFor();
    await bar.waitFor({ state: 'detached', timeout: 300_000 });
    const evaluated = await readPercent(page, 'Test accuracy');
    console.info(`CLI printed ${printed}, the page evaluated ${evaluated}`);
    expect(Math.abs(evaluated - printed)).toBeLessThanOrEqual(0.0001);
    expect(errors).toEqual([]);
  });
});
