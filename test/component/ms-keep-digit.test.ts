/**
 * <ms-keep-digit> in Chromium with a fake worker client: "That's right" keeps the reading as
 * the digit read, "It's a …" as the digit pressed, each with a copy of the reading's input and
 * where it came from; the live region says so with the count; one keep per reading; Undo
 * deletes what was kept.
 */
import { describe, expect, it } from 'vitest';
import type { PersonalDigit, PersonalDigitDraft } from '../../src/shared/personal.ts';
import type { Prediction } from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-keep-digit.ts';
import type { MsKeepDigit } from '../../src/ui/elements/ms-keep-digit.ts';
import { workerClientContext, type WorkerClient } from '../../src/ui/worker-client.ts';
import { mount, provider, recorder, until } from './support/mount.ts';

/** A reading of `digit` whose input is a recognisable ramp, with a photo's stages. */
function reading(digit: number): Prediction {
  const input = Uint8Array.from({ length: 784 }, (_, i) => (i * 7 + digit) % 256);
  const view = { data: new Uint8Array(16).fill(200), width: 4, height: 4 };
  return {
    digit,
    probabilities: Array.from({ length: 10 }, (_, d) => (d === digit ? 0.9 : 0.01)),
    input,
    empty: false,
    stages: { original: view, flattened: view, ink: view },
    model: { kind: 'starter', name: 'starter' },
    ms: 1,
    seq: 1,
  };
}

function fakeClient() {
  let nextId = 41;
  const keep = recorder(async (draft: PersonalDigitDraft): Promise<PersonalDigit> => ({
    ...draft,
    id: nextId++,
  }));
  const remove = recorder(async (_id: number) => {});
  const client = { api: { keepDigit: keep.fn, deleteDigit: remove.fn } } as unknown as WorkerClient;
  return { client, keeps: keep.calls, deletes: remove.calls };
}

const root = (el: MsKeepDigit) => el.shadowRoot!;
const status = (el: MsKeepDigit) => root(el).querySelector('[role="status"]')!.textContent!.trim();
const button = (el: MsKeepDigit, name: string) =>
  [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
/** The "It's a …" button for `digit`, inside the digit toolbar. */
const digitButton = (el: MsKeepDigit, digit: number) =>
  root(el)
    .querySelector('ms-digit-choice')!
    .shadowRoot!.querySelector<HTMLButtonElement>(`[aria-label="It’s a ${digit}"]`)!;

describe('ms-keep-digit', () => {
  it('keeps a right reading as the digit read, with a copy of its input, and says so', async () => {
    const fake = fakeClient();
    const p = reading(7);
    const el = await mount(
      'ms-keep-digit',
      { prediction: p, source: 'draw', counts: [0, 0, 0, 0, 0, 0, 0, 2, 0, 0] },
      provider(workerClientContext, fake.client),
    );
    expect(root(el).textContent).toContain('Is it a 7?');
    button(el, 'That’s right')!.click();
    await until(() => status(el).length > 0, 'the announcement');
    expect(fake.keeps).toHaveLength(1);
    const [draft] = fake.keeps[0];
    expect(draft.label).toBe(7);
    expect(draft.source).toBe('draw');
    expect(draft.thumb).toBeUndefined(); // a drawing is its input already
    expect([...draft.input]).toEqual([...p.input]);
    expect(draft.input).not.toBe(p.input);
    expect(Math.abs(draft.createdAt - Date.now())).toBeLessThan(5_000);
    expect(status(el)).toBe('Kept as a 7 in My digits — you have 3 7s.');
    expect(root(el).querySelector('[role="status"]')!.getAttribute('aria-live')).toBe('polite');
    // One keep per reading: the question is gone, Undo is offered.
    expect(button(el, 'That’s right')).toBeUndefined();
    expect(root(el).querySelector('ms-digit-choice')).toBeNull();
  });

  it('keeps a corrected reading as the digit pressed, with the photo’s grey view', async () => {
    const fake = fakeClient();
    const p = reading(9);
    const el = await mount(
      'ms-keep-digit',
      { prediction: p, source: 'image', counts: new Array(10).fill(0) },
      provider(workerClientContext, fake.client),
    );
    await (
      root(el).querySelector('ms-digit-choice') as HTMLElement & {
        updateComplete: Promise<unknown>;
      }
    ).updateComplete;
    digitButton(el, 4).click();
    await until(() => status(el).length > 0, 'the announcement');
    expect(fake.keeps.map(([d]) => d.label)).toEqual([4]);
    expect(fake.keeps[0][0].source).toBe('image');
    expect(fake.keeps[0][0].thumb).toEqual(p.stages!.original);
    expect(status(el)).toBe('Kept as a 4 in My digits — your first 4.');
  });

  it('takes the kept digit out again with Undo, and asks anew for a new reading', async () => {
    const fake = fakeClient();
    const el = await mount(
      'ms-keep-digit',
      { prediction: reading(3), source: 'camera', counts: new Array(10).fill(5) },
      provider(workerClientContext, fake.client),
    );
    button(el, 'That’s right')!.click();
    await until(() => !!button(el, 'Undo'), 'Undo');
    button(el, 'Undo')!.click();
    await until(() => fake.deletes.length === 1, 'the delete');
    expect(fake.deletes[0]).toEqual([41]);
    await until(() => status(el) === 'Taken out of My digits.', 'the undo said');
    expect(button(el, 'That’s right')).toBeDefined();
    el.prediction = reading(5);
    await el.updateComplete;
    expect(root(el).textContent).toContain('Is it a 5?');
    expect(status(el)).toBe('');
  });
});
