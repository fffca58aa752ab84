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

/** What the frame watch saw: the longest gap, frames drawn, and every gap over 50 ms. */
export interface FrameReport {
  maxGapMs: number;
  frames: number;
  /** Main-thread tasks of 50 ms or more (the Long Tasks API), in page time. */
  longTasks: { atMs: number; ms: number }[];
  /** Long gaps with the test's latest mark before them, to say what caused them. */
  longGaps: { atMs: number; gapMs: number; after: string }[];
}

interface FrameWatch extends FrameReport {
  on: boolean;
  mark: string;
}

/**
 * Watches the main thread from inside the page: the gaps between animation frames while
 * watching. A gap over 100 ms is a stutter a person sees.
 */
export async function startFrameWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __frameWatch: FrameWatch };
    const watch: FrameWatch = {
      maxGapMs: 0,
      frames: 0,
      longGaps: [],
      longTasks: [],
      on: true,
      mark: 'start',
    };
    w.__frameWatch = watch;
    new PerformanceObserver((list) => {
      if (!watch.on) return;
      for (const task of list.getEntries()) {
        watch.longTasks.push({ atMs: Math.round(task.startTime), ms: Math.round(task.duration) });
      }
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => {
      if (!watch.on) return;
      const gap = t - last;
      watch.maxGapMs = Math.max(watch.maxGapMs, gap);
      if (gap > 50)
        watch.longGaps.push({ atMs: Math.round(last), gapMs: Math.round(gap), after: watch.mark });
      watch.frames++;
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Notes what the test is about to do, so a long gap can be traced to it. */
export async function markFrameWatch(page: Page, label: string): Promise<void> {
  await page.evaluate((text) => {
    (window as unknown as { __frameWatch: FrameWatch }).__frameWatch.mark = text;
  }, label);
}

/** Stops the watch and returns what it saw. */
export async function stopFrameWatch(page: Page): Promise<FrameReport> {
  return page.evaluate(() => {
    const watch = (window as unknown as { __frameWatch: FrameWatch }).__frameWatch;
    watch.on = false;
    return {
      maxGapMs: watch.maxGapMs,
      frames: watch.frames,
      longGaps: watch.longGaps,
      longTasks: watch.longTasks,
    };
  });
}
