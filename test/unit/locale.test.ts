/** Which language the UI starts in: the person's choice, else the browser's languages. */
import { describe, expect, it } from 'vitest';
import { chooseLocale, localeFor } from '../../src/ui/locale.ts';
import { guardLanguageTags, isValidLanguageTag } from '../../src/ui/start-guard.ts';

describe('choosing the language', () => {
  it('reads Simplified Chinese for zh, zh-CN, zh-SG and zh-Hans', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-CN', 'ZH-cn']) {
      expect(localeFor([tag]), tag).toBe('zh-Hans');
    }
  });

  it('reads English for English and for languages it does not speak', () => {
    expect(localeFor(['en-GB', 'zh-CN'])).toBe('en');
    expect(localeFor(['fr-FR', 'de'])).toBe('en');
    expect(localeFor(['zh-TW'])).toBe('en');
    expect(localeFor([])).toBe('en');
  });

  it('takes the first preferred language it speaks', () => {
    expect(localeFor(['fr-FR', 'zh-CN', 'en'])).toBe('zh-Hans');
    expect(localeFor(['zh-Hant-TW', 'zh', 'en'])).toBe('zh-Hans');
  });

  it('keeps the person’s choice over the browser’s languages', () => {
    expect(chooseLocale('en', ['zh-CN'])).toBe('en');
    expect(chooseLocale('zh-Hans', ['en-US'])).toBe('zh-Hans');
    expect(chooseLocale('klingon', ['zh-CN'])).toBe('zh-Hans');
    expect(chooseLocale(null, ['en-US'])).toBe('en');
  });
});

describe('language tags Intl rejects', () => {
  it('reads English when the browser reports "C" (WebKitGTK under LANG=C.UTF-8)', () => {
    expect(localeFor(['C'])).toBe('en');
    expect(localeFor(['C', 'zh-CN'])).toBe('zh-Hans');
    expect(isValidLanguageTag('C')).toBe(false);
    expect(isValidLanguageTag('en-US')).toBe(true);
  });

  it('replaces them on navigator before any library builds a formatter from them', () => {
    const nav = { language: 'C', languages: ['C'] } as unknown as Navigator;
    guardLanguageTags(nav);
    expect(nav.language).toBe('en');
    expect(nav.languages).toEqual(['en']);
    expect(() => new Intl.NumberFormat(nav.language)).not.toThrow();
    const fine = { language: 'zh-CN', languages: ['zh-CN', 'C'] } as unknown as Navigator;
    guardLanguageTags(fine);
    expect(fine.language).toBe('zh-CN');
    expect(fine.languages).toEqual(['zh-CN']);
  });
});
