/**
 * What keeps the page from staying blank when the app cannot load: a language tag that `Intl`
 * rejects, and any error while the app's modules evaluate.
 */

/** Whether `Intl` accepts `tag` as a language tag ("C", what WebKitGTK reports under LANG=C, not). */
export function isValidLanguageTag(tag: unknown): boolean {
  if (typeof tag !== 'string' || tag === '') return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/**
 * Makes `navigator.language(s)` hold only tags `Intl` accepts (else `en`): libraries read them
 * when their modules load (uPlot 1.6 builds `new Intl.NumberFormat(navigator.language)`), and a
 * `RangeError` there stops the whole app chunk. WebKitGTK reports "C" under `LANG=C.UTF-8`.
 */
export function guardLanguageTags(nav: Navigator = navigator): void {
  const languages = [...(nav.languages ?? [])].filter(isValidLanguageTag);
  if (isValidLanguageTag(nav.language) && languages.length === (nav.languages?.length ?? 0)) return;
  const language = isValidLanguageTag(nav.language) ? nav.language : (languages[0] ?? 'en');
  const list = Object.freeze(languages.length ? languages : [language]);
  try {
    Object.defineProperty(nav, 'language', { value: language, configurable: true });
    Object.defineProperty(nav, 'languages', { value: list, configurable: true });
  } catch {
    // Not redefinable here: the locale's own fallback (English) still applies.
  }
}

/** The message shown when the app cannot load, in English and Chinese (no catalogue needed). */
export const LOAD_FAILED = {
  en: 'MNIST Studio could not start in this browser. Reload the page; if this happens again, try another browser.',
  'zh-Hans': 'MNIST Studio 无法在此浏览器中启动。请重新加载页面；如果再次发生，请换一个浏览器。',
} as const;

/** Replaces the page's content with the load failure message and the error's own words. */
export function showLoadFailure(error: unknown, doc: Document = document): void {
  console.error('MNIST Studio could not load:', error);
  const main = doc.createElement('main');
  main.setAttribute('role', 'alert');
  main.dataset.loadFailed = '';
  for (const [lang, text] of Object.entries(LOAD_FAILED)) {
    const p = doc.createElement('p');
    p.lang = lang;
    p.textContent = text;
    main.append(p);
  }
  const detail = doc.createElement('p');
  const code = doc.createElement('code');
  code.textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  detail.append(code);
  main.append(detail);
  doc.body.replaceChildren(main);
}
