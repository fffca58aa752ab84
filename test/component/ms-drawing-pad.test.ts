/**
 * <ms-drawing-pad> in Chromium: strokes by mouse (the real one, through Playwright) and by
 * keyboard are read as images of the pad, and Clear ends the drawing at once: `cleared` is
 * called, a read under way gets an aborted signal, no read follows for the cleared drawing, and
 * the next stroke is read on an empty pad with a new signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commands, page, userEvent } from 'vitest/browser';
import '../../src/ui/elements/ms-drawing-pad.ts';
import { mount, recorder, sleep, until } from './support/mount.ts';

/** A pad on the page whose reads and clears are recorded; waits until it has its size. */
async function pad() {
  const reads = recorder(async (image: ImageBitmap, signal: AbortSignal) => ({ image, signal }));
  const clears = recorder(() => {});
  const element = await mount('ms-drawing-pad', { read: reads.fn, cleared: clears.fn });
  const canvas = element.shadowRoot!.querySelector('canvas')!;
  await until(() => canvas.width !== 300, 'the pad sized to the screen'); // 300: an unsized canvas
  return { element, canvas, reads, clears };
}

/** Mouse strokes through points given as fractions of the pad. */
async function draw(canvas: HTMLCanvasElement, ...strokes: [number, number][][]) {
  const box = canvas.getBoundingClientRect();
  await commands.drawStrokes(
    strokes.map((stroke) =>
      stroke.map(([x, y]) => [box.left + x * box.width, box.top + y * box.height] as const),
    ),
  );
}

/** The share of dark (ink) pixels of an image in a region given as fractions of its sides. */
function ink(image: ImageBitmap, [x0, y0, x1, y1]: [number, number, number, number]): number {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  const [x, y] = [Math.round(x0 * image.width), Math.round(y0 * image.height)];
  const [w, h] = [Math.round((x1 - x0) * image.width), Math.round((y1 - y0) * image.height)];
  const data = context.getImageData(x, y, w, h).data;
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark++;
  return dark / (w * h);
}

const LEFT: [number, number, number, number] = [0, 0, 0.45, 1];
const RIGHT: [number, number, number, number] = [0.55, 0, 1, 1];

const realCreateImageBitmap = window.createImageBitmap;
afterEach(() => {
  window.createImageBitmap = realCreateImageBitmap;
});

/** Holds every `createImageBitmap` answer until `release()`: a slow snapshot of the pad. */
function holdImages() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let taken = 0;
  window.createImageBitmap = ((...args: Parameters<typeof createImageBitmap>) => {
    taken++;
    const image = realCreateImageBitmap(...args);
    return gate.then(() => image);
  }) as typeof createImageBitmap;
  return { release, taken: () => taken };
}

describe('<ms-drawing-pad>', () => {
  it('reads the pad after each mouse stroke', async () => {
    const { canvas, reads } = await pad();
    await draw(canvas, [
      [0.2, 0.2],
      [0.2, 0.8],
    ]);
    await until(() => reads.calls.length === 1, 'a read after the first stroke');
    const [image, signal] = reads.calls[0];
    expect(image).toBeInstanceOf(ImageBitmap);
    expect(image.width).toBe(canvas.width);
    expect(ink(image, LEFT)).toBeGreaterThan(0.02);
    expect(ink(image, RIGHT)).toBe(0);
    expect(signal.aborted).toBe(false);

    await draw(canvas, [
      [0.8, 0.2],
      [0.8, 0.8],
    ]);
    await until(() => reads.calls.length === 2, 'a read after the second stroke');
    const [both, sameDrawing] = reads.calls[1];
    expect(ink(both, LEFT)).toBeGreaterThan(0.02);
    expect(ink(both, RIGHT)).toBeGreaterThan(0.02);
    expect(sameDrawing).toBe(signal);
  });

  it('reads the pad when the keyboard pen is lifted (Space), not while it draws', async () => {
    const { canvas, reads } = await pad();
    canvas.focus();
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowUp}{ArrowUp}'); // to (0.31, 0.375)
    await userEvent.keyboard(' '); // down
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    await sleep(50);
    expect(reads.calls).toEqual([]);
    await userEvent.keyboard(' '); // up: the stroke ends
    await until(() => reads.calls.length === 1, 'a read after the keyboard stroke');
    const [image, signal] = reads.calls[0];
    expect(image).toBeInstanceOf(ImageBitmap);
    expect(ink(image, LEFT)).toBeGreaterThan(0.01);
    expect(ink(image, RIGHT)).toBe(0);
    expect(signal.aborted).toBe(false);
  });

  it('Clear ends the drawing: cleared is called, no read follows, the next stroke is a new drawing', async () => {
    const { canvas, reads, clears } = await pad();
    await draw(canvas, [
      [0.2, 0.2],
      [0.2, 0.8],
    ]);
    await until(() => reads.calls.length === 1, 'a read');
    const [, first] = reads.calls[0];
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(clears.calls).toHaveLength(1);
    expect(first.aborted).toBe(true);
    await sleep(100);
    expect(reads.calls).toHaveLength(1);

    await draw(canvas, [
      [0.8, 0.2],
      [0.8, 0.8],
    ]);
    await until(() => reads.calls.length === 2, 'a read of the new drawing');
    const [image, second] = reads.calls[1];
    expect(ink(image, LEFT)).toBe(0); // the first stroke is gone
    expect(ink(image, RIGHT)).toBeGreaterThan(0.02);
    expect(second).not.toBe(first);
    expect(second.aborted).toBe(false);
  });

  it('drops the image of a stroke that Clear overtook while it was being taken', async () => {
    const { canvas, reads, clears } = await pad();
    const images = holdImages();
    await draw(canvas, [
      [0.5, 0.2],
      [0.5, 0.8],
    ]);
    await until(() => images.taken() === 1, 'the image being taken');
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(clears.calls).toHaveLength(1);
    images.release();
    await sleep(100);
    expect(reads.calls).toEqual([]);
  });

  it('Clear with the keyboard pen down reads nothing for the cleared drawing', async () => {
    const { canvas, reads, clears } = await pad();
    canvas.focus();
    await userEvent.keyboard(' {ArrowDown}{ArrowDown}');
    // Clicking Clear blurs the pad first (which lifts the pen and reads), then clears.
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(clears.calls).toHaveLength(1);
    await sleep(100);
    expect(reads.calls.every(([, signal]) => signal.aborted)).toBe(true);
  });

  it('ends the drawing when the pad leaves the page', async () => {
    const { element, canvas, reads } = await pad();
    await draw(canvas, [
      [0.5, 0.2],
      [0.5, 0.8],
    ]);
    await until(() => reads.calls.length === 1, 'a read');
    element.remove();
    expect(reads.calls[0][1].aborted).toBe(true);
  });
});
