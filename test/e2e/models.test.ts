/**
 * Saved models as a person meets them: train a quick model, save it, find it again after a
 * reload and in a new browser session on the same profile, load it and get the same test
 * accuracy; export it and import the files back to the same results; rename and delete; and
 * clear refusals, with the saved list untouched, for files that are not an MNIST model.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  chooseLanguage,
  downloadMnist,
  fillTrainForm,
  openApp,
  readPercent,
  whole,
} from './support/app.ts';
import { launchChromiumProfile, logPageErrors } from './support/browser.ts';

const baseUrl = inject('baseUrl');
const profile = mkdtempSync(join(tmpdir(), 'mnist-studio-profile-'));
const files = mkdtempSync(join(tmpdir(), 'mnist-studio-files-'));
let context: BrowserContext;
let page: Page;
let errors: string[];
/** The test accuracy of the model trained here, as the page showed it. */
let accuracy: number;

/** Opens the app in a browser on the test's one profile (IndexedDB persists between them). */
async function openProfile(): Promise<void> {
  context = await launchChromiumProfile(profile, { acceptDownloads: true });
  page = context.pages()[0] ?? (await context.newPage());
  errors = logPageErrors(page);
  await openApp(page, baseUrl);
}

const panel = () => page.getByRole('region', { name: 'Models', exact: true });
const savedList = () => page.getByRole('list', { name: 'Saved models' });
/** The names of the saved models, top to bottom, as shown. */
const savedNames = async () =>
  savedList()
    .getByRole('listitem')
    .locator('.name > span:first-child')
    .allTextContents()
    .catch(() => []);
const inUse = () => panel().getByRole('status').first();
const evaluateButton = () => page.getByRole('button', { name: 'Evaluate', exact: true });

/** Clicks Evaluate and reads the test accuracy it shows. */
async function evaluate(): Promise<number> {
  await evaluateButton().click();
  const bar = page.getByRole('progressbar', { name: 'Evaluation progress' });
  await bar.waitFor();
  await bar.waitFor({ state: 'detached', timeout: 120_000 });
  return readPercent(page, 'Test accuracy');
}

/** Chooses `paths` in the Import file picker, as a person does. */
async function importFiles(paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await panel().getByRole('button', { name: 'Import…' }).click();
  await (await chooser).setFiles(paths);
}

/** Dismisses every message, so the next one can be read alone. */
async function dismissNotices(): Promise<void> {
  const buttons = page.getByRole('button', { name: 'Dismiss', exact: true });
  while ((await buttons.count()) > 0) await buttons.first().click();
}

beforeAll(async () => {
  await openProfile();
  await downloadMnist(page);
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('saving a model', () => {
  it('saves a freshly trained model under a name a person chooses', async () => {
    await expect(inUse().textContent()).resolves.toMatch(/No model in use yet/);
    await expect(panel().getByRole('button', { name: 'Save model' }).isDisabled()).resolves.toBe(
      true,
    );
    await fillTrainForm(page, { model: 'dense', epochs: 1, examples: 2_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    accuracy = await readPercent(page, 'Test accuracy');
    await expect
      .poll(() => inUse().textContent())
      .toMatch(/In use: dense · trained at .+ \(not saved\)/);

    await panel().getByRole('button', { name: 'Save model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the model in use' });
    const name = dialog.getByRole('textbox', { name: 'Name' });
    // The offered name says what it is: architecture, test accuracy, when.
    const offered = await name.inputValue();
    expect(offered).toMatch(/^dense · \d+\.\d\d% · \w{3} \d+, \d+:\d\d/);
    expect(offered).toContain(`${(accuracy * 100).toFixed(2)}%`);
    await name.fill('quick dense');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Saved “quick dense” in this browser.' })
      .waitFor();
    await expect.poll(() => inUse().textContent()).toMatch(/In use: quick dense \(saved\)/);
    expect(await savedNames()).toEqual(['quick dense']);
    const item = savedList().getByRole('listitem').first();
    const text = ((await item.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('In use');
    expect(text).toContain(`dense · ${(accuracy * 100).toFixed(2)}% test accuracy · 1 epoch`);
    expect(text).toMatch(/Saved \w{3} \d+, \d{4}/);
    await expect(panel().getByRole('button', { name: 'Save model' }).isDisabled()).resolves.toBe(
      true,
    );
  });

  it('keeps it after a reload, and in a new browser session on the same profile', async () => {
    await page.reload();
    await savedList().waitFor();
    expect(await savedNames()).toEqual(['quick dense']);
    await expect(inUse().textContent()).resolves.toMatch(/No model in use yet/);
    await expect(evaluateButton().isDisabled()).resolves.toBe(true);
    expect(errors).toEqual([]);

    await context.close();
    await openProfile();
    await savedList().waitFor();
    expect(await savedNames()).toEqual(['quick dense']);
    await expect(page.getByText(whole(String.raw`Test accuracy: [\d.]+%`)).count()).resolves.toBe(
      0,
    );
  });

  it('loads it: Evaluate gives the same test accuracy as right after training', async () => {
    await page.getByRole('button', { name: 'Load quick dense' }).click();
    await expect.poll(() => inUse().textContent()).toMatch(/In use: quick dense \(saved\)/);
    await expect(evaluateButton().isEnabled()).resolves.toBe(true);
    expect(await evaluate()).toBe(accuracy);
    expect(errors).toEqual([]);
  });
});

describe('export, import, rename, delete', () => {
  let exported: string[] = [];

  it('exports the model as model.json and its weights file', async () => {
    const downloads: Promise<string>[] = [];
    const both = new Promise<void>((resolve) => {
      page.on('download', (download) => {
        const path = join(files, download.suggestedFilename());
        downloads.push(download.saveAs(path).then(() => path));
        if (downloads.length === 2) resolve();
      });
    });
    await page.getByRole('button', { name: 'Export quick dense' }).click();
    await both;
    exported = await Promise.all(downloads);
    expect(exported.map((p) => p.slice(files.length + 1)).sort()).toEqual([
      'quick-dense.json',
      'quick-dense.weights.bin',
    ]);
    const json = JSON.parse(readFileSync(join(files, 'quick-dense.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['quick-dense.weights.bin']);
    // dense: 33,400 float32 parameters.
    expect(readFileSync(join(files, 'quick-dense.weights.bin')).length).toBe(33_400 * 4);
  });

  it('renames a saved model in place', async () => {
    await page.getByRole('button', { name: 'Rename quick dense' }).click();
    const field = page.getByRole('textbox', { name: 'New name for quick dense' });
    await expect(field.inputValue()).resolves.toBe('quick dense');
    await field.fill('first dense');
    await field.press('Enter');
    await expect.poll(savedNames).toEqual(['first dense']);
    await expect.poll(() => inUse().textContent()).toMatch(/In use: first dense \(saved\)/);
  });

  it('imports the exported files back: same name, and the same evaluation', async () => {
    await importFiles(exported);
    await page
      .getByRole('status')
      .filter({ hasText: 'Imported “quick dense”. Press Load to use it.' })
      .waitFor();
    expect(await savedNames()).toEqual(['quick dense', 'first dense']);
    const item = savedList().getByRole('listitem').first();
    const text = ((await item.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('imported');
    expect(text).toContain(`dense · ${(accuracy * 100).toFixed(2)}% test accuracy · 1 epoch`);

    // Loading another model clears the results shown for the previous one.
    expect(await readPercent(page, 'Test accuracy')).toBe(accuracy);
    await page.getByRole('button', { name: 'Load quick dense' }).click();
    await expect.poll(() => inUse().textContent()).toMatch(/In use: quick dense \(saved\)/);
    await expect(page.getByText(whole(String.raw`Test accuracy: [\d.]+%`)).count()).resolves.toBe(
      0,
    );
    expect(await evaluate()).toBe(accuracy);
    const matrix = page.getByRole('table', { name: /Rows are the true digits/ });
    await expect.poll(() => matrix.getByRole('row').count()).toBe(11);
  });

  it('deletes a saved model, after asking, leaving nothing of it in storage', async () => {
    await page.getByRole('button', { name: 'Delete first dense' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “first dense” from this browser?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await savedNames()).toEqual(['quick dense', 'first dense']);

    await page.getByRole('button', { name: 'Delete first dense' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(savedNames).toEqual(['quick dense']);
    expect(await tfjsModelKeys()).toHaveLength(1);
  });

  it('deleting the model in use keeps it in use, unsaved, and it can be saved again', async () => {
    await page.getByRole('button', { name: 'Delete quick dense' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “quick dense” from this browser?' })
      .getByRole('button', { name: 'Yes, delete' })
      .click();
    await savedList().waitFor({ state: 'detached' });
    await panel().getByText('No saved models yet.', { exact: false }).waitFor();
    expect(await tfjsModelKeys()).toEqual([]);
    await expect
      .poll(() => inUse().textContent())
      .toMatch(/In use: quick dense \(deleted from the saved list\)/);
    expect(await evaluate()).toBe(accuracy);

    await panel().getByRole('button', { name: 'Save model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the model in use' });
    await expect(dialog.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe(
      'quick dense',
    );
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(savedNames).toEqual(['quick dense']);
    expect(errors).toEqual([]);
  });
});

describe('importing what is not an MNIST model', () => {
  /** Writes `bytes` to a file named `name` in the test's folder and returns its path. */
  const file = (name: string, bytes: string | Uint8Array) => {
    const path = join(files, 'bad', name);
    writeFileSync(path, bytes);
    return path;
  };

  beforeAll(() => {
    mkdirSync(join(files, 'bad'), { recursive: true });
  });

  /** Imports `paths` and returns the error message shown; the saved list must not change. */
  async function refusal(paths: string[]): Promise<string> {
    await dismissNotices();
    const before = await savedNames();
    await importFiles(paths);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = ((await alert.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(await savedNames()).toEqual(before);
    expect(await tfjsModelKeys()).toHaveLength(before.length);
    return text;
  }

  it('refuses each with a clear message and keeps the saved list as it was', async () => {
    const json = readFileSync(join(files, 'quick-dense.json'), 'utf8');
    const bin = readFileSync(join(files, 'quick-dense.weights.bin'));

    expect(
      await refusal([
        file('quick-dense.json', json.slice(0, 200)),
        file('quick-dense.weights.bin', bin),
      ]),
    ).toBe(
      'Error: This model cannot be imported. quick-dense.json is not valid JSON: it is damaged, ' +
        'or it is not a model.json. ×',
    );

    expect(
      await refusal([
        file('quick-dense.json', json),
        file('quick-dense.weights.bin', bin.subarray(0, bin.length - 40)),
      ]),
    ).toContain(
      'This model cannot be imported. The weights file quick-dense.weights.bin has 133,560 ' +
        'bytes, but quick-dense.json describes 133,600 bytes of weights: it does not belong to ' +
        'this model.json, or it is damaged.',
    );

    // A Keras-style dense model that reads 784 flat pixels instead of 28 × 28 images.
    const flat = {
      format: 'layers-model',
      generatedBy: 'keras v2.12.0',
      convertedBy: 'TensorFlow.js Converter v4.6.0',
      modelTopology: {
        keras_version: '2.12.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              {
                class_name: 'InputLayer',
                config: { batch_input_shape: [null, 784], dtype: 'float32', name: 'dense_input' },
              },
              {
                class_name: 'Dense',
                config: { name: 'dense', units: 10, activation: 'softmax', use_bias: true },
              },
            ],
          },
        },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'dense/kernel', shape: [784, 10], dtype: 'float32' },
            { name: 'dense/bias', shape: [10], dtype: 'float32' },
          ],
        },
      ],
    };
    expect(
      await refusal([
        file('model.json', JSON.stringify(flat)),
        file('group1-shard1of1.bin', new Uint8Array(7_850 * 4)),
      ]),
    ).toContain(
      'This model cannot be imported. The model takes input of shape [null, 784], but MNIST ' +
        'Studio gives it 28 × 28 grayscale images, shape [null, 28, 28, 1].',
    );

    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 28, height: 28 } });
    expect(await refusal([file('digit.png', png)])).toContain(
      'This model cannot be imported. There is no model.json among the chosen files (digit.png).',
    );
    expect(await refusal([file('notes.json', 'These are my notes, not JSON.')])).toContain(
      'This model cannot be imported. notes.json is not valid JSON',
    );
    expect(await refusal([file('package.json', '{"name": "not-a-model"}')])).toContain(
      'package.json has no modelTopology, so it is not a TensorFlow.js layers model.',
    );
    expect(errors.filter((e) => !e.startsWith('console:'))).toEqual([]);
  });

  it('says why in the page’s language, with no English left in it', async () => {
    await chooseLanguage(page, 'zh-Hans');
    try {
      const cases: [string[], RegExp][] = [
        [[file('notes.json', 'These are my notes, not JSON.')], /notes\.json/],
        [[file('package.json', '{"name": "not-a-model"}')], /package\.json/],
        [[file('digit.txt', 'not a model')], /digit\.txt/],
      ];
      for (const [paths, fileName] of cases) {
        await page
          .getByRole('button', { name: '关闭', exact: true })
          .first()
          .click()
          .catch(() => {});
        const [chooser] = await Promise.all([
          page.waitForEvent('filechooser'),
          page.getByRole('button', { name: '导入…', exact: true }).click(),
        ]);
        await chooser.setFiles(paths);
        const alert = page.getByRole('alert').filter({ hasText: fileName });
        await alert.waitFor();
        const text = ((await alert.textContent()) ?? '').replace(fileName, ' ');
        expect(text).toMatch(/\p{Script=Han}/u);
        // File names aside (and the names of formats), not a word of English.
        const words = text.replace(
          /model\.json|\.json|\.bin|JSON|TensorFlow\.js|modelTopology|tensorflowjs_converter/g,
          ' ',
        );
        expect(words.match(/[A-Za-z]{3,}/g) ?? [], text).toEqual([]);
      }
    } finally {
      await dismissNotices().catch(() => {});
      await chooseLanguage(page, 'en');
    }
  });

  it('imports files dropped on the Models card', async () => {
    await dismissNotices();
    const before = await savedNames();
    /** Drops `named` files on the card, as a drag from the file manager does. */
    const drop = async (named: { name: string; base64: string }[]) => {
      const dataTransfer = await page.evaluateHandle((list) => {
        const transfer = new DataTransfer();
        for (const { name, base64 } of list) {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          transfer.items.add(new File([bytes], name));
        }
        return transfer;
      }, named);
      await panel().dispatchEvent('drop', { dataTransfer });
    };
    const read = (name: string) => ({
      name,
      base64: readFileSync(join(files, name)).toString('base64'),
    });
    await drop([{ name: 'digit.txt', base64: btoa('not a model') }]);
    await page
      .getByRole('alert')
      .filter({ hasText: 'There is no model.json among the chosen files (digit.txt).' })
      .waitFor();
    await drop([read('quick-dense.json'), read('quick-dense.weights.bin')]);
    await page.getByRole('status').filter({ hasText: 'Imported “quick dense”.' }).waitFor();
    expect(await savedNames()).toEqual(['quick dense', ...before]);
  });
});

/** The keys of the models in TF.js' own IndexedDB database, read from the page. */
function tfjsModelKeys(): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('tensorflowjs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('models_store')) {
            db.close();
            resolve([]);
            return;
          }
          const request = db.transaction('models_store').objectStore('models_store').getAllKeys();
          request.onsuccess = () => {
            db.close();
            resolve(request.result.map(String));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
