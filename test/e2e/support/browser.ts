/** Debian's Chromium driven by playwright-core, launched the way this closed network needs. */
import { chromium, type Browser, type Page } from 'playwright-core';

/** Flags without which Chromium stalls on background connections a closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Starts headless Chromium (`CHROMIUM_PATH` overrides `/usr/bin/chromium`). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Forwards the page's errors to the test log, so a failure says what the app said. */
export function logPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * The longest gap between two frames a smooth page has: two missed frames of the 60 Hz frame
 * clock. Longer is a stutter a person sees.
 */
export const MAX_FRAME_GAP_MS = 50;

/** What the frame watch saw: the longest gap, frames drawn, and every gap over the limit. */
export interface FrameReport {
  maxGapMs: number;
  frames: number;
  /** Main-thread tasks of 50 ms or more (the Long Tasks API), in page time. */
  longTasks: { atMs: number; ms: number }[];
  /** Gaps over `MAX_FRAME_GAP_MS`, each with the test's latest mark before it, to say why. */
  longGaps: { atMs: number; gapMs: number; after: string }[];
  /** Where the watch's window ended (page time): the `until` mark, or when it stopped. */
  endMs: number;
  /** Whether the page set the `until` mark while watching. */
  sawMark: boolean;
}

interface FrameWatch {
  on: boolean;
  startMs: number;
  /** Every animation frame's time while watching. */
  frameTimes: number[];
  longTasks: { atMs: number; ms: number }[];
  marks: { atMs: number; label: string }[];
}

/**
 * Watches the main thread from inside the page: the time of every animation frame, and the
 * Long Tasks API's tasks.
 */
export async function startFrameWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frameWatch: FrameWatch };
    const watch: FrameWatch = {
      on: true,
      startMs: performance.now(),
      frameTimes: [],
      longTasks: [],
      marks: [],
    };
    w.__frameWatch = watch;
    new PerformanceObserver((list) => {
      if (!watch.on) return;
      for (const task of list.getEntries()) {
        watch.longTasks.push({ atMs: Math.round(task.startTime), ms: Math.round(task.duration) });
      }
    }).observe({ type: 'longtask' });
    const tick = (t: number) => {
      if (!watch.on) return;
      watch.frameTimes.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Notes what the test is about to do, so a long gap can be traced to it. */
export async function markFrameWatch(page: Page, label: string): Promise<void> {
  await page.evaluate((text) => {
    const watch = (window as unknown as { __frameWatch: FrameWatch }).__frameWatch;
    watch.marks.push({ atMs: performance.now(), label: text });
  }, label);
}

/**
 * Stops the watch and returns what it saw, up to the page's User Timing mark `until` when the
 * page set it while watching (the frame that ends a gap begun before it still counts).
 */
export async function stopFrameWatch(page: Page, until?: string): Promise<FrameReport> {
  return page.evaluate(
    ({ untilMark, maxGapMs }) => {
      const watch = (window as unknown as { __frameWatch: FrameWatch }).__frameWatch;
      watch.on = false;
      const mark = untilMark
        ? performance.getEntriesByName(untilMark, 'mark').find((m) => m.startTime >= watch.startMs)
        : undefined;
      const endMs = mark?.startTime ?? performance.now();
      const report: FrameReport = {
        maxGapMs: 0,
        frames: 0,
        longGaps: [],
        longTasks: watch.longTasks.filter((task) => task.atMs < endMs),
        endMs: Math.round(endMs),
        sawMark: mark !== undefined,
      };
      let last = watch.startMs;
      for (const t of watch.frameTimes) {
        if (last >= endMs) break;
        const gap = t - last;
        report.maxGapMs = Math.max(report.maxGapMs, gap);
        if (gap > maxGapMs) {
          const after = watch.marks.filter((m) => m.atMs <= last).at(-1)?.label ?? 'start';
          report.longGaps.push({ atMs: Math.round(last), gapMs: Math.round(gap), after });
        }
        report.frames++;
        last = t;
      }
      return report;
    },
    { untilMark: until, maxGapMs: MAX_FRAME_GAP_MS },
  );
}
