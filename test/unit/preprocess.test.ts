import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../src/shared/mnist.ts';
import {
  centerOfMass,
  MNIST_CENTER,
  preprocessToMnist,
  toGray,
  type RgbaImage,
} from '../../src/shared/preprocess.ts';
import { loadMnist } from './support/mnist-files.ts';
import { renderPhoto, seededRandom } from './support/photo.ts';
import { loadStarterModel, readStarterInfo } from './support/starter-model.ts';
import { useTfBackend } from './support/tf-wasm.ts';

/** Test image `i` (784 bytes, white on black). */
function testImage(i: number): Uint8Array {
  return loadMnist().testImages.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
}

/** An opaque RGBA image from grey levels (0–255). */
function rgbaFromGray(gray: ArrayLike<number>, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data.fill(gray[p], p * 4, p * 4 + 3);
    data[p * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** A `width` × `height` grey canvas of `background` with MNIST image `digit` pasted at (x, y). */
function canvasWith(
  digit: Uint8Array,
  x: number,
  y: number,
  size = { width: 100, height: 100 },
  background = 0,
): Float32Array {
  const gray = new Float32Array(size.width * size.height).fill(background);
  for (let v = 0; v < IMAGE_SIZE; v++) {
    for (let u = 0; u < IMAGE_SIZE; u++) {
      const ink = digit[v * IMAGE_SIZE + u] / 255;
      gray[(y + v) * size.width + x + u] = background + (255 - 2 * background) * ink;
    }
  }
  return gray;
}

/** Pearson correlation of two equally long arrays. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** The inclusive bounds of the pixels above `level` in a 28 × 28 output. */
function inkExtent(pixels: Float32Array, level = 0.05): { width: number; height: number } {
  let x0 = IMAGE_SIZE;
  let x1 = -1;
  let y0 = IMAGE_SIZE;
  let y1 = -1;
  pixels.forEach((v, p) => {
    if (v <= level) return;
    const x = p % IMAGE_SIZE;
    const y = (p - x) / IMAGE_SIZE;
    [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  });
  return { width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

const comOf = (pixels: Float32Array) =>
  centerOfMass({ data: pixels, width: IMAGE_SIZE, height: IMAGE_SIZE });

describe('MNIST-style preprocessing of synthetic images', () => {
  it('passes MNIST test images through nearly unchanged', () => {
    const correlations: number[] = [];
    for (let i = 0; i < 200; i++) {
      const result = preprocessToMnist(rgbaFromGray(testImage(i), IMAGE_SIZE, IMAGE_SIZE));
      expect(result.empty).toBe(false);
      expect(result.inverted).toBe(false);
      expect(result.pixels).toHaveLength(IMAGE_PIXELS);
      correlations.push(correlation(testImage(i), result.pixels));
    }
    // Measured on the first 2,000: median 0.99999995, 99% above 0.9999, lowest 0.85 (a 1 px shift).
    correlations.sort((a, b) => a - b);
    expect(correlations[100]).toBeGreaterThan(0.999);
    expect(correlations[10]).toBeGreaterThan(0.99);
    expect(correlations[0]).toBeGreaterThan(0.8);
  });

  it('inverts dark ink on white paper, and reads the same digit', () => {
    const ink = testImage(0);
    const onPaper = canvasWith(ink, 30, 20, { width: 90, height: 70 }, 255);
    const result = preprocessToMnist(rgbaFromGray(onPaper, 90, 70));
    expect(result.inverted).toBe(true);
    expect(result.empty).toBe(false);
    expect(correlation(ink, result.pixels)).toBeGreaterThan(0.99);
    // Black strokes on a transparent canvas read the same way.
    const transparent = rgbaFromGray(new Uint8Array(90 * 70), 90, 70);
    const alpha = canvasWith(ink, 30, 20, { width: 90, height: 70 });
    alpha.forEach((a, p) => (transparent.data[p * 4 + 3] = a));
    const fromCanvas = preprocessToMnist(transparent);
    expect(fromCanvas.inverted).toBe(true);
    expect(correlation(ink, fromCanvas.pixels)).toBeGreaterThan(0.99);
  });

  it('says a blank page, a black frame, an unevenly lit noisy page and an empty canvas are empty', () => {
    const random = seededRandom(7);
    const lit = new Float32Array(300 * 200).map((_, p) => {
      const x = p % 300;
      return 150 + (x / 300) * 80 + 6 * (random() + random() + random() - 1.5);
    });
    const pages: RgbaImage[] = [
      rgbaFromGray(new Uint8Array(300 * 200).fill(255), 300, 200),
      rgbaFromGray(new Uint8Array(640 * 480), 640, 480),
      rgbaFromGray(lit, 300, 200),
      { data: new Uint8ClampedArray(280 * 280 * 4), width: 280, height: 280 },
      { data: new Uint8ClampedArray(0), width: 0, height: 0 },
    ];
    for (const page of pages) {
      const result = preprocessToMnist(page);
      expect(result.empty).toBe(true);
      expect(result.box).toBeUndefined();
      expect(result.pixels.every((v) => v === 0)).toBe(true);
    }
    expect(preprocessToMnist(pages[0]).inverted).toBe(true);
    expect(preprocessToMnist(pages[2]).inverted).toBe(true);
  });

  it('ignores isolated specks: the bounding box and the output do not move', () => {
    const clean = canvasWith(testImage(3), 40, 30);
    const specked = clean.slice();
    for (const [x, y] of [
      [3, 3],
      [90, 5],
      [8, 92],
      [93, 90],
      [70, 45],
    ]) {
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        specked[(y + dy) * 100 + x + dx] = 255;
      }
    }
    const before = preprocessToMnist(rgbaFromGray(clean, 100, 100));
    const after = preprocessToMnist(rgbaFromGray(specked, 100, 100));
    expect(before.box).toBeDefined();
    expect(after.box).toEqual(before.box);
    expect(Array.from(after.pixels)).toEqual(Array.from(before.pixels));
  });

  it('keeps the parts of a digit that are not connected (the bar of a 5)', () => {
    // A "5" drawn as two strokes with a 3-pixel gap: a bar on top and a hook below it.
    const gray = new Float32Array(60 * 60);
    const line = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) gray[y * 60 + x] = 255;
    };
    line(20, 10, 38, 12); // bar
    line(20, 16, 22, 28); // down stroke
    line(20, 28, 36, 30); // belly top
    line(34, 28, 36, 44); // belly right
    line(18, 44, 36, 46); // belly bottom
    const result = preprocessToMnist(rgbaFromGray(gray, 60, 60));
    expect(result.box).toEqual({ x: 18, y: 10, width: 21, height: 37 });
  });

  it('puts the centre of mass within half a pixel of (14, 14), MNIST’s convention', () => {
    // Pixel-index coordinates: pixel (x, y) at (x, y); MNIST's own mean is (14.01, 13.99).
    expect(MNIST_CENTER).toBe(14);
    const random = seededRandom(3);
    for (let i = 0; i < 30; i++) {
      const photo = renderPhoto(testImage(i), random).image;
      for (const image of [rgbaFromGray(testImage(i), IMAGE_SIZE, IMAGE_SIZE), photo]) {
        const com = comOf(preprocessToMnist(image).pixels);
        expect(Math.abs((com?.x ?? 0) - MNIST_CENTER)).toBeLessThanOrEqual(0.5);
        expect(Math.abs((com?.y ?? 0) - MNIST_CENTER)).toBeLessThanOrEqual(0.5);
      }
    }
    // A lopsided "7" off-centre in a big frame: its mass is at the top right, not its box's middle.
    const seven = new Float32Array(120 * 90);
    for (let x = 60; x < 100; x++) for (let y = 20; y < 26; y++) seven[y * 120 + x] = 255;
    for (let y = 20; y < 80; y++) for (let x = 92; x < 98; x++) seven[y * 120 + x] = 255;
    const com = comOf(preprocessToMnist(rgbaFromGray(seven, 120, 90)).pixels);
    expect(Math.abs((com?.x ?? 0) - MNIST_CENTER)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((com?.y ?? 0) - MNIST_CENTER)).toBeLessThanOrEqual(0.5);
  });

  it('keeps the aspect ratio: a tall 1 stays tall and thin, a dash stays wide', () => {
    const one = new Float32Array(200 * 200);
    for (let y = 40; y < 160; y++) for (let x = 95; x < 107; x++) one[y * 200 + x] = 255;
    const tall = preprocessToMnist(rgbaFromGray(one, 200, 200));
    expect(tall.box).toEqual({ x: 95, y: 40, width: 12, height: 120 });
    expect(inkExtent(tall.pixels)).toEqual({ width: 2, height: 20 });
    const dash = new Float32Array(200 * 200);
    for (let y = 92; y < 108; y++) for (let x = 20; x < 180; x++) dash[y * 200 + x] = 255;
    expect(inkExtent(preprocessToMnist(rgbaFromGray(dash, 200, 200)).pixels)).toEqual({
      width: 20,
      height: 2,
    });
  });

  it('reads a large photo through a downscaled copy and reports the box in its pixels', () => {
    const { image, facts } = renderPhoto(testImage(1), seededRandom(11), {
      width: 2400,
      height: 1800,
      scale: [40, 40],
    });
    const result = preprocessToMnist(image);
    expect(result.inverted).toBe(true);
    expect(correlation(testImage(1), result.pixels)).toBeGreaterThan(0.9);
    // Bilinear enlargement spreads the ink by up to one source pixel (40 px here) each side.
    const box = result.box ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(Math.abs(box.x - facts.inkBox.x)).toBeLessThan(facts.scale);
    expect(Math.abs(box.y - facts.inkBox.y)).toBeLessThan(facts.scale);
    expect(Math.abs(box.width - facts.inkBox.width)).toBeLessThan(2 * facts.scale);
    expect(Math.abs(box.height - facts.inkBox.height)).toBeLessThan(2 * facts.scale);
  });

  it('converts RGBA to luma (Rec. 601)', () => {
    const data = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
    const gray = toGray({ data, width: 3, height: 1 });
    expect(Array.from(gray.data).map((v) => Math.round(v * 10) / 10)).toEqual([76.2, 149.7, 29.1]);
  });
});

describe('reading digits from photos with the starter model (issue 4 acceptance)', () => {
  let model: LayersModel;

  beforeAll(async () => {
    await useTfBackend('wasm');
    model = await loadStarterModel();
  });
  afterAll(() => model.dispose());

  /** The model's digit for each of `count` 28 × 28 images in `images` (floats 0–1). */
  const predict = (images: Float32Array, count: number): number[] =>
    tf.tidy(() => {
      const probs = model.predict(tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]));
      return Array.from(tf.argMax(probs as tf.Tensor, 1).dataSync());
    });

  it('the starter model is the listing 4.1 convnet trained on all 60,000 images, augmented like photos', () => {
    const info = readStarterInfo();
    expect(info).toMatchObject({ model: 'conv', trainExamples: 60_000, augment: true });
    // Issue 14: the augmented starter keeps MNIST's test accuracy at 98.9% or more.
    expect(info.testAccuracy).toBeGreaterThanOrEqual(0.989);
    expect(model.countParams()).toBe(56_714);
  });

  it('predicts the same digit from 500 re-photographed test images as from the originals (≥ 97%)', () => {
    const count = 500;
    const labels = loadMnist().testLabels.subarray(0, count);
    const originals = new Float32Array(count * IMAGE_PIXELS);
    const preprocessed = new Float32Array(count * IMAGE_PIXELS);
    const random = seededRandom(2024);
    for (let i = 0; i < count; i++) {
      const pixels = testImage(i);
      pixels.forEach((v, p) => (originals[i * IMAGE_PIXELS + p] = v / 255));
      const result = preprocessToMnist(renderPhoto(pixels, random).image);
      expect(result.empty).toBe(false);
      expect(result.inverted).toBe(true);
      preprocessed.set(result.pixels, i * IMAGE_PIXELS);
    }
    const fromOriginals = predict(originals, count);
    const fromPhotos = predict(preprocessed, count);
    const accuracy = fromOriginals.filter((d, i) => d === labels[i]).length / count;
    const agreement = fromPhotos.filter((d, i) => d === fromOriginals[i]).length / count;
    const photoAccuracy = fromPhotos.filter((d, i) => d === labels[i]).length / count;
    console.log(
      `Starter model on the first ${count} test images: ${(100 * accuracy).toFixed(1)}% right; ` +
        `from their photos: ${(100 * photoAccuracy).toFixed(1)}% right, ` +
        `${(100 * agreement).toFixed(1)}% the same digit as from the original.`,
    );
    // Measured: 98.6% right from the originals; agreement 99.0% (98.6–99.2% with seeds 1–3).
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(agreement).toBeGreaterThanOrEqual(0.97);
  });
});

describe('a clean canvas', () => {
  it('reads a big slashed 0 drawn dark on white as dark ink on a light background', async () => {
    const { renderStrokes } = await import('../../scripts/lib/other-hand.ts');
    const ring = Array.from({ length: 25 }, (_, i): [number, number] => [
      0.5 + 0.42 * Math.sin((2 * Math.PI * i) / 24),
      0.5 - 0.38 * Math.cos((2 * Math.PI * i) / 24),
    ]);
    const slash: [number, number][] = [
      [0.8, 0.2],
      [0.2, 0.8],
    ];
    const result = preprocessToMnist(renderStrokes([ring, slash], 280));
    // Strokes wider than the polarity window once looked like a dark page: "No digit found".
    expect(result.empty).toBe(false);
    expect(result.inverted).toBe(true);
  });
});
