/**
 * Every error code of src/shared/errors.ts against the catalogues: a message in English and in
 * Chinese taking exactly the code's parameters, and every code (with every id its parameters
 * may hold) read as the page reads it, `strings.errorMessage`, in both languages; in Chinese
 * without a word of English whatever the parameters hold, the browser's English `detail` included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useChinese } from './support/chinese.ts';
import { BACKEND_NAMES } from '../../src/shared/backends.ts';
import {
  ERROR_CODES,
  ERRORS,
  STORAGE_ACTIONS,
  StudioError,
  type ErrorCode,
} from '../../src/shared/errors.ts';
import { JOB_KINDS } from '../../src/shared/worker-state.ts';
import { templates as zh } from '../../src/ui/locales/zh-Hans.ts';
import { en, strings, type Message } from '../../src/ui/strings.ts';

/** Parameters that hold ids, each rendered with every id they may hold. */
const IDS: Record<string, readonly string[]> = {
  job: JOB_KINDS,
  action: STORAGE_ACTIONS,
  backend: BACKEND_NAMES,
};

/** Sample data for string parameters by name (any other gets `sample-<name>`). */
const SAMPLE_TEXT: Record<string, string> = {
  file: 'train-images-idx3-ubyte.gz',
  url: 'https://example.test/data/mnist/manifest.json',
  name: 'my model',
  key: 'indexeddb://mnist-studio-model-7',
  // What a browser says: English words that must never reach the Chinese page.
  detail: 'TypeError: Failed to fetch because the network is down',
};

/** Words that read the same in Chinese: names of formats, APIs and hardware. */
const NAMES_IN_CHINESE = new Set([
  'MNIST',
  'Studio',
  'TensorFlow.js',
  'Keras',
  'TF.js',
  // Values a model.json holds, quoted as they are.
  'layers-model',
  'modelTopology',
  'weightsManifest',
  'Sequential',
  'Functional',
  'IDX',
  'CRC',
  'JSON',
  'IndexedDB',
  'GPU',
  'CPU',
  'WebGPU',
  'WebGL',
  'WASM',
  'PNG',
  'gzip',
  // Optimizer names, as TF.js and the book write them.
  'RMSprop',
  'Adam',
  'SGD',
  'JPEG',
  'WebP',
  'GIF',
  // Units, as Intl writes them in Chinese too.
  'kB',
  'MB',
  'GB',
]);

type Params = Record<string, string | number>;

/** One set of parameters per id an id parameter may hold (one set for codes without ids). */
function sampleParams(code: ErrorCode): Params[] {
  const base: Params = {};
  for (const [key, placeholder] of Object.entries(ERRORS[code] as Params)) {
    base[key] =
      typeof placeholder === 'number'
        ? 12_345
        : (IDS[key]?.[0] ?? SAMPLE_TEXT[key] ?? `sample-${key}`);
  }
  const idKey = Object.keys(base).find((key) => key in IDS);
  return idKey ? IDS[idKey].map((id) => ({ ...base, [idKey]: id })) : [base];
}

/** `strings.errorMessage` of a code with `params`, or what went wrong wording it. */
function word(code: ErrorCode, params: Params): string {
  try {
    return strings.errorMessage(new StudioError(code, params as never));
  } catch (error) {
    return `cannot be worded: ${String(error)}`;
  }
}

/** The number of parameters a message takes: none for text. */
const arity = (message: Message | undefined): number =>
  typeof message === 'function' ? message.length : 0;

const messages = en as Record<string, Message>;
const chinese = zh as Record<string, unknown>;

/** Every code with each of its parameter sets, worded in each language. */
const rendered: { code: ErrorCode; params: Params; english: string; chinese: string }[] = [];

beforeAll(async () => {
  const cases = ERROR_CODES.flatMap((code) =>
    sampleParams(code).map((params) => ({ code, params })),
  );
  const english = cases.map(({ code, params }) => word(code, params));
  await useChinese();
  cases.forEach(({ code, params }, i) =>
    rendered.push({
      code,
      params,
      english: english[i],
      chinese: word(code, params),
    }),
  );
});

describe('the error catalogue', () => {
  it.each(ERROR_CODES)('%s: has a message in English and in Chinese', (code) => {
    const id = `error.${code}`;
    expect(messages[id], `${id} in strings.ts`).toBeDefined();
    expect(chinese[id], `${id} in locales/zh-Hans.ts`).toBeDefined();
    // Text in one language is text in the other (a template has placeholders in both).
    expect(typeof chinese[id] === 'string').toBe(typeof messages[id] === 'string');
  });

  it.each(ERROR_CODES)('%s: its message takes the code’s parameters', (code) => {
    expect(arity(messages[`error.${code}`])).toBe(Object.keys(ERRORS[code]).length);
  });

  it('has no message for a code that does not exist', () => {
    const ids = Object.keys(en).filter((id) => id.startsWith('error.'));
    expect(ids.map((id) => id.slice('error.'.length)).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('words every id an error may carry', () => {
    for (const job of JOB_KINDS) expect(messages[`job.${job}`], job).toBeDefined();
    for (const action of STORAGE_ACTIONS) {
      expect(messages[`storageAction.${action}`], action).toBeDefined();
    }
  });

  it('reads every code as a sentence in English, ids worded, details left out', () => {
    expect(rendered.length).toBeGreaterThan(ERROR_CODES.length);
    for (const { code, params, english } of rendered) {
      const where = `${code} ${JSON.stringify(params)}: ${english}`;
      expect(english, where).toMatch(/^\S.*[.!?]$/s);
      expect(english, where).not.toMatch(
        /undefined|NaN|\[object|Something went wrong|cannot be worded/,
      );
      expect(english, where).not.toContain(SAMPLE_TEXT.detail);
      for (const key of Object.keys(IDS)) {
        // camelCase ids (storage actions) never show; one-word ids may be words of their own.
        if (typeof params[key] === 'string' && /[A-Z]/.test(params[key])) {
          expect(english, where).not.toContain(params[key]);
        }
      }
    }
  });

  it('reads every code in Chinese without a word of English', () => {
    for (const { code, params, chinese: text } of rendered) {
      const where = `${code} ${JSON.stringify(params)}: ${text}`;
      expect(text, where).toMatch(/\p{Script=Han}/u);
      expect(text, where).not.toContain(SAMPLE_TEXT.detail);
      expect(text, where).not.toMatch(/undefined|NaN|\[object|cannot be worded/);
      // The data the code carries (file names, URLs, a model's name) is not words to translate.
      let words = text;
      for (const [key, value] of Object.entries(params)) {
        if (typeof value === 'string' && !(key in IDS)) words = words.split(value).join(' ');
      }
      // Hex numbers and file names ("model.json", ".bin", "my-digits.png", IDX's "idx3-ubyte")
      // are not words either.
      words = words
        .replace(/0x[0-9a-f]+/gi, ' ')
        .replace(/[\w-]*\.(json|bin|png)\b|\bidx[13]-ubyte\b/g, ' ');
      // Nor are identifiers of code (tensorflowjs_converter, batch_input_shape).
      words = words.replace(/\w+_\w+|\b(float32|int32|bool|conv3?|dense|big)\b/g, ' ');
      const english = (words.match(/[A-Za-z][A-Za-z.-]*[A-Za-z]/g) ?? []).filter(
        (word) => !NAMES_IN_CHINESE.has(word),
      );
      expect(english, where).toEqual([]);
    }
  });
});
