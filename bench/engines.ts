/**
 * Per-engine figures (issue 18): in Firefox ESR and WebKitGTK, with Debian's own browsers driven
 * as the cross-engine suite drives them (test/engines/support/), the time from opening the app
 * in a fresh profile to a usable page (the header names the backend), over several starts, and
 * the app's own "Measure speed" table (every model on every backend the engine offers).
 * Chromium's figures come from the bench's speed part and its start-up timing here.
 */
import { whole } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import {
  engineInstalled,
  launchEngine,
  type EngineName,
  type EngineSession,
} from '../test/engines/support/engines.ts';
import { inPage } from '../test/engines/support/in-page.ts';
import {
  click,
  downloadMnist,
  openApp as openInEngine,
  pageFacts,
  until,
} from '../test/engines/support/journey.ts';
import type { SpeedResult } from '../src/shared/protocol.ts';
import { lowerMedian, markdownTable } from './report.ts';

/** What one engine gave. */
export interface EngineFigures {
  engine: string;
  version: string;
  /** Seconds from navigation to a usable page, one per fresh start (null: not ready in 120 s). */
  starts: (number | null)[];
  backendShown: string;
  threads: string;
  sharedArrayBuffer: boolean;
  speed: SpeedResult[];
}

/** Whether the speed measurement's progress bar is on the page. */
const SPEED_PROGRESS = inPage(String.raw`
  return __ms.all().some((e) => e.localName === 'progress' &&
    e.getAttribute('aria-label') === 'Speed measurement progress');
`);

/** The speed table's cells, as `SpeedResult`s. */
const SPEED_CELLS = inPage(String.raw`
  return __ms.all().filter((e) => e.dataset?.examplesPerSecond).map((e) => ({
    backend: e.dataset.backend,
    model: e.dataset.model,
    batchSize: Number(e.dataset.batchSize),
    examplesPerSecond: Number(e.dataset.examplesPerSecond),
    batchMs: Number(e.dataset.batchMs),
  }));
`);

/** Presses "Measure speed" and reads the table once the measurement is over. */
async function measureSpeedIn(session: EngineSession): Promise<SpeedResult[]> {
  await click(session, 'button', 'Measure speed', 60_000);
  await until('the speed measurement', () => session.run<boolean>(SPEED_PROGRESS), 30_000);
  await until(
    'the speed measurement to end',
    async () => !(await session.run<boolean>(SPEED_PROGRESS)),
    3_600_000,
  );
  return session.run<SpeedResult[]>(SPEED_CELLS);
}

/** `starts` fresh starts of `engine`; on the last one, MNIST and the speed table. */
async function measureEngine(
  engine: EngineName,
  baseUrl: string,
  starts: number,
): Promise<EngineFigures> {
  const times: (number | null)[] = [];
  for (let i = 1; i <= starts; i++) {
    const session = await launchEngine(engine);
    try {
      const opened = await openInEngine(session, baseUrl, 120_000).catch(() => null);
      times.push(opened?.seconds ?? null);
      console.log(`${session.version} start ${i}: ${opened ? `${opened.seconds} s` : 'not ready'}`);
      if (i < starts || !opened) continue;
      const facts = await pageFacts(session);
      await downloadMnist(session);
      const speed = await measureSpeedIn(session);
      return {
        engine,
        version: session.version,
        starts: times,
        backendShown: opened.backend,
        threads: facts.threads,
        sharedArrayBuffer: facts.sharedArrayBuffer,
        speed,
      };
    } finally {
      await session.close();
    }
  }
  throw new Error(`${engine}: the last start was not ready, so nothing was measured.`);
}

/**
 * Seconds from navigation to the header naming a backend, in fresh Chromium contexts, and the
 * backend and WASM threads the last start showed.
 */
async function chromiumStarts(baseUrl: string, starts: number) {
  const browser = await launchChromium();
  try {
    const times: (number | null)[] = [];
    let note = '';
    for (let i = 0; i < starts; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(baseUrl);
      const badge = page.getByText(whole('Backend: (WebGPU|WebGL|WASM|CPU)'));
      const ready = await badge
        .waitFor({ timeout: 120_000 })
        .then(() => (Date.now() - start) / 1000)
        .catch(() => null);
      times.push(ready);
      const header = ((await badge.textContent()) ?? '').replace('Backend:', '').trim();
      const panel = await page
        .locator('ms-backend-panel')
        .evaluate((e) => e.shadowRoot?.textContent ?? '');
      const threads = /WASM threads\s+(\d+)/.exec(panel)?.[1] ?? '?';
      note = `${header}, ${threads} WASM thread(s)`;
      await context.close();
    }
    return { times, note };
  } finally {
    await browser.close();
  }
}

/** Every installed engine's figures, plus Chromium's start-up times. */
export async function measureEngines(baseUrl: string, starts: number) {
  const engines: EngineFigures[] = [];
  for (const engine of ['firefox', 'webkit'] as const) {
    if (!engineInstalled(engine)) {
      console.warn(`${engine} is not installed: skipped.`);
      continue;
    }
    engines.push(await measureEngine(engine, baseUrl, starts));
  }
  return { engines, chromium: await chromiumStarts(baseUrl, starts) };
}

/** "3.1 s (2.8–4.0)", or how many starts were not ready. */
function startCell(times: (number | null)[]): string {
  const ready = times.filter((t): t is number => t !== null);
  const hung = times.length - ready.length;
  if (ready.length === 0) return `none of ${times.length} ready`;
  const range = `${Math.min(...ready).toFixed(1)}–${Math.max(...ready).toFixed(1)}`;
  return `${lowerMedian(ready).toFixed(1)} s (${range})${hung ? `, ${hung} not ready in 120 s` : ''}`;
}

/** The section: start-up per engine, then examples/s per engine, backend and model. */
export function enginesSection(
  figures: Awaited<ReturnType<typeof measureEngines>>,
  chromium: { version: string; speed: SpeedResult[] },
  date: string,
): string {
  const rows = [
    {
      name: chromium.version,
      starts: figures.chromium.times,
      speed: chromium.speed,
      note: figures.chromium.note,
    },
    ...figures.engines.map((e) => ({
      name: e.version,
      starts: e.starts,
      speed: e.speed,
      note: `${e.backendShown}, ${e.threads} WASM thread(s)${e.sharedArrayBuffer ? '' : ', no SharedArrayBuffer'}`,
    })),
  ];
  const models = [...new Set(rows.flatMap((r) => r.speed.map((s) => s.model)))];
  const speedRows = rows.flatMap((r) =>
    [...new Set(r.speed.map((s) => s.backend))].map((backend) => [
      r.name,
      backend,
      ...models.map((model) => {
        const s = r.speed.find((x) => x.backend === backend && x.model === model);
        return s ? Math.round(s.examplesPerSecond).toLocaleString('en-US') : '—';
      }),
    ]),
  );
  return `## Engines (${date})

The same production build (cross-origin isolated) in each engine this machine has: Debian's
Chromium (Playwright), Firefox ESR (WebDriver BiDi) and WebKitGTK's MiniBrowser, Safari's engine
(WebKitWebDriver under Xvfb). "Ready" is the time from navigation in a fresh profile to a usable
page (the header names the backend the worker started), median and range over
${figures.chromium.times.length} starts. Training speed is the app's own "Measure speed" in each
engine: examples per second at batch 320, median of 5 timed batches after a warm-up, on every
backend the engine offers (WebGL runs on a software rasteriser here in every engine).

${markdownTable(
  ['Engine', 'Ready', 'Backend chosen'],
  rows.map((r) => [r.name, startCell(r.starts), r.note]),
  ['l', 'r', 'l'],
)}

${markdownTable(['Engine', 'Backend', ...models], speedRows, ['l', 'l', ...models.map(() => 'r' as const)])}`;
}
