/**
 * The Chinese catalogue against the English one: the same ids, the same kinds of message, the
 * same placeholders, and every message really translated (brand and technical names aside).
 */
import { describe, expect, it } from 'vitest';
import { joinStringsAndValues, type StrResult } from '@lit/localize';
import { templates as zh } from '../../src/ui/locales/zh-Hans.ts';
import { en, type Message } from '../../src/ui/strings.ts';

/** Messages that read the same in Chinese: names, symbols and units. */
const SAME_IN_CHINESE = new Set([
  'appName',
  'backendChoice.webgpu',
  'backendChoice.webgl',
  'backendChoice.wasm',
  'backendChoice.cpu',
  'backendSimd',
  'backendGpu',
  'notMeasured',
  'digitRight',
  'optimizer.rmsprop',
  'optimizer.adam',
  'modelsOrigin.keras',
]);

/** Messages that are only numbers and symbols in Chinese ("3 / 10"), but words in English. */
const SYMBOLS_IN_CHINESE = new Set(['downloadProgress', 'historyEpochsOf']);

/** Arguments for a message function: numbers fit every parameter but a list of file names. */
function sampleArgs(id: string, message: (...args: never[]) => StrResult): never[] {
  if (id === 'modelExported') return [['model.json', 'model.weights.bin']] as never[];
  return Array.from({ length: message.length }, (_, i) => (i + 2) as never);
}

/** An English message as text, its placeholders filled with `values`. */
function renderEnglish(message: string | StrResult, values: unknown[]): string {
  return typeof message === 'string' ? message : joinStringsAndValues(message.strings, values);
}

/** A Chinese message as text: its `${n}` is the English message's n-th value. */
function renderChinese(message: string | StrResult, values: unknown[]): string {
  return typeof message === 'string'
    ? message
    : joinStringsAndValues(message.strings, values, message.values as number[]);
}

const english = Object.entries(en) as [string, Message][];
const chinese = zh as Record<string, string | StrResult>;

describe('the Simplified Chinese catalogue', () => {
  it('translates every English id, and has no other', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(english)('%s: has the same kind of message and the same placeholders', (id, source) => {
    const target = chinese[id];
    if (typeof source === 'string') {
      expect(typeof target, `${id} has no placeholders in English`).toBe('string');
      return;
    }
    expect(typeof target, `${id} has placeholders in English`).toBe('object');
    const template = source(...sampleArgs(id, source));
    const order = [...(target as StrResult).values].sort();
    // Each English value appears exactly once, in any order Chinese grammar wants.
    expect(order).toEqual(template.values.map((_, i) => i));
  });

  it.each(english)('%s: is translated, not copied', (id, source) => {
    const template = typeof source === 'string' ? source : source(...sampleArgs(id, source));
    const values = typeof template === 'string' ? [] : template.values.map(String);
    const englishText = renderEnglish(template, values);
    const chineseText = renderChinese(chinese[id], values);
    if (SAME_IN_CHINESE.has(id)) {
      expect(chineseText).toBe(englishText);
      return;
    }
    expect(chineseText).not.toBe(englishText);
    // Written in Chinese, not an English sentence left in place (placeholders left out).
    const words = renderChinese(
      chinese[id],
      values.map(() => ''),
    );
    expect(words, id).not.toMatch(/\b(the|and|of|to|is|in|on)\b/i);
    if (!SYMBOLS_IN_CHINESE.has(id)) expect(words, id).toMatch(/\p{Script=Han}/u);
  });
});
