/**
 * Every import and training-settings error code has a message in English and in Simplified
 * Chinese, taking its parameters in the order `ERRORS` declares them, so every refusal these
 * checks make reaches the person in the page's language.
 */
import { describe, expect, it } from 'vitest';
import { joinStringsAndValues, type StrResult } from '@lit/localize';
import { ERROR_CODES, ERRORS, nameOf, type ErrorCode } from '../../src/shared/errors.ts';
import { templates as zh } from '../../src/ui/locales/zh-Hans.ts';
import { en, type Message } from '../../src/ui/strings.ts';

/** The codes of this part: a detail of ImportInvalid, InvalidConfig or CheckpointInvalid. */
const codes = ERROR_CODES.filter(
  (code) =>
    code.includes('.') &&
    ['ImportInvalid', 'InvalidConfig', 'CheckpointInvalid'].includes(nameOf(code)),
);

/** Parameters like the ones the checks pass: file and layer names, shapes, numbers. */
function sampleParams(code: ErrorCode): (string | number)[] {
  return Object.entries(ERRORS[code] as Record<string, string | number>).map(([key, sample]) =>
    typeof sample === 'number' ? 1_234_567 : `${key}-value`,
  );
}

describe('messages of the import and training-settings errors', () => {
  it('cover every code of the block', () => {
    expect(codes.length).toBeGreaterThan(40);
    expect(codes).toContain('ImportInvalid.tooManyParams');
  });

  it.each(codes)('%s: English and Chinese, its parameters in order', (code) => {
    const id = `error.${code}`;
    const message = (en as Record<string, Message>)[id];
    const translation = (zh as Record<string, string | StrResult>)[id];
    expect(message, id).toBeDefined();
    expect(translation, id).toBeDefined();
    const params = sampleParams(code);
    if (params.length === 0) {
      expect(typeof message).toBe('string');
      expect(typeof translation).toBe('string');
      expect(translation as string).toMatch(/\p{Script=Han}/u);
      return;
    }
    expect(typeof message).toBe('function');
    const fn = message as (...args: (string | number)[]) => StrResult;
    expect(fn.length, `${id} takes one argument per parameter`).toBe(params.length);
    const template = fn(...params);
    const english = joinStringsAndValues(template.strings, template.values);
    const chinese = joinStringsAndValues(
      (translation as StrResult).strings,
      template.values,
      (translation as StrResult).values as number[],
    );
    for (const text of [english, chinese]) {
      expect(text).not.toMatch(/undefined|NaN|\[object/);
      // Every string parameter (a file, a layer, a shape) appears in the message as given.
      for (const value of params) if (typeof value === 'string') expect(text).toContain(value);
    }
    expect(chinese).toMatch(/\p{Script=Han}/u);
  });
});
