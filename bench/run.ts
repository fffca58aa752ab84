/**
 * `npm run bench`: measures MNIST Studio in headless Chromium on this machine, through the app
 * itself, and writes docs/BENCHMARKS.md.
 *
 * 1. Training speed: the app's "Measure speed" times real training batches (batch 320) of each
 *    model on each backend that works here (median after warm-up).
 * 2. Seeded runs: seeds 1–5 of `conv` and `dense` with the book's recipe (10 epochs, batch 320,
 *    all 51,000 training images) and of `conv` with the Fast recipe, on the automatically chosen
 *    backend: test accuracy with and without best-epoch restore, time to 99%, training time.
 *
 * 3. Kernel profile: where one training step of the listing 4.1 convnet goes, kernel by kernel,
 *    with TF.js' own WASM kernels and with ours, on one thread and on every core, and on WebGL,
 *    plus single-image prediction time (bench/profile/, a page of its own running the app's
 *    worker modules).
 * 4. Page smoothness while training: short runs in the app, several per backend, with frame
 *    gaps and long tasks on the page's main thread (bench/smoothness.ts).
 *
 * 5. Speed by batch size: conv steps with Adam at batch 16 to 320 (how the Fast recipe's batch
 *    was chosen).
 * 6. Inside the model: the time from "Inside the model" to the view drawn, on drawn digits
 *    (bench/inside.ts).
 * 7. Engines: start-up time and the app's speed table in Firefox ESR and WebKitGTK next to
 *    Chromium (bench/engines.ts).
 * 8. The bigger convnet (bench/big.ts): its step per kernel and backend, its speed in Node, and
 *    seeded full runs in the app with the Long recipe (`--big-seeds N`, default 3).
 * 9. The live camera: the readings per second the Camera tab shows with Chromium's fake camera
 *    playing a clean digit and photo-like pages, and the frame gaps meanwhile (bench/camera.ts).
 *
 * Flags: `--profile-only`, `--speed-only`, `--batches-only`, `--runs-only`, `--smoothness-only`,
 * `--inside-only`, `--finetune-only`, `--engines-only`, `--big-only`, `--camera-only` (several
 * combine), `--epochs N` (book runs; default 10), `--seeds N` (seeded runs per case; default 5),
 * `--smoothness-runs N` (runs per backend; default 5), `--engine-starts N` (fresh starts per
 * engine; default 5), `--inside-openings N` (default 10), `--camera-runs N` (default 3).
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import {
  BOOK_RECIPE,
  FAST_RECIPE,
  type RunRecord,
  type SpeedResult,
} from '../src/shared/protocol.ts';
import {
  downloadMnist,
  fillTrainForm,
  openApp,
  runRows,
  waitForNewRun,
  whole,
} from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { serveBuild } from '../test/e2e/support/server.ts';
import { bigSection, nodeSpeedBig, profileBig } from './big.ts';
import { cameraSection, makeCameraClips, measureCamera } from './camera.ts';
import { describeMachine } from './machine.ts';
import { enginesSection, measureEngines } from './engines.ts';
import { insideSection, measureInside } from './inside.ts';
import { fineTuneSection, measureFineTune } from './finetune.ts';
import { profileTable } from './profile/report.ts';
import { runProfiles } from './profile/run.ts';
import type { ProfileRequest, ProfileResult } from './profile/protocol.ts';
import { lowerMedian, markdownTable, updateBenchmarks } from './report.ts';
import {
  measureSmoothness,
  SMOOTHNESS_CASES,
  smoothnessSection,
  WEBGPU_CASE,
} from './smoothness.ts';

const args = process.argv.slice(2);
const PARTS = [
  'profile',
  'inside',
  'finetune',
  'speed',
  'batches',
  'runs',
  'smoothness',
  'engines',
  'big',
  'camera',
] as const;
/** The parts asked for with `--<part>-only` flags; every part without any. */
const only = PARTS.filter((part) => args.includes(`--${part}-only`));
const wanted = (part: (typeof PARTS)[number]) => only.length === 0 || only.includes(part);
const numberAfter = (flag: string, fallback: number) => {
  const at = args.indexOf(flag);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const fullEpochs = numberAfter('--epochs', 10);
/** Seeds per seeded-run case (1 to N). */
const RUN_SEEDS = numberAfter('--seeds', 5);
const smoothnessRuns = numberAfter('--smoothness-runs', 5);
/** Fresh starts per engine in the engines part. */
const engineStarts = numberAfter('--engine-starts', 5);
/** Openings of the view inside the model. */
const insideOpenings = numberAfter('--inside-openings', 10);
/** Fine-tunes of the same 200 personal digits. */
const fineTuneRuns = numberAfter('--finetune-runs', 3);
/** Seeded full runs of the bigger convnet (about 10 minutes each here). */
const bigSeeds = numberAfter('--big-seeds', 3);
/** Runs (fresh pages) per camera clip. */
const cameraRuns = numberAfter('--camera-runs', 3);
const OUTPUT = 'docs/BENCHMARKS.md';
/** The README repeats the speed and full-run tables (same section markers). */
const README = 'README.md';
const SCREENSHOT = 'docs/screenshots/app-trained.png';

const INTRO = `# Benchmarks

Measured by \`npm run bench\` (see \`bench/run.ts\`) in headless Chromium against the production
build, through the app itself. Tests never assert timings; this file records them. Rerun it after
any change to the training or prediction path.
`;

/** Runs the app's speed measurement and reads its result table. */
async function measureSpeed(page: Page): Promise<SpeedResult[]> {
  await page.getByRole('button', { name: 'Measure speed' }).click();
  const cells = page.locator('[data-examples-per-second]');
  const progress = page.getByRole('progressbar', { name: 'Speed measurement progress' });
  await progress.waitFor({ timeout: 30_000 });
  await progress.waitFor({ state: 'detached', timeout: 3_600_000 });
  return cells.evaluateAll((elements) =>
    elements.map((e) => {
      const d = (e as HTMLElement).dataset;
      return {
        backend: d.backend,
        model: d.model,
        batchSize: Number(d.batchSize),
        examplesPerSecond: Number(d.examplesPerSecond),
        batchMs: Number(d.batchMs),
      } as SpeedResult;
    }),
  );
}

/** What the bench trains: a model with a recipe, over seeds 1 to `RUN_SEEDS`. */
interface RunCase {
  model: 'conv' | 'dense' | 'big';
  recipe: 'Book' | 'Fast' | 'Long';
}
const RUN_CASES: RunCase[] = [
  { model: 'conv', recipe: 'Book' },
  { model: 'dense', recipe: 'Book' },
  { model: 'conv', recipe: 'Fast' },
];

/** Trains one seeded run through the form (best epoch kept, tested each epoch); its record. */
async function seededRun(page: Page, run: RunCase, seed: number): Promise<RunRecord> {
  const rows = runRows(page);
  const before = await rows.count();
  await fillTrainForm(page, {
    model: run.model,
    recipe: run.recipe,
    ...(run.recipe === 'Book' ? { epochs: fullEpochs } : {}),
    examples: 51_000,
    seed,
    keepBest: true,
    testEachEpoch: true,
  });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForNewRun(page, before, { timeout: 6 * 3_600_000, intervalMs: 2_000 });
  return JSON.parse((await rows.first().getAttribute('data-run')) ?? '{}') as RunRecord;
}

/** The middle value (the lower of the two middle ones for an even count). */

/** The seeded-runs section: one row per run, then median and minimum per case. */
function runsSection(cases: { run: RunCase; records: RunRecord[] }[], date: string): string {
  const seconds = (ms: number | undefined) =>
    ms === undefined ? '—' : `${(ms / 1000).toFixed(0)} s`;
  const rows: string[][] = [];
  for (const { run, records } of cases) {
    for (const r of records) {
      const last = r.history?.at(-1)?.testAcc;
      rows.push([
        r.model,
        run.recipe,
        String(r.seed),
        r.backend,
        percent(r.testAccuracy),
        percent(last),
        r.bestEpoch === undefined ? '—' : `${r.bestEpoch} of ${r.epochs}`,
        seconds(r.reached99?.val?.ms),
        seconds(r.reached99?.test?.ms),
        seconds(r.durationMs),
      ]);
    }
    const kept = records.map((r) => r.testAccuracy);
    const final = records.map((r) => r.history?.at(-1)?.testAcc ?? NaN);
    const times = records.map((r) => r.durationMs);
    const reached = records.filter((r) => r.reached99?.test).length;
    rows.push([
      `**${run.model}**`,
      `**${run.recipe}**`,
      `**median (min)**`,
      '',
      `**${percent(lowerMedian(kept))} (${percent(Math.min(...kept))})**`,
      `**${percent(lowerMedian(final))} (${percent(Math.min(...final))})**`,
      '',
      '',
      `**${reached} of ${records.length} reached 99%**`,
      `**${seconds(lowerMedian(times))}**`,
    ]);
  }
  return `## Seeded runs in the app (${date})

Each row is one run in the app, trained through the form with seeds 1 to ${RUN_SEEDS} on all
51,000 training images (validation on the other 9,000), tested on the 10,000 test images after
every epoch, on the backend the app chose. *Book*: listing 4.2 (RMSprop ${BOOK_RECIPE.learningRate},
batch ${BOOK_RECIPE.batchSize}, ${fullEpochs} epochs). *Fast*: ${FAST_RECIPE.optimizer} ${FAST_RECIPE.learningRate} with a one-cycle schedule,
label smoothing ${FAST_RECIPE.labelSmoothing}, batch ${FAST_RECIPE.batchSize}, ${FAST_RECIPE.epochs} epochs. "Kept" is the test accuracy of the model the
run ends with, the best epoch's by validation accuracy (the app's default); "last epoch" is
the same run's test accuracy after its last epoch, which is what the run gives with "Keep the
best epoch" off (keeping the best changes nothing during training, only which weights stay at
the end). Times are training time without pauses, including each epoch's validation and test;
"99%" is when that accuracy was first reached (at the end of an epoch). The book reports about
99.0% for conv and 97.0% for dense.

${markdownTable(
  [
    'Model',
    'Recipe',
    'Seed',
    'Backend',
    'Test, kept',
    'Test, last epoch',
    'Best epoch',
    '99% validation',
    '99% test',
    'Training time',
  ],
  rows,
  ['l', 'l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
)}`;
}

const percent = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const round = (x: number) => Math.round(x).toLocaleString('en-US');
const minutes = (ms: number) =>
  `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

async function main(): Promise<void> {
  const { server, baseUrl } = await serveBuild();
  const browser = await launchChromium();
  const started = performance.now();
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1440, height: 900 } })
    ).newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await openApp(page, baseUrl);
    await downloadMnist(page);
    const gpu =
      (await page
        .locator('[data-gpu-renderer]')
        .first()
        .getAttribute('data-gpu-renderer')
        .catch(() => null)) ?? 'no WebGL';
    const machine = describeMachine(browser.version(), gpu);
    const date = new Date().toISOString().slice(0, 10);
    const sections: Record<string, string> = {};

    if (wanted('profile')) {
      console.log('Profiling one training step per kernel…');
      const cores = os.availableParallelism();
      // 20 timed steps: V8 tiers hot WASM up in the background during the first few.
      const base = { model: 'conv', batchSize: 320, steps: 20 } as const;
      const requests: ProfileRequest[] = [
        { ...base, backend: 'wasm', kernels: 'stock', threads: 1 },
        { ...base, backend: 'wasm', kernels: 'stock', threads: cores },
        { ...base, backend: 'wasm', kernels: 'studio', threads: 1 },
        { ...base, backend: 'wasm', kernels: 'studio', threads: cores },
        // The same without the helper threads of our own kernels (team.ts): what they add.
        { ...base, backend: 'wasm', kernels: 'studio', threads: cores, kernelHelpers: false },
        { ...base, backend: 'webgl', kernels: 'studio', threads: 1, steps: 3 },
      ];
      const log = (r: ProfileResult) =>
        console.log(`${r.backend} ${r.kernels} ×${r.threadsUsed}: ${r.stepMs.toFixed(1)} ms`);
      const profiles = await runProfiles(browser, requests, log);
      // WebGPU only behind a flag here (headless Chromium offers no adapter without it).
      const gpuBrowser = await launchChromium(['--enable-unsafe-webgpu']);
      try {
        const webgpu = { ...base, backend: 'webgpu', kernels: 'studio', threads: 1, steps: 1 };
        profiles.push(...(await runProfiles(gpuBrowser, [webgpu as ProfileRequest], log)));
      } catch (error) {
        console.warn('WebGPU could not be profiled here:', error);
      } finally {
        await gpuBrowser.close();
      }
      sections.profile = `## Where a training step goes (${date})

One training step of the listing 4.1 convnet at batch 320 (\`trainOnBatch\`), milliseconds per
kernel from \`tf.profile\` (all calls of a kernel summed), measured in the same run with TF.js
4.22's own WASM kernels ("before"; plus our composed \`Conv2DBackpropFilter\`, which TF.js lacks)
and with ours ("after", src/worker/backend/wasm-kernels/ and assembly/kernels.ts), whose SIMD
kernels run on as many threads as TF.js' own through helper workers, or, in the column marked
"ours on 1", on the training worker's thread alone (as before 2026-12-03). The step time
is the median of ${base.steps} timed steps after two warm-up steps; prediction is the median
time of one \`predict\` on a single image in the worker. WebGL and WebGPU run on SwiftShader
(software rendering) on this machine, which has no GPU: their figures say nothing about a real
GPU, where they are the fast backends.

${profileTable(profiles)}`;
      console.log(sections.profile);
    }

    if (wanted('batches')) {
      console.log('Timing conv training steps with Adam at several batch sizes…');
      const sizes = [16, 32, 48, 64, 96, 128, 320];
      const requests: ProfileRequest[] = sizes.map((batchSize) => ({
        backend: 'wasm',
        kernels: 'studio',
        threads: 0,
        model: 'conv',
        optimizer: 'adam',
        batchSize,
        steps: Math.max(8, Math.round(2_560 / batchSize)),
      }));
      const results = await runProfiles(browser, requests, (r) =>
        console.log(`batch ${r.batchSize}: ${r.stepMs.toFixed(1)} ms`),
      );
      sections.batches = `## Speed by batch size (${date})

The listing 4.1 convnet trained with Adam on WASM (our kernels, every core), one batch size at a
time: median milliseconds per step after two warm-up steps, and what that means for one epoch
of 51,000 images (steps only: validation and tests come on top). Small batches learn more per
example but pay a fixed cost per step (op dispatch, the optimizer's updates): this table is how
the Fast recipe's batch size was chosen.

${markdownTable(
  ['Batch', 'ms per step', 'Examples/s', 'One epoch'],
  results.map((r) => [
    String(r.batchSize),
    r.stepMs.toFixed(1),
    round(r.examplesPerSecond),
    `${(51_000 / r.examplesPerSecond).toFixed(0)} s`,
  ]),
  ['r', 'r', 'r', 'r'],
)}`;
      console.log(sections.batches);
    }

    if (wanted('inside')) {
      console.log('Opening the view inside the model on drawn digits…');
      const badge = page.getByText(whole('Backend: (WebGPU|WebGL|WASM|CPU)'));
      const backend = ((await badge.textContent()) ?? '').replace('Backend:', '').trim();
      const openings = await measureInside(page, insideOpenings);
      sections.inside = insideSection(openings, backend, date);
      console.log(sections.inside);
    }

    if (wanted('camera')) {
      console.log(`Reading the fake camera's clips, ${cameraRuns} runs each…`);
      const clips = makeCameraClips();
      const figures = await measureCamera(baseUrl, clips, cameraRuns).finally(() =>
        // The clips (~14 MB) live in one temporary folder.
        rmSync(dirname(clips[0].file), { recursive: true, force: true }),
      );
      sections.camera = cameraSection(figures, date);
      console.log(sections.camera);
    }

    if (wanted('finetune')) {
      console.log('Learning a different hand from 200 digits…');
      const badge = page.getByText(whole('Backend: (WebGPU|WebGL|WASM|CPU)'));
      const backend = ((await badge.textContent()) ?? '').replace('Backend:', '').trim();
      const timings = await measureFineTune(page, fineTuneRuns);
      sections.finetune = fineTuneSection(timings, backend, date);
      console.log(sections.finetune);
    }

    let chromiumSpeed: SpeedResult[] | undefined;
    if (wanted('speed')) {
      console.log('Measuring training speed of each model on each backend…');
      const results = await measureSpeed(page);
      chromiumSpeed = results;
      const models = [...new Set(results.map((r) => r.model))];
      const backends = [...new Set(results.map((r) => r.backend))];
      const cell = (backend: string, model: string) => {
        const r = results.find((x) => x.backend === backend && x.model === model);
        return r ? `${round(r.examplesPerSecond)} (${r.batchMs.toFixed(0)} ms)` : '—';
      };
      sections.speed = `## Training speed (${date})

Training examples per second, batch 320, median of 5 timed batches after warm-up, in the app's
worker (milliseconds per batch in brackets): what a person gets from "Measure speed". WASM runs
our training kernels on every core (threads shown in the backend panel); the stock TF.js WASM
figure is in "Where a training step goes" below.

${markdownTable(
  ['Backend', ...models],
  backends.map((b) => [b, ...models.map((m) => cell(b, m))]),
  ['l', ...models.map(() => 'r' as const)],
)}`;
      console.log(sections.speed);
    }

    if (wanted('runs')) {
      const cases: { run: RunCase; records: RunRecord[] }[] = [];
      for (const run of RUN_CASES) {
        const records: RunRecord[] = [];
        for (let seed = 1; seed <= RUN_SEEDS; seed++) {
          console.log(`Training ${run.model} with the ${run.recipe} recipe, seed ${seed}…`);
          const record = await seededRun(page, run, seed);
          records.push(record);
          const { history, ...rest } = record;
          console.log(JSON.stringify({ ...rest, epochs: history?.length }));
          if (run.model === 'conv' && run.recipe === 'Book' && seed === 1) {
            // The README's picture of the app after training: the convnet's curves and results.
            await page.mouse.move(0, 0);
            // The "Training finished" note follows the row.
            const dismiss = page.getByRole('button', { name: 'Dismiss', exact: true });
            await dismiss
              .first()
              .waitFor({ timeout: 10_000 })
              .catch(() => undefined);
            while ((await dismiss.count()) > 0) await dismiss.first().click();
            await page.screenshot({ path: SCREENSHOT, fullPage: true });
          }
        }
        cases.push({ run, records });
      }
      sections.runs = runsSection(cases, date);
      console.log(sections.runs);
    }

    if (wanted('smoothness')) {
      console.log(`Watching the page while training, ${smoothnessRuns} runs per backend…`);
      const results = await measureSmoothness(page, SMOOTHNESS_CASES, smoothnessRuns);
      const notes: string[] = [];
      // WebGPU only behind a flag here, in a browser of its own.
      const gpuBrowser = await launchChromium(['--enable-unsafe-webgpu']);
      try {
        const gpuPage = await (
          await gpuBrowser.newContext({ viewport: { width: 1440, height: 900 } })
        ).newPage();
        await openApp(gpuPage, baseUrl);
        await downloadMnist(gpuPage);
        results.push(...(await measureSmoothness(gpuPage, [WEBGPU_CASE], smoothnessRuns)));
        notes.push(
          'WebGPU ran in a browser of its own, started with `--enable-unsafe-webgpu`. WebGL and ' +
            "WebGPU run on SwiftShader here, in Chromium's GPU process, which also composites " +
            'the page: their frame gaps include the GPU process compiling and running shaders ' +
            'on the CPU, which a real GPU would not cost.',
        );
      } catch (error) {
        console.warn('WebGPU could not be measured here:', error);
        notes.push('WebGPU: not measured (no adapter in this browser).');
      } finally {
        await gpuBrowser.close();
      }
      sections.smoothness = smoothnessSection(results, date, notes);
      console.log(sections.smoothness);
    }
    if (wanted('big')) {
      console.log('The bigger convnet: profile, Node speed, seeded runs with the Long recipe…');
      const profiles = await profileBig(browser);
      const node = await nodeSpeedBig().catch((error: unknown) => {
        console.warn('Node speed not measured:', error);
        return [];
      });
      console.log('Node:', JSON.stringify(node));
      const records: RunRecord[] = [];
      for (let seed = 1; seed <= bigSeeds; seed++) {
        console.log(`Training big with the Long recipe, seed ${seed}…`);
        const record = await seededRun(page, { model: 'big', recipe: 'Long' }, seed);
        const { history, ...rest } = record;
        console.log(JSON.stringify({ ...rest, test: history?.map((p) => p.testAcc) }));
        records.push(record);
      }
      sections.big = bigSection(profiles, node, records, date);
      console.log(sections.big);
    }
    if (wanted('engines')) {
      console.log(`Starting the app ${engineStarts} times in each engine and measuring speed…`);
      chromiumSpeed ??= await measureSpeed(page);
      const figures = await measureEngines(baseUrl, engineStarts);
      sections.engines = enginesSection(
        figures,
        { version: machine.Browser.replace(/ \(.*$/, ''), speed: chromiumSpeed },
        date,
      );
      console.log(sections.engines);
    }
    if (only.length === 0) {
      sections.machine = `## Machine (${date})\n\n${markdownTable(
        ['', ''],
        Object.entries(machine).map(([k, v]) => [k, v]),
      )}`;
    } else {
      // A part run on its own leaves the Machine table to the full run it describes, and says
      // where it ran in its own section.
      const where =
        `Measured on ${machine.CPU}, ${machine.Cores} cores, ${machine.Memory}, ${machine.Browser}, ` +
        `by \`npm run bench -- ${only.map((part) => `--${part}-only`).join(' ')}\` (the Machine ` +
        `table describes the last full bench run).`;
      for (const name of Object.keys(sections)) {
        sections[name] = `${sections[name].trimEnd()}\n\n${where}\n`;
      }
    }
    await updateBenchmarks(OUTPUT, INTRO, sections);
    // The README repeats the tables and links here for the machine.
    // (one heading level down, under its "Benchmarks" section).
    const tables = Object.fromEntries(
      Object.entries(sections)
        .filter(([name]) => name === 'speed' || name === 'runs')
        .map(([name, body]) => [name, body.replace(/^## /gm, '### ')]),
    );
    await updateBenchmarks(README, '', tables);
    console.log(`Wrote ${OUTPUT} and ${README} in ${minutes(performance.now() - started)}.`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
