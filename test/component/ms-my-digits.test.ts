/**
 * <ms-my-digits> in Chromium with a fake worker client: the counts and the space used; the
 * collection listed digit by digit (and again when the summary's version changes), relabel
 * and delete sent only once confirmed; import saying how many digits came in, or why not;
 * Clear all saying how many go; Practice keeping the drawing as the digit asked for.
 */
import { describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import type {
  PersonalDigit,
  PersonalDigitDraft,
  PersonalSummary,
} from '../../src/shared/personal.ts';
import type { ModelFiles, Prediction } from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-my-digits.ts';
import type { MsMyDigits } from '../../src/ui/elements/ms-my-digits.ts';
import { workerClientContext, type WorkerClient } from '../../src/ui/worker-client.ts';
import { focused, mount, provider, recorder, until } from './support/mount.ts';

const AT = Date.UTC(2026, 0, 5, 9, 30);

/** A stored digit: its input a plain grey of `shade`, so its tile can be told apart. */
function digit(id: number, label: number, shade = 100): PersonalDigit {
  return { id, label, input: new Uint8Array(784).fill(shade), source: 'draw', createdAt: AT };
}

const photo = { data: new Uint8Array(48 * 36).fill(180), width: 48, height: 36 };
const stored = [
  digit(1, 4),
  { ...digit(2, 7), source: 'camera' as const, thumb: photo },
  digit(3, 4, 200),
  digit(4, 0),
];
const summary: PersonalSummary = {
  counts: [1, 0, 0, 0, 2, 0, 0, 1, 0, 0],
  total: 4,
  bytes: 3_400,
  version: 3,
};

/** A worker client that answers every My digits call and records them. */
function fakeClient(options: { importError?: unknown } = {}) {
  const list = recorder(async () => stored.map((d) => ({ ...d })));
  const relabel = recorder(async (_id: number, _label: number) => {});
  const remove = recorder(async (_id: number) => {});
  const clear = recorder(async () => {});
  const importDigits = recorder(async (files: ModelFiles) => {
    if (options.importError) throw options.importError;
    return files.files.length * 75;
  });
  const keep = recorder(async (draft: PersonalDigitDraft): Promise<PersonalDigit> => ({
    ...draft,
    id: 99,
  }));
  const predict = recorder(async (_image: unknown, seq: number): Promise<Prediction> => ({
    digit: 3,
    probabilities: new Array(10).fill(0.1),
    input: new Uint8Array(784).fill(42),
    empty: false,
    model: { kind: 'starter', name: 'starter' },
    ms: 1,
    seq,
  }));
  const api = {
    listDigits: list.fn,
    relabelDigit: relabel.fn,
    deleteDigit: remove.fn,
    clearDigits: clear.fn,
    importDigits: importDigits.fn,
    keepDigit: keep.fn,
    predict: predict.fn,
  };
  return {
    client: { api } as unknown as WorkerClient,
    lists: list.calls,
    relabels: relabel.calls,
    deletes: remove.calls,
    clears: clear.calls,
    imports: importDigits.calls,
    keeps: keep.calls,
    predictions: predict.calls,
  };
}

async function card(fake: ReturnType<typeof fakeClient>, personal = summary) {
  return mount('ms-my-digits', { personal }, provider(workerClientContext, fake.client));
}

/** Chooses files of four bytes each with the import picker, as the file chooser would. */
function choose(names: string[]): void {
  const input = page
    .getByLabelText('Digit files to import: one PNG, or the images and labels IDX files')
    .element() as HTMLInputElement;
  const chosen = new DataTransfer();
  for (const name of names) chosen.items.add(new File([new Uint8Array([0, 0, 8, 3])], name));
  input.files = chosen.files;
  input.dispatchEvent(new Event('change'));
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const text = (el: MsMyDigits) => {
  // Text of the card and every element inside it, shadow roots included.
  const walk = (node: Node): string =>
    [...((node as Element).shadowRoot?.childNodes ?? []), ...node.childNodes]
      .map((child) => (child.nodeType === Node.TEXT_NODE ? child.textContent : walk(child)))
      .join(' ');
  return walk(el).replace(/\s+/g, ' ');
};

describe('ms-my-digits', () => {
  it('says the digits stay here, how many of each there are, and the space they take', async () => {
    const el = await card(fakeClient());
    const words = text(el);
    expect(words).toContain('Your digits stay on this device: they are never uploaded.');
    expect(words).toContain('4 digits, taking 3.4 kB on this device.');
    const counts = page.getByRole('list', { name: 'Your digits, by digit' });
    await expect.element(counts.getByText('4: 2 kept')).toBeInTheDocument();
    await expect.element(counts.getByText('9: 0 kept')).toBeInTheDocument();
    el.personal = { ...summary, version: 0 }; // the worker has not counted them yet
    await el.updateComplete;
    expect(text(el)).toContain('Checking…');
    expect(text(el)).not.toContain('digits, taking');
  });

  it('lists the collection by digit, and again when the version changes', async () => {
    const fake = fakeClient();
    const el = await card(fake);
    expect(fake.lists).toHaveLength(0); // not before the view opens
    await page.getByRole('tab', { name: 'Manage' }).click();
    await until(() => fake.lists.length === 1, 'the list asked for');
    const fours = page.getByRole('region', { name: 'Your 4s' });
    await expect.element(fours.getByRole('heading', { name: '4 · 2' })).toBeInTheDocument();
    expect(fours.getByRole('button').elements()).toHaveLength(2);
    await expect
      .element(page.getByRole('region', { name: 'Your 7s' }).getByRole('button'))
      .toHaveAccessibleName(/^A 7, from the camera, /);
    await expect.element(page.getByText('No 5s yet.')).toBeInTheDocument();
    el.personal = { ...summary, version: 4 };
    await until(() => fake.lists.length === 2, 'the list asked for again');
  });

  it('moves between tiles with the arrow keys, opens one with Enter, and gets the focus back', async () => {
    const fake = fakeClient();
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    const tiles = page.getByRole('button', { name: /^A \d, / });
    await expect.element(tiles.first()).toBeInTheDocument();
    // One Tab stop: the first tile; the others wait for the arrow keys.
    expect(tiles.elements().map((t) => (t as HTMLElement).tabIndex)).toEqual([0, -1, -1, -1]);
    (tiles.first().element() as HTMLElement).focus();
    expect(focused()?.getAttribute('aria-label')).toMatch(/^A 0, /);
    await userEvent.keyboard('{ArrowRight}');
    expect(focused()?.getAttribute('aria-label')).toMatch(/^A 4, /);
    await userEvent.keyboard('{ArrowDown}'); // the next digit's first tile
    expect(focused()?.getAttribute('aria-label')).toMatch(/^A 7, /);
    await userEvent.keyboard('{ArrowUp}');
    expect(focused()?.getAttribute('aria-label')).toMatch(/^A 4, /);
    await userEvent.keyboard('{Enter}');
    const dialog = page.getByRole('dialog', { name: 'This 4' });
    await expect.element(dialog).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(dialog).not.toBeInTheDocument();
    await until(() => /^A 4, /.test(focused()?.getAttribute('aria-label') ?? ''), 'focus back');
    expect(fake.relabels).toEqual([]);
    expect(fake.deletes).toEqual([]);
  });

  it('relabels and deletes only once the person confirms', async () => {
    const fake = fakeClient();
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    const seven = page.getByRole('region', { name: 'Your 7s' }).getByRole('button');
    await seven.click();
    const dialog = page.getByRole('dialog', { name: 'This 7' });
    await expect.element(dialog).toBeVisible();
    await expect
      .element(dialog.getByRole('img', { name: 'The photo it was read from, in grey' }))
      .toBeVisible();
    await expect.element(dialog.getByText('from the camera, kept')).toBeInTheDocument();
    await dialog.getByRole('button', { name: 'Relabel as 1' }).click();
    expect(fake.relabels).toEqual([]);
    await dialog.getByRole('button', { name: 'Change 7 to 1' }).click();
    await until(() => fake.relabels.length === 1, 'the relabel');
    expect(fake.relabels).toEqual([[2, 1]]);
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.element(page.getByText('Relabelled: it is a 1 now.')).toBeInTheDocument();

    await seven.click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.element(dialog.getByText('Delete this digit from My digits?')).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(fake.deletes).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await until(() => fake.deletes.length === 1, 'the delete');
    expect(fake.deletes).toEqual([[2]]);
  });

  it('imports the files chosen and says how many digits came in, or why not', async () => {
    const fake = fakeClient();
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    choose(['my-digits-images.idx3-ubyte', 'my-digits-labels.idx1-ubyte']);
    await expect.element(page.getByText('Added 150 digits to My digits.')).toBeInTheDocument();
    expect(fake.imports[0][0].files.map((f) => [f.name, f.bytes.byteLength])).toEqual([
      ['my-digits-images.idx3-ubyte', 4],
      ['my-digits-labels.idx1-ubyte', 4],
    ]);
  });

  it('says why imported files were refused, and stores nothing', async () => {
    const fake = fakeClient({ importError: { name: 'NotAnImage', code: 'NotAnImage' } });
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    choose(['notes.txt']);
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent('This file is not an image this browser can read.');
    expect(page.getByText(/^Added/).elements()).toHaveLength(0);
  });

  it('refuses more than two files before reading them', async () => {
    const fake = fakeClient();
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    choose(['a.png', 'b.png', 'c.png']);
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent('Choose one PNG file, or the two IDX files together.');
    expect(fake.imports).toEqual([]);
  });

  it('clears all only once confirmed, saying how many digits go', async () => {
    const fake = fakeClient();
    await card(fake);
    await page.getByRole('tab', { name: 'Manage' }).click();
    await button('Clear all…').click();
    const dialog = page.getByRole('dialog', { name: 'Delete all 4 of your digits?' });
    await expect.element(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(fake.clears).toEqual([]);
    await button('Clear all…').click();
    await dialog.getByRole('button', { name: 'Yes, delete all' }).click();
    await until(() => fake.clears.length === 1, 'the clear');
  });

  it('practises the digit there are fewest of, keeps the drawing as it, and moves on', async () => {
    const fake = fakeClient();
    // Fewest: 1 (none), then 2 once a 1 is kept.
    await card(fake);
    await expect.element(page.getByText('Write a 1', { exact: true })).toBeInTheDocument();
    await expect.element(button('Keep as a 1')).toBeDisabled();
    const pad = page
      .getByRole('application', { name: 'Practice pad: write the digit asked for' })
      .element();
    pad.scrollIntoView({ block: 'center' });
    const box = pad.getBoundingClientRect();
    await commands.drawStrokes([
      [
        [box.left + box.width * 0.5, box.top + box.height * 0.2],
        [box.left + box.width * 0.5, box.top + box.height * 0.8],
      ],
    ]);
    await until(() => fake.predictions.length === 1, 'the drawing read');
    await expect.element(button('Keep as a 1')).toBeEnabled();
    await button('Keep as a 1').click();
    await until(() => fake.keeps.length === 1, 'the keep');
    const [draft] = fake.keeps[0];
    expect(draft.label).toBe(1);
    expect(draft.source).toBe('practice');
    expect(draft.input.every((v) => v === 42)).toBe(true);
    await expect.element(page.getByText('Write a 2', { exact: true })).toBeInTheDocument();
    await expect
      .element(page.getByRole('status').filter({ hasText: 'Kept as a 1' }))
      .toHaveTextContent('Kept as a 1 in My digits — your first 1. Next: write a 2.');
    await expect.element(button('Keep as a 2')).toBeDisabled(); // a clean pad
  });
});
