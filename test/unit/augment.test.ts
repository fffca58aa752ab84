/** Photo-like augmentation of training images: what it does to real MNIST digits. */
import { describe, expect, it } from 'vitest';
import { augmentationRandom, augmentBatch, type Augmentation } from '../../src/shared/augment.ts';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../src/shared/mnist.ts';
import { fillImageBatch, range } from '../../src/worker/data/mnist-data.ts';
import { loadMnist } from './support/mnist-files.ts';

const data = loadMnist();
const COUNT = 64;

/** The first `COUNT` training images as the training loop fills a batch. */
function batch(): Float32Array {
  const images = new Float32Array(COUNT * IMAGE_PIXELS);
  fillImageBatch(data.trainImages, range(0, COUNT), images);
  return images;
}

const NOTHING: Augmentation = {
  rotateDegrees: 0,
  scale: 0,
  shiftPixels: 0,
  strokeChance: 0,
  blurChance: 0,
  noiseChance: 0,
  noiseSigma: 0,
};

const image = (images: Float32Array, i: number) =>
  images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
const ink = (pixels: Float32Array) => pixels.reduce((sum, v) => sum + v, 0);
function centreOfMass(pixels: Float32Array): [number, number] {
  let [x, y] = [0, 0];
  pixels.forEach((v, i) => {
    x += v * (i % IMAGE_SIZE);
    y += v * Math.floor(i / IMAGE_SIZE);
  });
  return [x / ink(pixels), y / ink(pixels)];
}

describe('photo-like augmentation', () => {
  it('changes every image, the same way for the same seed and epoch, another way for another', () => {
    const original = batch();
    const [a, again, otherEpoch] = [batch(), batch(), batch()];
    augmentBatch(a, COUNT, augmentationRandom(7, 1));
    augmentBatch(again, COUNT, augmentationRandom(7, 1));
    augmentBatch(otherEpoch, COUNT, augmentationRandom(7, 2));
    expect(again).toEqual(a);
    expect(otherEpoch).not.toEqual(a);
    for (let i = 0; i < COUNT; i++) expect(image(a, i)).not.toEqual(image(original, i));
  });

  it('leaves an image as it is when every change is zero (the resampling itself is exact)', () => {
    const images = batch();
    augmentBatch(images, COUNT, augmentationRandom(1, 1), NOTHING);
    const original = batch();
    for (let i = 0; i < images.length; i++) expect(images[i]).toBeCloseTo(original[i], 6);
  });

  it('keeps each digit whole, near the centre, in 0–1', () => {
    const original = batch();
    const images = batch();
    augmentBatch(images, COUNT, augmentationRandom(3, 1));
    for (let i = 0; i < COUNT; i++) {
      const [before, after] = [image(original, i), image(images, i)];
      for (const v of after) expect(v >= 0 && v <= 1).toBe(true);
      // Scale ±10% and the stroke's width change the ink by at most about half or double.
      expect(ink(after) / ink(before)).toBeGreaterThan(0.45);
      expect(ink(after) / ink(before)).toBeLessThan(2.2);
      // Shifts of at most 2 px per axis, plus what a turn about the centre moves the mass.
      const [[x0, y0], [x1, y1]] = [centreOfMass(before), centreOfMass(after)];
      expect(Math.hypot(x1 - x0, y1 - y0)).toBeLessThan(4);
    }
  });

  it('thickens strokes when asked, and thins them', () => {
    const thick = batch();
    const thin = batch();
    const only = (strokeChance: number): Augmentation => ({ ...NOTHING, strokeChance });
    // A stroke chance of 1 always thickens; 0.5 with draws ≥ 0.5 thins (half the images).
    augmentBatch(thick, COUNT, augmentationRandom(5, 1), only(1));
    augmentBatch(thin, COUNT, () => 0.75, only(0.5));
    const original = batch();
    for (let i = 0; i < COUNT; i++) {
      expect(ink(image(thick, i))).toBeGreaterThan(ink(image(original, i)) * 1.2);
      expect(ink(image(thin, i))).toBeLessThan(ink(image(original, i)) * 0.85);
    }
  });
});
