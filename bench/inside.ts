/**
 * "Inside the model" (issue 15): how long the view takes to open after a digit is read, and how
 * smooth the page stays while it draws. In the app, with the model that reads digits (the
 * starter model, listing 4.1, unless a run replaced it): draw a digit, wait for the answer, press
 * "Inside the model", and time the page's marks from the press (`insideAsked`) to the frame
 * after every layer is drawn (`insideShown`), with the frame watch running.
 */
import type { Page } from 'playwright-core';
import { TIMING_MARKS } from '../src/shared/timing-marks.ts';
import { draw, prediction } from '../test/e2e/support/app.ts';
import {
  startFrameWatch,
  stopFrameWatch,
  summarizeFrames,
} from '../test/e2e/support/frame-watch.ts';
import { lowerMedian, markdownTable } from './report.ts';

/** Digits to draw, as strokes in fractions of the pad (a 1, a 7, a 4, a 0, a 3, in turn). */
const DIGITS: [number, number][][][] = [
  [
    [
      [0.5, 0.15],
      [0.5, 0.85],
    ],
  ],
  [
    [
      [0.3, 0.2],
      [0.7, 0.2],
      [0.45, 0.85],
    ],
  ],
  [
    [
      [0.35, 0.15],
      [0.3, 0.55],
      [0.7, 0.55],
    ],
    [
      [0.6, 0.3],
      [0.6, 0.85],
    ],
  ],
  [
    [
      [0.5, 0.15],
      [0.3, 0.35],
      [0.3, 0.65],
      [0.5, 0.85],
      [0.7, 0.65],
      [0.7, 0.35],
      [0.5, 0.15],
    ],
  ],
  [
    [
      [0.3, 0.2],
      [0.65, 0.25],
      [0.45, 0.48],
      [0.7, 0.7],
      [0.3, 0.82],
    ],
  ],
];

/** One opening of the view. */
export interface InsideOpening {
  digit: number;
  /** From the press to the frame after every layer was drawn. */
  openMs: number;
  /** The worker's time for the whole view (every layer and the saliency map). */
  workerMs: number;
  longestGapMs: number;
  longTasks: number;
}

/** Opens the view `count` times on drawn digits and times each opening. */
export async function measureInside(page: Page, count: number): Promise<InsideOpening[]> {
  const openings: InsideOpening[] = [];
  const pad = page.getByLabel('Drawing pad');
  await pad.scrollIntoViewIfNeeded();
  for (let i = 0; i < count; i++) {
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await draw(page, DIGITS[i % DIGITS.length]);
    const digit = await prediction(page);
    await page.evaluate(() => performance.clearMarks());
    await startFrameWatch(page);
    await page.getByRole('button', { name: 'Inside the model', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Inside the model' });
    await page.waitForFunction(
      (name) => performance.getEntriesByName(name).length > 0,
      TIMING_MARKS.insideShown,
    );
    const record = await stopFrameWatch(page);
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const { openMs, workerMs } = await page.evaluate(
      ([asked, shown]) => {
        const element = document
          .querySelector('ms-app')
          ?.shadowRoot?.querySelector('ms-inside-view');
        const view = (element as { view?: { ms: number } } | null | undefined)?.view;
        return {
          openMs:
            performance.getEntriesByName(shown)[0].startTime -
            performance.getEntriesByName(asked)[0].startTime,
          workerMs: view?.ms ?? NaN,
        };
      },
      [TIMING_MARKS.insideAsked, TIMING_MARKS.insideShown] as const,
    );
    const frames = summarizeFrames(record);
    openings.push({
      digit,
      openMs,
      workerMs,
      longestGapMs: frames.longestGapMs,
      longTasks: frames.longTasks,
    });
    console.log(`view of a ${digit}: ${openMs.toFixed(0)} ms (worker ${workerMs.toFixed(0)} ms)`);
    await dialog.getByRole('button', { name: 'Close' }).click();
  }
  return openings;
}

/** The section: median and range of the opening time, worker time and frame gaps. */
export function insideSection(openings: InsideOpening[], backend: string, date: string): string {
  const row = (name: string, values: number[]) => [
    name,
    `${lowerMedian(values).toFixed(0)} ms`,
    `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`,
  ];
  return `## Inside the model: opening the view (${date})

The "Inside the model" view on a digit drawn on the pad and read by the starter model (listing
4.1), ${openings.length} times (a 1, a 7, a 4, a 0 and a 3 in turn), on ${backend}: from the press
of the button to the frame after every layer's maps, the filters and the saliency map are drawn
(User Timing marks \`${TIMING_MARKS.insideAsked}\` and \`${TIMING_MARKS.insideShown}\`). The
worker's part is one pass of a model with every layer as an output, the conv kernels, and the
occlusion saliency map (one forward pass over the copies of the image with each inked 3 × 3
square blanked). The frame watch ran from the press to the view shown.

${markdownTable(
  ['', 'Median', 'Range'],
  [
    row(
      'Press to view shown',
      openings.map((o) => o.openMs),
    ),
    row(
      'Worker (layers + saliency)',
      openings.map((o) => o.workerMs),
    ),
    row(
      'Longest frame gap',
      openings.map((o) => o.longestGapMs),
    ),
  ],
  ['l', 'r', 'r'],
)}

Long tasks (over 50 ms) on the page's main thread while opening: ${openings
    .map((o) => o.longTasks)
    .reduce((a, b) => a + b, 0)} in ${openings.length} openings.`;
}
