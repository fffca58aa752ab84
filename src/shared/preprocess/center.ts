/**
 * Placing a digit in the 28 × 28 field as LeCun did for MNIST: its centre of mass at the
 * centre of the field.
 *
 * Coordinates are pixel indices: pixel (x, y) sits at (x, y), so a 28-pixel field spans 0–27.
 * MNIST's digits have their centre of mass at (14, 14) in these coordinates (the mean over the
 * 10,000 test images is (14.01, 13.99)), half a pixel right of and below the geometric middle
 * (13.5, 13.5); we use (14, 14) so that our digits sit where the model saw its training digits.
 */
import { IMAGE_SIZE } from '../mnist.ts';
import type { GrayImage } from './resample.ts';

/** Where the centre of mass goes, in pixel-index coordinates (MNIST's convention, see above). */
export const MNIST_CENTER = 14;

/** The centre of mass of a grey image in pixel-index coordinates; undefined if it is all zero. */
export function centerOfMass(image: GrayImage): { x: number; y: number } | undefined {
  const { data, width, height } = image;
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : undefined;
}

/**
 * Copies `digit` (at most 28 × 28) into a 28 × 28 field, shifted by whole pixels so that its
 * centre of mass lands within half a pixel of (14, 14); the shift is clamped so that the digit
 * stays whole inside the field.
 */
export function placeCentered(digit: GrayImage): Float32Array {
  const { data, width, height } = digit;
  const out = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  const com = centerOfMass(digit) ?? { x: (width - 1) / 2, y: (height - 1) / 2 };
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  const ox = clamp(Math.round(MNIST_CENTER - com.x), IMAGE_SIZE - width);
  const oy = clamp(Math.round(MNIST_CENTER - com.y), IMAGE_SIZE - height);
  for (let y = 0; y < height; y++) {
    out.set(data.subarray(y * width, (y + 1) * width), (y + oy) * IMAGE_SIZE + ox);
  }
  return out;
}
