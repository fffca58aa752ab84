/**
 * The UI's language: English (the source) or Simplified Chinese, chosen from the browser's
 * languages until the person picks one with the switch, which is remembered. `@lit/localize` in
 * runtime mode loads the Chinese catalogue as its own chunk (the service worker precaches it,
 * so switching works offline); `<html lang>` and the `Intl` formatters follow the locale.
 */
import { configureLocalization, LOCALE_STATUS_EVENT } from '@lit/localize';
import { prepareRunFormats, setFormatLocale } from './format.ts';
import { localStore } from './local-store.ts';
import { isValidLanguageTag } from './start-guard.ts';

/** The languages the UI speaks, the source language first. */
export const LOCALES = ['en', 'zh-Hans'] as const;
/** One of `LOCALES`. */
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, as the switch offers it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-Hans': '中文' };

/** Where the person's choice is remembered. */
export const LOCALE_STORAGE_KEY = 'mnist-studio-locale';

/** Whether `value` is one of `LOCALES`. */
export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** Chinese written in simplified characters: zh, zh-CN, zh-SG, zh-MY, zh-Hans(-…). */
const SIMPLIFIED_CHINESE = /^zh(-hans(-.*)?|-cn|-sg|-my)?$/;

/**
 * The locale for a list of preferred languages (`navigator.languages`): the first one the UI
 * speaks; languages it does not (French, Traditional Chinese, …) pass to the next; English
 * when none matches.
 */
export function localeFor(languages: readonly string[]): Locale {
  for (const language of languages) {
    // A tag Intl rejects ("C", as WebKitGTK reports under LANG=C.UTF-8) says nothing.
    if (!isValidLanguageTag(language)) continue;
    const tag = language.toLowerCase();
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (SIMPLIFIED_CHINESE.test(tag)) return 'zh-Hans';
  }
  return 'en';
}

/** The person's remembered choice, else the browser's languages. */
export function chooseLocale(
  saved: string | null | undefined,
  languages: readonly string[],
): Locale {
  return isLocale(saved) ? saved : localeFor(languages);
}

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: LOCALES.filter((locale) => locale !== 'en'),
  loadLocale: () => import('./locales/zh-Hans.ts'),
});

/** The locale the UI shows now. */
export function activeLocale(): Locale {
  const locale = getLocale();
  return isLocale(locale) ? locale : 'en';
}

function apply(locale: string): void {
  setFormatLocale(locale);
  prepareRunFormats();
  document.documentElement.lang = locale;
}

/**
 * Picks the first locale and waits for its catalogue, so the first render is in it. If the
 * catalogue cannot load, the UI stays in English.
 */
export async function startLocale(): Promise<void> {
  // Before any element's own listener re-renders it (renders are async anyway).
  window.addEventListener(LOCALE_STATUS_EVENT, (event) => {
    if (event.detail.status === 'ready') apply(event.detail.readyLocale);
  });
  const locale = chooseLocale(localStore()?.getItem(LOCALE_STORAGE_KEY), navigator.languages);
  await setLocale(locale).catch((error: unknown) => console.error(error));
  apply(getLocale());
}

/** Switches the UI to `locale` and remembers the choice. */
export async function switchLocale(locale: Locale): Promise<void> {
  try {
    localStore()?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage full or refused: the switch still works for this visit.
  }
  await setLocale(locale);
}
