/** The digit grid's image strip: a valid 8-bit grayscale BMP, the digits one under the other. */
import { describe, expect, it } from 'vitest';
import { digitStrip } from '../../src/ui/digit-image.ts';

/** Three 28×28 images: pixel (x, y) of image k is (x + 28y + k) % 256. */
function threeImages(): Uint8Array {
  const pixels = new Uint8Array(3 * 784);
  for (let k = 0; k < 3; k++) for (let p = 0; p < 784; p++) pixels[k * 784 + p] = (p + k) % 256;
  return pixels;
}

describe('digitStrip', () => {
  it('writes a top-down 8-bit BMP with a gray palette, 28 wide and 28 high per image', async () => {
    const blob = digitStrip(threeImages(), 2);
    expect(blob.type).toBe('image/bmp');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe('BM');
    expect(view.getUint32(2, true)).toBe(bytes.length);
    expect(view.getUint32(14, true)).toBe(40);
    expect(view.getInt32(18, true)).toBe(28);
    expect(view.getInt32(22, true)).toBe(-56);
    expect(view.getUint16(28, true)).toBe(8);
    expect(view.getUint32(30, true)).toBe(0); // no compression
    // Palette entry v is gray v (blue, green, red, 0).
    for (const v of [0, 1, 128, 255]) {
      expect([...bytes.subarray(54 + v * 4, 58 + v * 4)]).toEqual([v, v, v, 0]);
    }
    // The first two images and not the third, rows top first with no padding.
    const start = view.getUint32(10, true);
    expect(bytes.length - start).toBe(2 * 784);
    for (const [k, x, y] of [
      [0, 0, 0],
      [0, 27, 27],
      [1, 0, 0],
      [1, 3, 5],
      [1, 27, 27],
    ]) {
      expect(bytes[start + (k * 28 + y) * 28 + x]).toBe((x + 28 * y + k) % 256);
    }
  });
});
