/**
 * <ms-predict-panel> in Chromium with a fake worker client whose answers the test releases in
 * any order: an answer shows only if it answers the latest reading; a Clear while a reading is
 * in flight leaves no answer; a new model version asks which model reads.
 */
import { describe, expect, it } from 'vitest';
import type { Prediction, PredictionModel } from '../../src/shared/protocol.ts';
import '../../src/ui/elements/ms-predict-panel.ts';
import type { MsPredictPanel } from '../../src/ui/elements/ms-predict-panel.ts';
import { workerClientContext, type WorkerClient } from '../../src/ui/worker-client.ts';
import { mount, provider, until } from './support/mount.ts';

const starter: PredictionModel = { kind: 'starter', name: 'starter', testAccuracy: 0.9894 };

/** An answer for digit `digit` to reading `seq`. */
function answer(digit: number, seq: number): Prediction {
  const probabilities = Array.from({ length: 10 }, (_, d) => (d === digit ? 0.99 : 0.001));
  return {
    digit,
    probabilities,
    input: new Uint8Array(784),
    empty: false,
    model: starter,
    ms: 1,
    seq,
  };
}

/** A worker client whose `predict` answers wait until the test releases them. */
function fakeClient() {
  const pending: { seq: number; resolve: (p: Prediction) => void }[] = [];
  let modelQuestions = 0;
  const client = {
    api: {
      predict: (_image: unknown, seq: number) =>
        new Promise<Prediction>((resolve) => pending.push({ seq, resolve })),
      predictionModel: async () => {
        modelQuestions++;
        return starter;
      },
    },
  } as unknown as WorkerClient;
  return { client, pending, modelQuestions: () => modelQuestions };
}

/** The text of the panel's answer ("Prediction: 7"), or '' when it shows none. */
function shownAnswer(panel: MsPredictPanel): string {
  const view = panel.shadowRoot!.querySelector('ms-prediction-view')!;
  const text = view.shadowRoot!.textContent ?? '';
  return /Prediction: \d/.exec(text)?.[0] ?? '';
}

/** The panel's `read` as the pad, image input and camera call it. */
type Read = (image: Blob, signal?: AbortSignal) => Promise<void>;
const readOf = (panel: MsPredictPanel) => (panel as unknown as { read: Read }).read;
const clearOf = (panel: MsPredictPanel) => (panel as unknown as { clear: () => void }).clear;

describe('ms-predict-panel', () => {
  it('drops an answer that a newer reading overtook', async () => {
    const fake = fakeClient();
    const panel = await mount('ms-predict-panel', {}, provider(workerClientContext, fake.client));
    const read = readOf(panel);
    const slow = read(new Blob(['slow']));
    const quick = read(new Blob(['quick']));
    await until(() => fake.pending.length === 2, 'both readings sent');
    const [first, second] = fake.pending;
    expect(second.seq).toBeGreaterThan(first.seq);
    second.resolve(answer(7, second.seq));
    await quick;
    await panel.updateComplete;
    await until(() => shownAnswer(panel) === 'Prediction: 7', 'the newer answer');
    first.resolve(answer(2, first.seq));
    await slow;
    await panel.updateComplete;
    expect(shownAnswer(panel)).toBe('Prediction: 7');
  });

  it('shows no answer for a pad cleared while it was being read', async () => {
    const fake = fakeClient();
    const panel = await mount('ms-predict-panel', {}, provider(workerClientContext, fake.client));
    const drawing = new AbortController();
    const reading = readOf(panel)(new Blob(['ink']), drawing.signal);
    await until(() => fake.pending.length === 1, 'the reading sent');
    drawing.abort(); // the pad's Clear ends its drawing…
    clearOf(panel)(); // …and tells the panel
    fake.pending[0].resolve(answer(4, fake.pending[0].seq));
    await reading;
    await panel.updateComplete;
    expect(shownAnswer(panel)).toBe('');
    const view = panel.shadowRoot!.querySelector('ms-prediction-view')!;
    expect(view.shadowRoot!.textContent).toContain('No digit read yet.');
  });

  it('offers to keep a reading that found a digit; a camera’s only while frozen', async () => {
    const fake = fakeClient();
    const panel = await mount('ms-predict-panel', {}, provider(workerClientContext, fake.client));
    const keepRow = () => panel.shadowRoot!.querySelector('ms-keep-digit');
    const reading = readOf(panel)(new Blob(['ink']));
    await until(() => fake.pending.length === 1, 'the reading sent');
    fake.pending[0].resolve(answer(7, fake.pending[0].seq));
    await reading;
    await panel.updateComplete;
    expect(keepRow()?.prediction?.digit).toBe(7);
    expect(keepRow()?.source).toBe('draw');

    panel.shadowRoot!.querySelector<HTMLButtonElement>('#tab-camera')!.click();
    await panel.updateComplete;
    const frame = readOf(panel)(new Blob(['frame']));
    await until(() => fake.pending.length === 2, 'the frame sent');
    fake.pending[1].resolve(answer(3, fake.pending[1].seq));
    await frame;
    await panel.updateComplete;
    expect(shownAnswer(panel)).toBe('Prediction: 3');
    expect(keepRow()).toBeNull(); // live frames change at once
    const camera = panel.shadowRoot!.querySelector('ms-camera')!;
    camera.dispatchEvent(new CustomEvent('ms-camera-frozen', { detail: true, bubbles: true }));
    await panel.updateComplete;
    expect(keepRow()?.source).toBe('camera');
    camera.dispatchEvent(new CustomEvent('ms-camera-frozen', { detail: false, bubbles: true }));
    await panel.updateComplete;
    expect(keepRow()).toBeNull();
  });

  it('asks again which model reads when the model version changes', async () => {
    const fake = fakeClient();
    const panel = await mount(
      'ms-predict-panel',
      { modelVersion: 0 },
      provider(workerClientContext, fake.client),
    );
    await until(() => fake.modelQuestions() >= 1, 'the first question');
    const before = fake.modelQuestions();
    panel.modelVersion = 1;
    await until(() => fake.modelQuestions() === before + 1, 'a question for the new model');
  });
});
