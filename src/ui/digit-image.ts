/**
 * MNIST digits as one tiny grayscale BMP file, a strip of 28×28 images one under the other,
 * for the digit grid to show as a CSS background (each figure shows its own part of it). Unlike
 * 100 `<canvas>` elements (100 composited layers, which Chromium flushed to the GPU process one
 * by one: 12–18 ms of the frames that showed them on this 2-core machine) or 100 object URLs
 * (each a synchronous call to the browser process: 28 ms for 100), one file is one object URL
 * and the images are painted with the rest of the page.
 *
 * The file: 14-byte file header, 40-byte BITMAPINFOHEADER (8 bits per pixel, a negative height
 * for top-down rows), a 256-entry gray palette, then the pixel bytes as they are (a row of 28
 * bytes needs no padding to 4).
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from '../shared/mnist.ts';

const HEADER_BYTES = 14 + 40;
const PALETTE_BYTES = 256 * 4;
const PIXELS_AT = HEADER_BYTES + PALETTE_BYTES;

/** The first `count` images of `pixels` (`count × 784` bytes, 0–255) as one 28-pixel-wide BMP. */
export function digitStrip(pixels: Uint8Array, count: number): Blob {
  const size = IMAGE_PIXELS * count;
  const head = new Uint8Array(PIXELS_AT);
  const view = new DataView(head.buffer);
  head.set([0x42, 0x4d]); // "BM"
  view.setUint32(2, PIXELS_AT + size, true); // file size
  view.setUint32(10, PIXELS_AT, true); // where the pixels start
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, IMAGE_SIZE, true);
  view.setInt32(22, -IMAGE_SIZE * count, true); // top-down
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 8, true); // bits per pixel
  view.setUint32(34, size, true); // image size (no compression)
  view.setUint32(46, 256, true); // colours in the palette
  for (let v = 0; v < 256; v++) head.set([v, v, v, 0], HEADER_BYTES + v * 4); // B, G, R, 0
  return new Blob([head, pixels.slice(0, size)], { type: 'image/bmp' });
}
