/** Switches `@lit/localize` and our `Intl` formatting to Simplified Chinese, in Node. */
import { configureLocalization } from '@lit/localize';
import { setFormatLocale } from '../../../src/ui/format.ts';

/** Makes every later `msg()` read the Chinese catalogue. */
export async function useChinese(): Promise<void> {
  // `setLocale` announces the new locale on `window`; Node has none.
  Object.assign(globalThis, { window: new EventTarget() });
  const { setLocale } = configureLocalization({
    sourceLocale: 'en',
    targetLocales: ['zh-Hans'],
    loadLocale: () => import('../../../src/ui/locales/zh-Hans.ts'),
  });
  await setLocale('zh-Hans');
  setFormatLocale('zh-Hans');
}
