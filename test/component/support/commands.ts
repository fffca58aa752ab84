/**
 * Browser commands: run by vitest in Node with Playwright's page, for what a test page cannot do
 * to itself. Real mouse strokes, because synthetic pointer events cannot be captured
 * (`setPointerCapture` refuses a pointer the browser does not know); one click of a double click
 * at a time, so the page can change between them.
 */
import type { BrowserCommand } from 'vitest/node';
import type {} from '@vitest/browser-playwright';

/** A point in CSS pixels of the test page's viewport. */
type Point = readonly [x: number, y: number];

/** Draws each stroke with the mouse: down at its first point, through the others, up. */
export const drawStrokes: BrowserCommand<[strokes: readonly (readonly Point[])[]]> = async (
  context,
  strokes,
) => {
  const at = await pageToScreen(context);
  const mouse = context.page.mouse;
  for (const [first, ...rest] of strokes) {
    await mouse.move(...at(first));
    await mouse.down();
    for (const point of rest) await mouse.move(...at(point), { steps: 5 });
    await mouse.up();
  }
};

/** One click whose `detail` is `clickCount` (2: the second click of a double click). */
export const clickAt: BrowserCommand<[point: Point, clickCount: number]> = async (
  context,
  point,
  clickCount,
) => {
  const at = await pageToScreen(context);
  const mouse = context.page.mouse;
  await mouse.move(...at(point));
  await mouse.down({ clickCount });
  await mouse.up({ clickCount });
};

/** Maps the test page's CSS pixels to Playwright's: the page is an iframe, maybe scaled. */
async function pageToScreen(context: Parameters<BrowserCommand>[0]) {
  const frame = await context.frame();
  const box = await (await frame.frameElement()).boundingBox();
  if (!box) throw new Error('The test page is not on screen');
  const scale = box.width / (await frame.evaluate(() => window.innerWidth));
  return ([x, y]: Point) => [box.x + x * scale, box.y + y * scale] as const;
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Draws strokes with the real mouse; points in CSS pixels of the test page. */
    drawStrokes: (strokes: readonly (readonly Point[])[]) => Promise<void>;
    /** One click with this click count (`detail`); the point in CSS pixels of the test page. */
    clickAt: (point: Point, clickCount: number) => Promise<void>;
  }
}
