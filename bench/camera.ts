/**
 * The live camera (issue 14): how many readings per second the Camera tab shows, as a person
 * sees it ("N readings per second"), with Chromium's fake camera playing a Y4M clip, and how
 * smooth the page stays meanwhile. Each clip plays in a browser of its own (the clip is a launch
 * flag); each run opens the app on a fresh page, starts the camera, waits for the first reading
 * and then samples the rate shown and the digit read every half second.
 *
 * The clips: the e2e test's clean 7 on plain paper, and photo-like frames of
 * scripts/lib/realistic-photos.ts ('shadow', 'lined') enlarged to the camera's 640 × 480, in
 * colour, with the digit inside the guide square: what the worker's preprocessing (light
 * flattening, rule removal) is for.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { resampleGray, type RgbaImage } from '../src/shared/preprocess/resample.ts';
import { mulberry32 } from '../src/shared/random.ts';
import { guideSquare } from '../src/ui/rate-meter.ts';
import { FIRST_TEST_INDEX, renderRealisticPhoto } from '../scripts/lib/realistic-photos.ts';
import { openApp, whole } from '../test/e2e/support/app.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import {
  FREEZE_MS,
  freezes,
  markFrameWatch,
  markTime,
  startFrameWatch,
  stopFrameWatch,
  summarizeFrames,
} from '../test/e2e/support/frame-watch.ts';
import {
  encodeColourY4m,
  encodeY4m,
  mnistTestImage,
  paperWithDigit,
} from '../test/e2e/support/images.ts';
import { lowerMedian, markdownTable } from './report.ts';

/** The fake camera's frame size (what the app asks for: 640 × 480 ideal). */
const WIDTH = 640;
const HEIGHT = 480;
/**
 * How long after the first rate shown sampling starts: the meter counts the last second and the
 * page shows it every half second, so the first figures count a window not yet full.
 */
const SETTLE_MS = 1_500;
/** How long the rate is sampled, and how often. */
const SAMPLE_MS = 15_000;
const SAMPLE_EVERY_MS = 500;

/** One clip for the fake camera. */
export interface CameraClip {
  name: string;
  /** What the clip shows, for the section. */
  description: string;
  label: number;
  /** The Y4M file. */
  file: string;
}

/** What one run saw. */
export interface CameraRun {
  /** The rate shown at each sample (readings per second). */
  rates: number[];
  /** The digit shown at each sample (`null`: none read). */
  digits: (number | null)[];
  /** From pressing Start camera to the first reading. */
  firstReadingMs: number;
  /** The backend the app chose (its header's badge). */
  backend: string;
  longestGapMs: number;
  longTasks: number;
  freezes: number;
}

/** A clip's runs. */
export interface CameraFigures {
  clip: CameraClip;
  runs: CameraRun[];
  /** The machine's 1-minute load average before the clip's runs (other work shares it). */
  loadBefore: number;
}

/** `image` enlarged (bilinear, edges clamped) to `width` × `height`, channel by channel. */
function enlarge(image: RgbaImage, width: number, height: number): RgbaImage {
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const data = new Uint8ClampedArray(width * height * 4);
  for (let c = 0; c < 4; c++) {
    const channel = Float32Array.from(
      { length: image.width * image.height },
      (_, p) => image.data[p * 4 + c],
    );
    const resized = resampleGray({ ...image, data: channel }, whole, width, height).data;
    resized.forEach((value, p) => (data[p * 4 + c] = value));
  }
  return { data, width, height };
}

/**
 * A photo of MNIST test image `testIndex` in `condition`, enlarged to the camera's size: the
 * first seed (1, 2, …) whose digit lands inside the guide square with a margin, at least a third
 * of its side tall. The digit's box is where the photo differs from the same photo rendered
 * without ink (same seed: the page, light and noise draw the same random numbers).
 */
function photoInGuide(
  condition: 'shadow' | 'lined',
  testIndex: number,
): { image: RgbaImage; seed: number } {
  const { pixels } = mnistTestImage(testIndex);
  const guide = guideSquare(WIDTH, HEIGHT);
  const margin = 0.08 * guide.side;
  for (let seed = 1; seed <= 500; seed++) {
    const { image } = renderRealisticPhoto(pixels, condition, mulberry32(seed));
    const blank = renderRealisticPhoto(new Uint8Array(784), condition, mulberry32(seed)).image;
    const scale = WIDTH / image.width;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let p = 0; p < image.width * image.height; p++) {
      const i = p * 4;
      if (
        Math.abs(image.data[i] - blank.data[i]) + Math.abs(image.data[i + 2] - blank.data[i + 2]) <
        8
      )
        continue;
      const x = p % image.width;
      const y = (p - x) / image.width;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
    const inside =
      x0 * scale >= guide.x + margin &&
      y0 * scale >= guide.y + margin &&
      (x1 + 1) * scale <= guide.x + guide.side - margin &&
      (y1 + 1) * scale <= guide.y + guide.side - margin &&
      (y1 + 1 - y0) * scale >= guide.side / 3;
    if (inside) return { image: enlarge(image, WIDTH, HEIGHT), seed };
  }
  throw new Error(`No ${condition} photo of test image ${testIndex} puts the digit in the guide.`);
}

/** Writes the clips into a temporary folder. */
export function makeCameraClips(): CameraClip[] {
  const dir = mkdtempSync(join(tmpdir(), 'ms-bench-camera-'));
  const clips: CameraClip[] = [];
  const seven = mnistTestImage(0);
  const paper = join(dir, 'paper.y4m');
  // As the e2e test: the digit 8× (224 px) in the middle of the guide square, grey.
  writeFileSync(
    paper,
    encodeY4m(
      WIDTH,
      HEIGHT,
      paperWithDigit(seven.pixels, WIDTH, HEIGHT, { scale: 8, x: 208, y: 128 }),
    ),
  );
  clips.push({
    name: 'plain paper',
    description:
      'MNIST test image 0 (a 7) 8× on plain grey paper with a slight gradient, as the e2e test ' +
      'shows it',
    label: seven.label,
    file: paper,
  });
  const photos = [
    {
      condition: 'shadow',
      testIndex: FIRST_TEST_INDEX,
      what: 'plain paper with a soft shadow edge',
    },
    { condition: 'lined', testIndex: FIRST_TEST_INDEX + 1, what: 'lined paper, blue rules' },
  ] as const;
  for (const { condition, testIndex, what } of photos) {
    const { image, seed } = photoInGuide(condition, testIndex);
    const file = join(dir, `${condition}.y4m`);
    writeFileSync(file, encodeColourY4m(image));
    const label = mnistTestImage(testIndex).label;
    clips.push({
      name: condition,
      description:
        `realistic-photos.ts '${condition}' (${what}), MNIST test image ${testIndex} (a ` +
        `${label}), seed ${seed}, enlarged to ${WIDTH} × ${HEIGHT} in colour`,
      label,
      file,
    });
  }
  return clips;
}

/** The rate shown, or 0 while none is. */
const RATE = /(\d+) readings per second/;
/** The digit shown (the first one of "Prediction: 7 or 1?"), or `null`. */
const DIGIT = /Prediction: (\d)/;

/** One run: a fresh page, Start camera, the first reading, then `SAMPLE_MS` of samples. */
async function cameraRun(browser: Browser, baseUrl: string): Promise<CameraRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await openApp(page, baseUrl);
    const badge = page.getByText(whole('Backend: (WebGPU|WebGL|WASM|CPU)'));
    const backend = ((await badge.textContent()) ?? '').replace('Backend:', '').trim();
    await page.getByRole('tab', { name: 'Camera' }).click();
    const rateText = page.getByText(RATE);
    const answer = page.getByText(whole(String.raw`Prediction: \d( or \d\?)?`));
    const read = async (locator: typeof rateText, pattern: RegExp) =>
      pattern.exec((await locator.textContent({ timeout: 5_000 }).catch(() => '')) ?? '')?.[1];
    await startFrameWatch(page);
    await markFrameWatch(page, 'start camera');
    const started = Date.now();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await answer.waitFor({ timeout: 60_000 });
    const firstReadingMs = Date.now() - started;
    // The first rate above 0 (the meter counts the last second, shown every half second).
    for (let waited = 0; Number((await read(rateText, RATE)) ?? 0) === 0; waited += 100) {
      if (waited > 30_000) throw new Error('The camera showed no readings per second.');
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(SETTLE_MS);
    await markFrameWatch(page, 'reading');
    const rates: number[] = [];
    const digits: (number | null)[] = [];
    const end = Date.now() + SAMPLE_MS;
    while (Date.now() < end) {
      rates.push(Number((await read(rateText, RATE)) ?? 0));
      const digit = await read(answer, DIGIT);
      digits.push(digit === undefined ? null : Number(digit));
      await page.waitForTimeout(SAMPLE_EVERY_MS);
    }
    const record = await stopFrameWatch(page);
    const frames = summarizeFrames(record, { fromMs: markTime(record, 'reading') });
    await page.getByRole('button', { name: 'Stop camera' }).click();
    return {
      rates,
      digits,
      firstReadingMs,
      backend,
      longestGapMs: frames.longestGapMs,
      longTasks: frames.longTasks,
      freezes: freezes(record).length,
    };
  } finally {
    await context.close();
  }
}

/** `runs` runs of each clip, each clip in a browser started with the fake camera playing it. */
export async function measureCamera(
  baseUrl: string,
  clips: CameraClip[],
  runs: number,
): Promise<CameraFigures[]> {
  const figures: CameraFigures[] = [];
  for (const clip of clips) {
    const browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${clip.file}`,
    ]);
    const loadBefore = loadavg()[0];
    try {
      const clipRuns: CameraRun[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await cameraRun(browser, baseUrl);
        console.log(
          `${clip.name}, run ${i + 1}: ${run.rates.join(' ')} readings/s; read ` +
            `${[...new Set(run.digits)].join(', ')}; longest frame gap ` +
            `${run.longestGapMs.toFixed(0)} ms`,
        );
        clipRuns.push(run);
      }
      figures.push({ clip, runs: clipRuns, loadBefore });
    } finally {
      await browser.close();
    }
  }
  return figures;
}

const range = (values: number[], unit = '') =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}${unit}`;

/** What was read over every sample: "7 (all 90)" or "7 (85 of 90), 1 (5)". */
function digitsRead(digits: (number | null)[]): string {
  const counts = new Map<string, number>();
  for (const digit of digits) {
    const key = digit === null ? 'none' : String(digit);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 1) return `${sorted[0][0]} (all ${digits.length})`;
  return sorted
    .map(([d, n], i) => (i === 0 ? `${d} (${n} of ${digits.length})` : `${d} (${n})`))
    .join(', ');
}

/** The section: per clip, the rate's median and range over every sample of every run. */
export function cameraSection(figures: CameraFigures[], date: string): string {
  const rows = figures.map(({ clip, runs }) => {
    const rates = runs.flatMap((r) => r.rates);
    const gaps = runs.map((r) => r.longestGapMs);
    return [
      clip.name,
      String(clip.label),
      digitsRead(runs.flatMap((r) => r.digits)),
      `**${lowerMedian(rates)}**`,
      range(rates),
      runs.map((r) => lowerMedian(r.rates)).join(', '),
      `${lowerMedian(runs.map((r) => r.firstReadingMs / 1000)).toFixed(1)} s`,
      `${lowerMedian(gaps).toFixed(0)} ms (${range(gaps, ' ms')})`,
      String(runs.reduce((n, r) => n + r.longTasks, 0)),
      String(runs.reduce((n, r) => n + r.freezes, 0)),
    ];
  });
  const runs = figures[0]?.runs.length ?? 0;
  const backends = [...new Set(figures.flatMap((f) => f.runs.map((r) => r.backend)))].join(', ');
  const loads = figures.map((f) => f.loadBefore.toFixed(1)).join(', ');
  return `## The live camera: readings per second (${date})

The Camera tab reading Chromium's fake camera (\`--use-fake-device-for-media-stream\`,
\`--use-file-for-fake-video-capture\`) playing a ${WIDTH} × ${HEIGHT} Y4M clip at 30 frames/s, with the
starter model on ${backends}, through the whole path a real camera takes: the guide square
cropped and scaled to 224 × 224 on the page, sent to the worker, preprocessed (light flattening,
rule removal, ink, centring) and read; a frame that comes while one is being read is dropped.
${runs} runs per clip, each on a fresh page: Start camera, wait for the first reading and the
first rate shown, let the meter's one-second window fill (${SETTLE_MS / 1000} s), then sample the rate the
page shows ("N readings per second": readings in the last second, refreshed every half second)
and the digit shown every ${SAMPLE_EVERY_MS} ms for ${SAMPLE_MS / 1000} s. Median and range are
over every sample of every run. The next reading waits for the next video frame, so the rate
steps with the clip's 30 frames/s: 15 is a reading every second frame (each read took one to
two frame times), 10 every third. "Start to first reading" includes the worker's first read
(model loading and warm-up on the fresh page). The frame watch ran over the ${SAMPLE_MS / 1000} s
sampled: long tasks are main-thread tasks over 50 ms, freezes over ${FREEZE_MS} ms. The machine's
1-minute load average before each clip's runs: ${loads} (other work may share the machine).
bench/camera.ts.

${figures.map(({ clip }) => `- **${clip.name}**: ${clip.description}.`).join('\n')}

${markdownTable(
  [
    'Clip',
    'Digit',
    'Read (samples)',
    'Readings/s, median',
    'Range (every sample)',
    'Median per run',
    'Start to first reading',
    'Longest frame gap, median (range)',
    'Long tasks',
    'Freezes',
  ],
  rows,
  ['l', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
)}`;
}
