/**
 * English and Chinese as a person meets them: a browser set to Chinese opens the app in
 * Chinese; the header's switch changes the whole page at once, is remembered across a reload,
 * and works offline (the service worker holds the Chinese catalogue); numbers and dates follow
 * the language; and no English sentence is left on the Chinese page, shown or read aloud.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../src/ui/strings.ts';
import { pageWords } from './support/a11y.ts';
import { chooseLanguage, downloadMnist, openApp, waitForBackend } from './support/app.ts';
import { launchChromium, logPageErrors } from './support/browser.ts';
import { openControlledApp } from './support/pwa.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** English sentences and labels of the catalogue: none may be on a Chinese page. */
const ENGLISH_WORDS = Object.values(en)
  .filter((message): message is string => typeof message === 'string')
  .filter((message) => /[a-z]{2,}/.test(message) && !/^(MNIST Studio|WASM SIMD)$/.test(message));

/** The English words left on the page, shown or given as names. */
async function englishLeft(page: Page): Promise<string[]> {
  const { text, names } = await pageWords(page);
  const said = [...text, ...names];
  return ENGLISH_WORDS.filter((words) => said.includes(words));
}

describe('a browser set to Chinese', () => {
  it('opens the app in Chinese, with <html lang> saying so', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = logPageErrors(page);
    await openApp(page, baseUrl);
    await page.getByRole('heading', { name: '识别数字' }).waitFor();
    await page.getByRole('button', { name: '下载 MNIST' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    expect(await englishLeft(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the language switch', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    errors = logPageErrors(page);
    await openApp(page, baseUrl);
  });

  it('changes the whole page to Chinese at once, numbers and dates too', async () => {
    await downloadMnist(page);
    await page.getByText(/^Stored \w{3} \d+, \d{4}, \d+:\d\d\s[AP]M$/).waitFor();
    await chooseLanguage(page, 'zh-Hans');
    await page.getByRole('heading', { name: '训练', exact: true }).waitFor();
    await page.getByText('已保存在此浏览器中 · 54.9 MB', { exact: true }).waitFor();
    // Dates as Chinese readers write them, from Intl.
    await page.getByText(/^保存于 \d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d\d$/).waitFor();
    await page.getByText('70,000 张 MNIST 图像', { exact: false }).waitFor();
    expect(await englishLeft(page)).toEqual([]);
  });

  it('remembers the choice across a reload', async () => {
    await page.reload();
    await waitForBackend(page);
    await page.getByRole('button', { name: '删除数据' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    expect(await englishLeft(page)).toEqual([]);
  });

  it('switches back to English', async () => {
    await chooseLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Read a digit' }).waitFor();
    await page.getByText('Stored in this browser · 54.9 MB', { exact: true }).waitFor();
    // The probe that found no English on the Chinese page finds plenty here.
    expect((await englishLeft(page)).length).toBeGreaterThan(30);
    expect(errors).toEqual([]);
  });
});

describe('offline', () => {
  it('switches to Chinese without a network, from the service worker’s copy', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await openControlledApp(page, baseUrl);
    await context.setOffline(true);
    await page.reload();
    await waitForBackend(page);
    await chooseLanguage(page, 'zh-Hans');
    await page.getByRole('heading', { name: '识别数字' }).waitFor();
    await page.getByText(/^你现在处于离线状态。/).waitFor();
    expect(await englishLeft(page)).toEqual([]);
    await context.close();
  });
});
