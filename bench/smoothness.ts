/**
 * Page smoothness while training: short training runs in the app, several per backend, with the
 * main thread watched from inside the page (test/e2e/support/frame-watch.ts): the longest gap
 * between two frames, the gaps over 50 ms, and the Long Tasks API's tasks. The browser tests
 * only guard against a freeze (no task over 250 ms); how smooth the page is depends on the
 * machine and how busy it is, so it is measured here and written down, never asserted.
 */
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { TIMING_MARKS } from '../src/shared/timing-marks.ts';
import {
  chooseBackend,
  fillTrainForm,
  runRows,
  waitForNewRun,
  type TrainForm,
} from '../test/e2e/support/app.ts';
import {
  markTime,
  startFrameWatch,
  stopFrameWatch,
  summarizeFrames,
  type FrameSummary,
} from '../test/e2e/support/frame-watch.ts';
import { markdownTable } from './report.ts';

/** A backend as the app's Backend menu names it. */
export type BackendLabel = 'WASM' | 'WebGL' | 'CPU' | 'WebGPU';

/** One training run to repeat on one backend. */
export interface SmoothnessCase {
  backend: BackendLabel;
  form: TrainForm;
}

/**
 * What is measured: the book's convnet at its batch size on WASM (the training that keeps both
 * cores busy), and the dense model on every backend (the convnet is too slow for a short run on
 * WebGL, WebGPU and CPU here: SwiftShader and plain JavaScript).
 */
export const SMOOTHNESS_CASES: readonly SmoothnessCase[] = [
  { backend: 'WASM', form: { model: 'conv', epochs: 1, examples: 16_000, batchSize: 320 } },
  { backend: 'WASM', form: { model: 'dense', epochs: 1, examples: 10_000, batchSize: 100 } },
  { backend: 'WebGL', form: { model: 'dense', epochs: 1, examples: 10_000, batchSize: 100 } },
  { backend: 'CPU', form: { model: 'dense', epochs: 1, examples: 10_000, batchSize: 100 } },
];

/** Needs Chromium's --enable-unsafe-webgpu here (a browser of its own). */
export const WEBGPU_CASE: SmoothnessCase = {
  backend: 'WebGPU',
  form: { model: 'dense', epochs: 1, examples: 4_000, batchSize: 100 },
};

/** One run: the training window (Train to the start of testing) and testing with its results. */
export interface WatchedRun {
  training: FrameSummary;
  results: FrameSummary;
}

/** All runs of one case, and the machine's load average (1 min) before the first. */
export interface SmoothnessResult {
  case: SmoothnessCase;
  runs: WatchedRun[];
  loadBefore: number;
}

/** The 100 test images the results card shows, all of them: the end of a run on screen. */
async function waitForResults(page: Page): Promise<void> {
  const images = page.getByRole('img', { name: /^Test image / });
  const deadline = Date.now() + 60_000;
  while ((await images.count()) < 100) {
    if (Date.now() > deadline) throw new Error('The results card did not show 100 images.');
    await page.waitForTimeout(250); // a slow look, as in waitForNewRun
  }
}

/** Trains once as `form` says with the main thread watched. */
async function watchedRun(page: Page, form: TrainForm): Promise<WatchedRun> {
  const before = await runRows(page).count();
  await fillTrainForm(page, form);
  await startFrameWatch(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForNewRun(page, before);
  await waitForResults(page);
  const record = await stopFrameWatch(page);
  const testStart = markTime(record, TIMING_MARKS.testStart);
  if (testStart === undefined) throw new Error('The app set no test-start mark.');
  return {
    training: summarizeFrames(record, { toMs: testStart }),
    results: summarizeFrames(record, { fromMs: testStart }),
  };
}

/** Runs each case `runs` times on `page` (MNIST downloaded), logging each run. */
export async function measureSmoothness(
  page: Page,
  cases: readonly SmoothnessCase[],
  runs: number,
): Promise<SmoothnessResult[]> {
  const results: SmoothnessResult[] = [];
  for (const c of cases) {
    await chooseBackend(page, c.backend);
    const result: SmoothnessResult = { case: c, runs: [], loadBefore: loadavg()[0] };
    for (let i = 0; i < runs; i++) {
      const run = await watchedRun(page, c.form);
      result.runs.push(run);
      const t = run.training;
      console.log(
        `${c.backend} ${c.form.model} run ${i + 1}: ${t.frames} frames in ${Math.round(t.durationMs)} ms, ` +
          `longest gap ${Math.round(t.longestGapMs)} ms, ${t.longGaps} over 50 ms, ` +
          `${t.longTasks} long tasks (longest ${t.longestTaskMs} ms); testing and results: ` +
          `longest gap ${Math.round(run.results.longestGapMs)} ms, longest task ${run.results.longestTaskMs} ms`,
      );
    }
    results.push(result);
  }
  return results;
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-US')} ms`;
const count = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** One table row per case, for the window `which` of each run. */
function rows(results: SmoothnessResult[], which: keyof WatchedRun): string[][] {
  return results.map(({ case: c, runs }) => {
    const s = runs.map((r) => r[which]);
    const longestTask = Math.max(...s.map((x) => x.longestTaskMs));
    return [
      c.backend,
      `${c.form.model}, ${c.form.examples.toLocaleString('en-US')} × 1 epoch, batch ${c.form.batchSize}`,
      String(runs.length),
      ms(median(s.map((x) => x.durationMs))),
      ms(median(s.map((x) => x.longestGapMs))),
      ms(Math.max(...s.map((x) => x.longestGapMs))),
      count(median(s.map((x) => x.longGaps))),
      count(median(s.map((x) => x.longTasks))),
      longestTask > 0 ? ms(longestTask) : '—',
    ];
  });
}

const HEADER = [
  'Backend',
  'Training',
  'Runs',
  'Time (median)',
  'Longest frame gap (median)',
  'Longest frame gap (worst)',
  'Gaps over 50 ms (median)',
  'Long tasks (median)',
  'Longest task (worst)',
];
const ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'] as const;

/** The section of docs/BENCHMARKS.md: method, then a table for training and one for results. */
export function smoothnessSection(
  results: SmoothnessResult[],
  date: string,
  notes: string[] = [],
): string {
  const load = results
    .map((r) => `${r.loadBefore.toFixed(1)} (${r.case.backend} ${r.case.form.model})`)
    .join(', ');
  return `## Page smoothness while training (${date})

Short training runs in the app (Train pressed in the page, as a person does), each repeated
${results[0]?.runs.length ?? 0} times in a row on the same page, with the page's main thread
watched from inside it (\`test/e2e/support/frame-watch.ts\`): the time of every animation frame
and every task of 50 ms or more that the Long Tasks API reports. Per run: the longest gap
between two frames (16.7 ms is every frame at 60 Hz), how many gaps were over 50 ms (three
frames missed), how many long tasks ran and the longest. The table gives the median over the
runs and the worst run. The browser tests assert none of this: they only fail on a freeze, a
main-thread task over 250 ms. Frame gaps depend on how busy the machine is: its load average
(1 min) before each row's runs was ${load}.

### While training (from Train to the start of testing)

${markdownTable(HEADER, rows(results, 'training'), [...ALIGN])}

### While testing and showing the results (to the last of the 100 test images)

${markdownTable(HEADER, rows(results, 'results'), [...ALIGN])}
${notes.length ? `\n${notes.join('\n\n')}\n` : ''}`;
}
