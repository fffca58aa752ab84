/**
 * The view's colour tables: the sequential scale is viridis-like (its ends and middle near
 * matplotlib's viridis, lightness rising steadily so larger values always look lighter), the
 * diverging one is cool below zero, neutral at zero and warm above, and values land on the
 * right entries when a map is painted.
 */
import { describe, expect, it } from 'vitest';
import {
  TABLE_SIZE,
  diverging,
  grey,
  legendGradient,
  paintValues,
  scaleIndex,
  sequential,
  type ColourTable,
} from '../../src/ui/colormap.ts';

const rgb = (table: ColourTable, i: number) => [...table.slice(i * 4, i * 4 + 3)];
/** Relative luminance (sRGB, WCAG), 0–1. */
function luminance([r, g, b]: number[]): number {
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
const near = (actual: number[], expected: number[], tolerance: number) =>
  actual.every((v, k) => Math.abs(v - expected[k]) <= tolerance);

describe('sequential (viridis-like)', () => {
  it('starts dark purple, passes teal, ends yellow, as viridis does', () => {
    expect(near(rgb(sequential, 0), [68, 1, 84], 6)).toBe(true);
    expect(near(rgb(sequential, 128), [33, 145, 140], 6)).toBe(true);
    expect(near(rgb(sequential, 255), [253, 231, 37], 6)).toBe(true);
  });

  it('gets lighter along the scale, so a larger value never looks darker', () => {
    for (let i = 1; i < TABLE_SIZE; i++) {
      // Neighbours may tie or swap by one 8-bit rounding step; four entries apart never.
      expect(luminance(rgb(sequential, i)), `entry ${i}`).toBeGreaterThan(
        luminance(rgb(sequential, i - 1)) - 0.0005,
      );
      if (i >= 4) {
        expect(luminance(rgb(sequential, i)), `entry ${i}`).toBeGreaterThan(
          luminance(rgb(sequential, i - 4)),
        );
      }
    }
  });

  it('is opaque everywhere', () => {
    for (let i = 0; i < TABLE_SIZE; i++) expect(sequential[i * 4 + 3]).toBe(255);
  });
});

describe('diverging', () => {
  it('is blue below zero, a light neutral at zero and red above', () => {
    const [r0, , b0] = rgb(diverging, 0);
    const [r1, , b1] = rgb(diverging, 255);
    expect(b0).toBeGreaterThan(r0);
    expect(r1).toBeGreaterThan(b1);
    const middle = rgb(diverging, scaleIndex(0, -1, 1));
    expect(Math.max(...middle) - Math.min(...middle)).toBeLessThan(12);
    expect(luminance(middle)).toBeGreaterThan(0.6);
  });

  it('darkens steadily away from zero on both sides', () => {
    for (let i = 129; i < TABLE_SIZE; i++) {
      expect(luminance(rgb(diverging, i))).toBeLessThan(luminance(rgb(diverging, i - 1)));
      const j = TABLE_SIZE - 1 - i;
      expect(luminance(rgb(diverging, j))).toBeLessThan(luminance(rgb(diverging, j + 1)));
    }
  });
});

describe('scaleIndex and paintValues', () => {
  it('maps a range onto the table, clamping outside it, and a flat range to its low end', () => {
    expect(scaleIndex(0, 0, 2)).toBe(0);
    expect(scaleIndex(2, 0, 2)).toBe(255);
    expect(scaleIndex(1, 0, 2)).toBe(128);
    expect(scaleIndex(-5, 0, 2)).toBe(0);
    expect(scaleIndex(9, 0, 2)).toBe(255);
    expect(scaleIndex(3, 3, 3)).toBe(0);
  });

  it('paints values at their place in the image with the colours of their entries', () => {
    const image = { width: 4, height: 3, data: new Uint8ClampedArray(4 * 3 * 4) } as ImageData;
    // A 2 × 2 map at column 1, row 1, on the scale 0–1.
    paintValues(image, [0, 1, 0.5, 0.25], 2, 1, 1, grey, 0, 1);
    const pixel = (x: number, y: number) => [
      ...image.data.slice((y * 4 + x) * 4, (y * 4 + x) * 4 + 4),
    ];
    expect(pixel(1, 1)).toEqual([0, 0, 0, 255]);
    expect(pixel(2, 1)).toEqual([255, 255, 255, 255]);
    expect(pixel(1, 2)).toEqual([128, 128, 128, 255]);
    expect(pixel(2, 2)).toEqual([64, 64, 64, 255]);
    // Outside the map nothing is written.
    expect(pixel(0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(3, 2)).toEqual([0, 0, 0, 0]);
  });

  it('gives a legend as a CSS gradient from the low end to the high end', () => {
    const gradient = legendGradient(grey, 3);
    expect(gradient).toBe(
      'linear-gradient(to right, rgb(0 0 0), rgb(128 128 128), rgb(255 255 255))',
    );
  });
});
