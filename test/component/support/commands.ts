/**
 * Browser commands: run by vitest in Node with Playwright's page, for what a test page cannot do
 * to itself. Real mouse strokes, because synthetic pointer events cannot be captured
 * (`setPointerCapture` refuses a pointer the browser does not know).
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
  // The test page is an iframe of vitest's page, maybe scaled to fit it.
  const frame = await context.frame();
  const box = await (await frame.frameElement()).boundingBox();
  if (!box) throw new Error('The test page is not on screen');
  const scale = box.width / (await frame.evaluate(() => window.innerWidth));
  const mouse = context.page.mouse;
  const at = ([x, y]: Point) => [box.x + x * scale, box.y + y * scale] as const;
  for (const [first, ...rest] of strokes) {
    await mouse.move(...at(first));
    await mouse.down();
    for (const point of rest) await mouse.move(...at(point), { steps: 5 });
    await mouse.up();
  }
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Draws strokes with the real mouse; points in CSS pixels of the test page. */
    drawStrokes: (strokes: readonly (readonly Point[])[]) => Promise<void>;
  }
}
