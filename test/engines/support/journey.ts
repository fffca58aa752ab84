/** The steps of the cross-engine journey, over any `EngineSession`. */
import type { EngineSession } from './engines.ts';
import {
  CHOOSE_DIGIT_FILE,
  CHOOSE_MODEL,
  CLICK,
  CLOSE_INSIDE,
  DRAW_ONE,
  FIND_TEXT,
  LOOK_INSIDE,
  OPEN_DETAILS,
  PAGE_FACTS,
  PAGE_SAYS,
  PAGE_TEXT,
  READ_BACKEND,
  REPEAT_NEWEST,
  RUN_RECORDS,
  SET_VALUE,
} from './in-page.ts';
import type { RunRecord } from '../../../src/shared/protocol.ts';

/** Polls `probe` every 250 ms until it returns something other than null/false. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs / 1000} s for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The text matching `pattern` (a whole element's text), waiting up to `timeoutMs`. A timeout's
 * error adds what the page was saying then (its alerts, status lines and badges).
 */
export async function waitForText(
  session: EngineSession,
  pattern: string,
  timeoutMs = 60_000,
): Promise<string> {
  try {
    return await until(
      `"${pattern}"`,
      () => session.run<string | null>(FIND_TEXT, [pattern]),
      timeoutMs,
    );
  } catch (error) {
    const said = await session.run<string[]>(PAGE_SAYS).catch(() => ['(page unreachable)']);
    throw new Error(`${(error as Error).message} The page said: ${JSON.stringify(said)}`, {
      cause: error,
    });
  }
}

/** Clicks the control named `name` once it is there and enabled (within `timeoutMs`). */
export async function click(
  session: EngineSession,
  selector: string,
  name: string,
  timeoutMs = 30_000,
) {
  await until(
    `${selector} "${name}"`,
    () => session.run<boolean>(CLICK, [selector, name]),
    timeoutMs,
  );
}

/** Sets the control named `name` to `value` once it is there and enabled. */
export async function setValue(
  session: EngineSession,
  selector: string,
  name: string,
  value: string,
) {
  await until(
    `${selector} "${name}"`,
    () => session.run<boolean>(SET_VALUE, [selector, name, value]),
    30_000,
  );
}

/** Opens the app and returns the backend the header names and the seconds it took. */
export async function openApp(
  session: EngineSession,
  url: string,
  timeoutMs = 60_000,
): Promise<{ backend: string; seconds: number }> {
  const start = Date.now();
  await session.goto(url);
  const backend = await until(
    'the header to name a backend',
    () => session.run<string | null>(READ_BACKEND),
    timeoutMs,
  );
  return { backend, seconds: (Date.now() - start) / 1000 };
}

/** Draws a 1 and returns the digit the page predicts. */
export async function drawOne(session: EngineSession): Promise<number> {
  await until('the drawing pad', () => session.run<boolean>(DRAW_ONE), 30_000);
  const answer = await waitForText(session, String.raw`(Prediction: |预测：)\d`);
  return Number(answer.slice(-1));
}

/** What "Inside the model" showed for the reading (see `LOOK_INSIDE`). */
export interface InsideLook {
  layers: string[];
  at: string;
  products: number[];
  bias: number;
  mapValue: number;
  onInk: number;
}

/** Opens "Inside the model" on the reading shown, follows one number, and closes it. */
export async function lookInside(session: EngineSession): Promise<InsideLook> {
  const look = await until(
    'the view inside the model',
    () => session.run<InsideLook | null>(LOOK_INSIDE),
    30_000,
  );
  await session.run<boolean>(CLOSE_INSIDE);
  return look;
}

/** Presses Download MNIST and waits until it is stored. */
export async function downloadMnist(session: EngineSession): Promise<void> {
  // After a start that hung and stepped down (Firefox, issue 18), the data card can take longer
  // than 30 s to offer the download (seen once in CI).
  await click(session, 'button', 'Download MNIST', 90_000);
  await waitForText(session, String.raw`Stored in this browser · [\d.]+ MB`, 180_000);
}

/** Trains `model` for one epoch on `examples` and returns the test accuracy and rate. */
export async function trainOnce(
  session: EngineSession,
  model: 'dense' | 'conv',
  examples: number,
): Promise<{ accuracy: number; seconds: number }> {
  await until(`model ${model}`, () => session.run<boolean>(CHOOSE_MODEL, [model]), 30_000);
  await setValue(session, 'input', 'Epochs', '1');
  await setValue(session, 'input', 'Batch size', '320');
  await setValue(session, 'input', 'Training examples', String(examples));
  const start = Date.now();
  await click(session, 'button', 'Train');
  // The previous run's result goes away when a run starts.
  await until(
    'the run to start',
    async () =>
      (await session.run<string | null>(FIND_TEXT, [String.raw`Test accuracy: [\d.]+%`])) === null,
    60_000,
  );
  const text = await waitForText(session, String.raw`Test accuracy: [\d.]+%`, 900_000);
  return {
    accuracy: Number(/([\d.]+)%/.exec(text)?.[1]) / 100,
    seconds: (Date.now() - start) / 1000,
  };
}

/** Accuracy before and after "Learn my handwriting", in percent. */
export interface Learned {
  heldOut: number;
  personal: [number, number];
  mnist: [number, number];
}

/**
 * Keeps the pad's reading (That’s right), imports `png` (a my-digits.png of `count` digits),
 * and learns them with the defaults; returns the before → after table.
 */
export async function learnMyDigits(
  session: EngineSession,
  png: Uint8Array,
  count: number,
): Promise<Learned> {
  await click(session, 'button', 'That’s right');
  await waitForText(session, 'Kept as a 1 in My digits.*');
  await click(session, 'button', 'Manage');
  const file = Buffer.from(png).toString('base64');
  await until(
    'the digit files input',
    () => session.run<boolean>(CHOOSE_DIGIT_FILE, [file, 'my-digits.png']),
    30_000,
  );
  await waitForText(session, `Added ${count} digits to My digits\\.`);
  await click(session, 'button', 'Learn');
  await click(session, 'button', 'Start learning', 60_000);
  const percents = (row: string) =>
    [...row.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1])) as [number, number];
  const personal = await waitForText(
    session,
    String.raw`Your held-out digits \(\d+\)\s*[\d.]+%\s*[\d.]+%.*`,
    600_000,
  );
  const mnist = await waitForText(
    session,
    String.raw`MNIST test images \(10,000\)\s*[\d.]+%\s*[\d.]+%.*`,
  );
  return {
    heldOut: Number(/\((\d+)\)/.exec(personal)?.[1]),
    personal: percents(personal),
    mnist: percents(mnist),
  };
}

/** The history's runs as recorded, newest first. */
export function runRecords(session: EngineSession): Promise<RunRecord[]> {
  return session.run<RunRecord[]>(RUN_RECORDS);
}

/** Waits until the history holds more than `before` runs; returns the newest. */
async function nextRun(session: EngineSession, before: number): Promise<RunRecord> {
  const runs = await until(
    'a new run in the history',
    async () => {
      const records = await runRecords(session);
      return records.length > before ? records : null;
    },
    900_000,
  );
  return runs[0];
}

/**
 * The Fast recipe with a seed, on the dense model (1 epoch of 2,000 images, batch 100), with
 * "Augment like photos" ticked, then the same again with the history's Repeat button: both
 * runs as recorded. The box is unticked again afterwards.
 */
export async function seededRunAndRepeat(
  session: EngineSession,
  seed: number,
): Promise<[RunRecord, RunRecord]> {
  await until('model dense', () => session.run<boolean>(CHOOSE_MODEL, ['dense']), 30_000);
  await setValue(session, 'select', 'Recipe', 'fast');
  await session.run<number>(OPEN_DETAILS);
  await click(session, 'input', 'Augment like photos');
  await setValue(session, 'input', 'Seed', String(seed));
  await setValue(session, 'input', 'Epochs', '1');
  await setValue(session, 'input', 'Batch size', '100');
  await setValue(session, 'input', 'Training examples', '2000');
  const before = (await runRecords(session)).length;
  await click(session, 'button', 'Train');
  const first = await nextRun(session, before);
  await until('the Repeat button', () => session.run<boolean>(REPEAT_NEWEST), 30_000);
  const again = await nextRun(session, before + 1);
  await click(session, 'input', 'Augment like photos');
  return [first, again];
}

/** Saves the model in use under `name` and waits for the confirmation. */
export async function saveModel(session: EngineSession, name: string): Promise<void> {
  await click(session, 'button', 'Save model');
  await setValue(session, 'input', 'Name', name);
  await click(session, 'button', 'Save');
  await waitForText(session, `.*Saved “${name}” in this browser\\..*`, 60_000);
}

/** Whether the page's text (through its shadow roots) contains `needle`. */
export async function pageContains(session: EngineSession, needle: string): Promise<boolean> {
  return (await session.run<string>(PAGE_TEXT)).includes(needle);
}

/** Isolation, SharedArrayBuffer, language and user agent, as the page sees them. */
export function pageFacts(session: EngineSession) {
  return session.run<{
    crossOriginIsolated: boolean;
    sharedArrayBuffer: boolean;
    language: string;
    lang: string;
    userAgent: string;
    startMode: string;
    threads: string;
    kernelThreads: string;
  }>(PAGE_FACTS);
}
