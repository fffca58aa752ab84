/**
 * <ms-models-panel> in Chromium: each action sends its event with the right detail (Save with
 * the name typed, Load, Rename, Export, Delete only once confirmed, Import with the chosen or
 * dropped files), nothing is sent when the person cancels, and Save, Load and Import wait while
 * the worker is busy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { CurrentModelInfo, SavedModelInfo } from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-models-panel.ts';
import { focused, mount, sleep, until } from './support/mount.ts';

const AT = Date.UTC(2026, 10, 26, 11, 2);
const saved: SavedModelInfo[] = [
  {
    id: 2,
    name: 'conv run',
    architecture: 'conv',
    params: 56_714,
    source: 'trained',
    testAccuracy: 0.9887,
    epochs: 10,
    createdAt: AT,
    storageKey: 'indexeddb://mnist-studio-model-2',
  },
  {
    id: 1,
    name: 'keras import',
    architecture: 'custom',
    params: 1_000,
    source: 'imported',
    createdAt: AT - 86_400_000,
    storageKey: 'indexeddb://mnist-studio-model-1',
  },
];
/** A run just trained, not saved yet. */
const trained: CurrentModelInfo = {
  origin: 'trained',
  architecture: 'dense',
  name: 'dense',
  testAccuracy: 0.9568,
  createdAt: AT,
};

const EVENTS = [
  'ms-save-model',
  'ms-load-model',
  'ms-rename-model',
  'ms-delete-model',
  'ms-export-model',
  'ms-import-model',
] as const;

const listeners: ((event: Event) => void)[] = [];
afterEach(() => {
  for (const listener of listeners.splice(0)) {
    for (const type of EVENTS) document.removeEventListener(type, listener);
  }
});

/** The panel on the page, and every event it sends as the app (on `document`) hears it. */
async function panel(props: { current?: CurrentModelInfo; busy?: boolean } = {}) {
  const element = await mount('ms-models-panel', { saved, ...props });
  const events: { type: string; detail: unknown }[] = [];
  const listener = (event: Event) =>
    events.push({ type: event.type, detail: (event as CustomEvent).detail });
  for (const type of EVENTS) document.addEventListener(type, listener);
  listeners.push(listener);
  return { element, events };
}

const button = (name: string) => page.getByRole('button', { name, exact: true });

/** Drops files on the panel as a drag from the desktop would. */
function dropFiles(target: HTMLElement, files: File[]): void {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  target.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, cancelable: true }));
}

const modelFiles = () => [
  new File(['{"modelTopology":{}}'], 'model.json', { type: 'application/json' }),
  new File([new Uint8Array(8)], 'model.weights.bin'),
];

describe('<ms-models-panel>', () => {
  it('saves the model in use under the name typed, and not when cancelled', async () => {
    const p = await panel({ current: trained });
    await button('Save model').click();
    const dialog = page.getByRole('dialog', { name: 'Save the model in use' });
    await expect.element(dialog).toBeVisible();
    const name = dialog.getByLabelText('Name');
    await expect.element(name).toBeVisible();
    expect((name.element() as HTMLInputElement).value).toMatch(/^dense · 95\.68% · /);
    await button('Cancel').click();
    await expect.element(dialog).not.toBeInTheDocument();
    expect(p.events).toEqual([]);

    await button('Save model').click();
    await name.fill('  my dense  ');
    await button('Save').click();
    expect(p.events).toEqual([{ type: 'ms-save-model', detail: 'my dense' }]);
  });

  it('offers Save only for a model in use that is not saved', async () => {
    const p = await panel();
    await expect.element(button('Save model')).toBeDisabled();
    p.element.current = { ...trained, origin: 'saved', name: 'conv run', savedId: 2 };
    await expect.element(button('Save model')).toBeDisabled();
    await expect.element(button('Load conv run')).toBeDisabled(); // already in use
    p.element.current = trained;
    await expect.element(button('Save model')).toBeEnabled();
  });

  it('loads and exports the saved model asked for', async () => {
    const p = await panel({ current: trained });
    await button('Load keras import').click();
    await button('Export conv run').click();
    expect(p.events).toEqual([
      { type: 'ms-load-model', detail: 1 },
      { type: 'ms-export-model', detail: 2 },
    ]);
  });

  it('renames with Enter, and sends nothing for Escape or an unchanged name', async () => {
    const p = await panel();
    await button('Rename conv run').click();
    const input = page.getByLabelText('New name for conv run');
    await until(() => focused() === input.element(), 'focus in the name field');
    await userEvent.keyboard('{Escape}');
    await expect.element(input).not.toBeInTheDocument();
    await until(() => focused() === button('Rename conv run').element(), 'focus back on Rename');

    await button('Rename conv run').click();
    await userEvent.keyboard('{Enter}'); // the same name
    await expect.element(input).not.toBeInTheDocument();
    expect(p.events).toEqual([]);

    await button('Rename conv run').click();
    await input.fill('best conv');
    await userEvent.keyboard('{Enter}');
    expect(p.events).toEqual([{ type: 'ms-rename-model', detail: { id: 2, name: 'best conv' } }]);
    await until(() => focused() === button('Rename conv run').element(), 'focus back on Rename');
  });

  it('deletes only once the person confirms', async () => {
    const p = await panel();
    await button('Delete keras import').click();
    const dialog = page.getByRole('dialog', { name: 'Delete “keras import” from this browser?' });
    await expect.element(dialog).toBeVisible();
    await button('Cancel').click();
    await expect.element(dialog).not.toBeInTheDocument();
    expect(p.events).toEqual([]);

    await button('Delete keras import').click();
    await button('Yes, delete').click();
    expect(p.events).toEqual([{ type: 'ms-delete-model', detail: 1 }]);
  });

  it('imports the files chosen with the picker or dropped on the card', async () => {
    const p = await panel();
    const input = p.element.shadowRoot!.querySelector<HTMLInputElement>('#files')!;
    let pickerOpened = 0;
    input.click = () => pickerOpened++; // the browser's file chooser is not part of the test
    await button('Import…').click();
    expect(pickerOpened).toBe(1);
    await userEvent.upload(
      page.getByLabelText('Model files to import: model.json and its .bin file'),
      modelFiles(),
    );
    dropFiles(p.element, modelFiles());
    expect(p.events.map((e) => e.type)).toEqual(['ms-import-model', 'ms-import-model']);
    for (const { detail } of p.events) {
      expect((detail as File[]).map((f) => [f.name, f.size])).toEqual([
        ['model.json', 20],
        ['model.weights.bin', 8],
      ]);
    }
  });

  it('says where an imported model came from, and its test accuracy once measured', async () => {
    const keras3: SavedModelInfo = {
      ...saved[1],
      id: 3,
      name: 'from keras 3',
      architecture: 'conv',
      origin: 'keras3',
      testAccuracy: 0.9882,
    };
    const keras: SavedModelInfo = { ...saved[1], id: 4, name: 'from keras 2', origin: 'keras' };
    const studio: SavedModelInfo = { ...saved[1], id: 5, name: 'exported', origin: 'mnist-studio' };
    const element = await mount('ms-models-panel', { saved: [keras3, keras, studio, saved[0]] });
    const items = [...element.renderRoot.querySelectorAll('li')].map((li) =>
      (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(items[0]).toContain('from keras 3 imported Keras 3 (converted)');
    expect(items[0]).toContain('conv · 98.82% test accuracy');
    expect(items[1]).toContain('from keras 2 imported Keras / TF.js');
    expect(items[1]).not.toContain('test accuracy');
    // An MNIST Studio export and a trained model name no Keras origin.
    expect(items[2]).toContain('exported imported');
    expect(items[2]).not.toContain('Keras');
    expect(items[3]).not.toContain('Keras');
    const badge = element.renderRoot.querySelector<HTMLElement>('.badge.origin');
    expect(badge?.title).toBe('Imported from Keras 3 (converted)');
  });

  it('keeps Save, Load and Import waiting while the worker is busy', async () => {
    const p = await panel({ current: trained, busy: true });
    for (const name of ['Save model', 'Import…', 'Load conv run', 'Load keras import']) {
      await expect.element(button(name)).toBeDisabled();
    }
    dropFiles(p.element, modelFiles());
    await sleep(50);
    expect(p.events).toEqual([]);

    p.element.busy = false;
    for (const name of ['Save model', 'Import…', 'Load conv run', 'Load keras import']) {
      await expect.element(button(name)).toBeEnabled();
    }
    dropFiles(p.element, modelFiles());
    expect(p.events.map((e) => e.type)).toEqual(['ms-import-model']);
  });
});
