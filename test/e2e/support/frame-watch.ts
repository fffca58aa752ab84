/**
 * Watches a page's main thread from inside the page: the time of every animation frame, the
 * Long Tasks API's tasks (50 ms or more) and the page's User Timing marks. The browser tests use
 * it for their freeze canary (`freezes`), the benchmark for its smoothness table
 * (bench/smoothness.ts, `summarizeFrames`). Nothing here passes or fails on a frame gap: gaps
 * depend on how busy the machine is, and belong in the benchmark.
 */
import type { Page } from 'playwright-core';

/**
 * A main-thread task this long is a freeze a person feels: a click, a key or a scroll waits for
 * it (Web Vitals call a response within 200 ms good). Five times the Long Tasks API's 50 ms, so
 * that a busy 2-core machine stretching an ordinary 40–60 ms task (a results card, a chart
 * redraw) does not trip it; a page that stops answering does.
 */
export const FREEZE_MS = 250;

/** A main-thread task the Long Tasks API reported, in page time. */
export interface LongTask {
  atMs: number;
  ms: number;
}

/** A point in the watch: a label the test gave (`markFrameWatch`) or a User Timing mark. */
export interface WatchMark {
  atMs: number;
  label: string;
}

/** What the watch saw, in page time (`performance.now()`). */
export interface FrameRecord {
  startMs: number;
  endMs: number;
  /** Every animation frame's time. */
  frameTimes: number[];
  longTasks: LongTask[];
  /** The test's labels and the page's User Timing marks while watching, in time order. */
  marks: WatchMark[];
}

/** The watch as it lives in the page (`window.__frameWatch`). */
interface PageWatch {
  on: boolean;
  startMs: number;
  frameTimes: number[];
  longTasks: LongTask[];
  labels: WatchMark[];
  observer: PerformanceObserver;
  /** The frame callback (a property, not a named function: see startFrameWatch). */
  onFrame?: FrameRequestCallback;
}

/** Starts watching the main thread: animation frames, long tasks, marks. */
export async function startFrameWatch(page: Page): Promise<void> {
  // No named functions inside (the frame callback is a property): tsx, which runs the bench,
  // wraps named functions in its `__name` helper, which the page does not have.
  await page.evaluate(() => {
    const w = window as unknown as { __frameWatch?: PageWatch };
    w.__frameWatch?.observer.disconnect();
    const longTasks: LongTask[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const task of list.getEntries()) {
        longTasks.push({ atMs: Math.round(task.startTime), ms: Math.round(task.duration) });
      }
    });
    observer.observe({ type: 'longtask' });
    const watch: PageWatch = {
      on: true,
      startMs: performance.now(),
      frameTimes: [],
      longTasks,
      labels: [],
      observer,
    };
    w.__frameWatch = watch;
    watch.onFrame = (t) => {
      if (!watch.on || !watch.onFrame) return;
      watch.frameTimes.push(t);
      requestAnimationFrame(watch.onFrame);
    };
    requestAnimationFrame(watch.onFrame);
  });
}

/** Notes what the test is about to do, so a freeze can be traced to it. */
export async function markFrameWatch(page: Page, label: string): Promise<void> {
  await page.evaluate((text) => {
    const watch = (window as unknown as { __frameWatch: PageWatch }).__frameWatch;
    watch.labels.push({ atMs: performance.now(), label: text });
  }, label);
}

/** Stops the watch and returns everything it saw. */
export async function stopFrameWatch(page: Page): Promise<FrameRecord> {
  return page.evaluate(() => {
    const watch = (window as unknown as { __frameWatch: PageWatch }).__frameWatch;
    watch.on = false;
    const endMs = performance.now();
    // Entries the observer has queued but not yet delivered.
    for (const task of watch.observer.takeRecords()) {
      watch.longTasks.push({ atMs: Math.round(task.startTime), ms: Math.round(task.duration) });
    }
    watch.observer.disconnect();
    const marks = [
      ...watch.labels,
      ...performance
        .getEntriesByType('mark')
        .filter((m) => m.startTime >= watch.startMs)
        .map((m) => ({ atMs: m.startTime, label: m.name })),
    ].sort((a, b) => a.atMs - b.atMs);
    return {
      startMs: watch.startMs,
      endMs,
      frameTimes: watch.frameTimes,
      longTasks: watch.longTasks.filter((task) => task.atMs >= Math.floor(watch.startMs)),
      marks,
    };
  });
}

/** When the page set User Timing mark (or the test gave label) `name` first, if it did. */
export function markTime(record: FrameRecord, name: string): number | undefined {
  return record.marks.find((m) => m.label === name)?.atMs;
}

/** The label or mark last set at or before `atMs`, to say what the page was doing. */
function lastMarkBefore(record: FrameRecord, atMs: number): string {
  return record.marks.filter((m) => m.atMs <= atMs).at(-1)?.label ?? 'start';
}

/**
 * The freeze canary: main-thread tasks longer than `FREEZE_MS`, each with the mark before it.
 * Empty on a page that stays responsive, however busy the machine's cores are.
 */
export function freezes(record: FrameRecord): (LongTask & { after: string })[] {
  return record.longTasks
    .filter((task) => task.ms > FREEZE_MS)
    .map((task) => ({ ...task, after: lastMarkBefore(record, task.atMs) }));
}

/** How smooth a stretch of the watch was. */
export interface FrameSummary {
  durationMs: number;
  frames: number;
  /** The longest time between two frames (from the window's start to its first frame too). */
  longestGapMs: number;
  /** Gaps longer than `gapOverMs` (50 ms: three frames of a 60 Hz display missed). */
  longGaps: number;
  longTasks: number;
  longestTaskMs: number;
}

/**
 * Summarises the gaps that begin in `[fromMs, toMs)` (the frame that ends a gap begun inside
 * still counts) and the long tasks that start there.
 */
export function summarizeFrames(
  record: FrameRecord,
  { fromMs = record.startMs, toMs = record.endMs, gapOverMs = 50 } = {},
): FrameSummary {
  const summary: FrameSummary = {
    durationMs: toMs - fromMs,
    frames: 0,
    longestGapMs: 0,
    longGaps: 0,
    longTasks: 0,
    longestTaskMs: 0,
  };
  let last = record.startMs;
  for (const t of record.frameTimes) {
    if (last >= toMs) break;
    if (last >= fromMs) {
      const gap = t - last;
      summary.frames++;
      summary.longestGapMs = Math.max(summary.longestGapMs, gap);
      if (gap > gapOverMs) summary.longGaps++;
    }
    last = t;
  }
  for (const task of record.longTasks) {
    if (task.atMs < fromMs || task.atMs >= toMs) continue;
    summary.longTasks++;
    summary.longestTaskMs = Math.max(summary.longestTaskMs, task.ms);
  }
  return summary;
}
