/**
 * Debian's own Firefox ESR and WebKitGTK, driven the way each allows: Firefox through WebDriver
 * BiDi (puppeteer-core, no downloaded browser), WebKitGTK's MiniBrowser through its W3C
 * WebDriver (`WebKitWebDriver`, a few HTTP calls with fetch) under an Xvfb display started here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser as PuppeteerBrowser, type Page } from 'puppeteer-core';
import { freePort } from '../../e2e/support/server.ts';

/** One browser with one page, as the journey uses it. */
export interface EngineSession {
  /** "Firefox 153.8.0esr", "WebKitGTK 2.50.1 (MiniBrowser)". */
  readonly version: string;
  goto(url: string): Promise<void>;
  /** Runs an async function body (see `inPage`) with `args`, and returns its result. */
  run<T>(script: string, args?: unknown[]): Promise<T>;
  /** A PNG of the page at `width` × `height` CSS pixels (the window resized first). */
  screenshot(width: number, height: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** The engines the cross-engine suite drives. */
export type EngineName = 'firefox' | 'webkit';

/** Where Debian installs Firefox ESR (`FIREFOX_PATH` overrides). */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Where Debian's webkit2gtk-driver and libwebkit2gtk put their binaries. */
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER_CANDIDATES = [
  process.env.MINIBROWSER_PATH,
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
];

/** The MiniBrowser binary, or undefined when WebKitGTK is not installed. */
export function miniBrowserPath(): string | undefined {
  return MINIBROWSER_CANDIDATES.find((path) => path !== undefined && existsSync(path));
}

/** Whether the engine's binaries are installed (the suite says why it skips otherwise). */
export function engineInstalled(name: EngineName): boolean {
  return name === 'firefox'
    ? existsSync(FIREFOX_PATH)
    : existsSync(WEBKIT_DRIVER) && miniBrowserPath() !== undefined;
}

/** Starts a fresh profile of `name` (each launch is a first visit). */
export function launchEngine(name: EngineName, options: { lang?: string } = {}) {
  return name === 'firefox' ? launchFirefox() : launchWebKit(options.lang ?? 'en_US.UTF-8');
}

/** Firefox ESR with a fresh profile, through WebDriver BiDi. */
export async function launchFirefox(): Promise<EngineSession> {
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      // No background connections on a closed network.
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
  const page: Page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport({ width: 1280, height: 900 });
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ');
  return {
    version,
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    },
    run: <T>(script: string, args: unknown[] = []) =>
      page.evaluate(`(function (args) {${script}})(${JSON.stringify(args)})`) as Promise<T>,
    screenshot: async (width, height) => {
      await page.setViewport({ width, height });
      return Buffer.from(await page.screenshot({ type: 'png' }));
    },
    close: () => browser.close(),
  };
}

/** An Xvfb display for the browsers that need one; ends with `stop`. */
async function startXvfb(): Promise<{ display: string; stop: () => void }> {
  for (let number = 90 + Math.floor(Math.random() * 100); ; number++) {
    if (existsSync(`/tmp/.X11-unix/X${number}`) || existsSync(`/tmp/.X${number}-lock`)) continue;
    const xvfb = spawn('Xvfb', [`:${number}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    const started = await new Promise<boolean>((resolve) => {
      xvfb.once('exit', () => resolve(false));
      const check = setInterval(() => {
        if (existsSync(`/tmp/.X11-unix/X${number}`)) {
          clearInterval(check);
          resolve(true);
        }
      }, 50);
      setTimeout(() => (clearInterval(check), resolve(false)), 10_000);
    });
    if (started) return { display: `:${number}`, stop: () => xvfb.kill() };
    xvfb.kill();
  }
}

/** Waits until `url` answers at all (the WebDriver server is listening). */
async function waitForServer(url: string, process: ChildProcess): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    if (process.exitCode !== null) throw new Error(`WebKitWebDriver exited (${process.exitCode})`);
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not listen at ${url}`);
}

/** WebKitGTK's MiniBrowser through W3C WebDriver, under its own Xvfb, in locale `lang`. */
export async function launchWebKit(lang: string): Promise<EngineSession> {
  const binary = miniBrowserPath();
  if (!binary) throw new Error('No MiniBrowser: install libwebkit2gtk-4.1-0.');
  const xvfb = await startXvfb();
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'ms-webkit-'));
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DISPLAY: xvfb.display,
      LANG: lang,
      LC_ALL: lang,
      LANGUAGE: '',
      // A fresh data and cache directory per launch: each start is a first visit.
      XDG_DATA_HOME: join(profile, 'data'),
      XDG_CACHE_HOME: join(profile, 'cache'),
      XDG_CONFIG_HOME: join(profile, 'config'),
      // No GPU here; WebKit's DMA-BUF renderer fails under Xvfb.
      WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    },
  });
  let log = '';
  driver.stderr?.on('data', (chunk: Buffer) => (log = (log + String(chunk)).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const cleanUp = () => {
    driver.kill();
    xvfb.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    await waitForServer(`${base}/status`, driver);
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = (await response.json()) as {
        value: T & { error?: string; message?: string };
      };
      if (!response.ok) {
        throw new Error(
          `WebDriver ${method} ${path}: ${answer.value.error} ${answer.value.message}`,
        );
      }
      return answer.value;
    };
    const session = await call<{ sessionId: string; capabilities: Record<string, string> }>(
      'POST',
      '/session',
      {
        capabilities: {
          alwaysMatch: {
            'webkitgtk:browserOptions': { binary, args: ['--automation'] },
            pageLoadStrategy: 'normal',
            timeouts: { script: 600_000, pageLoad: 60_000 },
          },
        },
      },
    );
    const at = `/session/${session.sessionId}`;
    await call('POST', `${at}/window/rect`, { width: 1280, height: 900 }).catch(() => undefined);
    const version = `WebKitGTK ${session.capabilities.browserVersion ?? '?'} (MiniBrowser)`;
    return {
      version,
      goto: async (url) => {
        await call('POST', `${at}/url`, { url });
      },
      run: <T>(script: string, args: unknown[] = []) =>
        call<T>('POST', `${at}/execute/sync`, {
          script: `const args = arguments[0];\n${script}`,
          args: [args],
        }),
      screenshot: async (width, height) => {
        await call('POST', `${at}/window/rect`, { width, height }).catch(() => undefined);
        return Buffer.from(await call<string>('GET', `${at}/screenshot`), 'base64');
      },
      close: async () => {
        await call('DELETE', at).catch(() => undefined);
        cleanUp();
      },
    };
  } catch (error) {
    cleanUp();
    throw new Error(`${String(error)}\n${log}`, { cause: error });
  }
}
