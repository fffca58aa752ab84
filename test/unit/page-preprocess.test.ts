/**
 * Preprocessing of photographed pages (issue 14), step by step on synthetic pages: a shadow
 * edge never becomes ink, a rule touching a digit goes without cutting the digit, blue ink on a
 * yellow note is found, a digit 15% of the photo's height is found; then the starter model on a
 * small seeded subset of the realistic set (scripts/lib/realistic-photos.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../src/shared/mnist.ts';
import { preprocessToMnist, STAGE_MAX_SIDE, type RgbaImage } from '../../src/shared/preprocess.ts';
import { alternativeOf, UNSURE_MARGIN } from '../../src/shared/uncertainty.ts';
import { CONDITIONS, realisticPhotos, type Condition } from '../../scripts/lib/realistic-photos.ts';
import { loadMnist } from './support/mnist-files.ts';
import { seededRandom } from './support/photo.ts';
import { loadStarterModel } from './support/starter-model.ts';
import { useTfBackend } from './support/tf-wasm.ts';

type Rgb = [number, number, number];

/** Test image `i` (784 bytes, white on black). */
function testImage(i: number): Uint8Array {
  return loadMnist().testImages.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS);
}

/** A page to paint: its paper, light, rules, and an MNIST digit in ink. */
interface PageSpec {
  width: number;
  height: number;
  paper: Rgb;
  ink?: Rgb;
  /** The digit: an MNIST image enlarged `scale` times (nearest), its top-left at (x, y). */
  digit?: { pixels: Uint8Array; x: number; y: number; scale: number };
  /** Light at (x, y), multiplying everything (1 = full light). */
  light?: (x: number, y: number) => number;
  /** A rule's colour at (x, y), if one is there (drawn under the ink). */
  rule?: (x: number, y: number) => Rgb | undefined;
}

/** Paints `spec` with a camera's noise (Gaussian, σ 3 levels, seeded). */
function paintPage(spec: PageSpec): RgbaImage {
  const { width, height, paper, ink = [20, 20, 30], digit, light, rule } = spec;
  const random = seededRandom(width * 7 + height);
  const noise = () => 3 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour = rule?.(x, y) ?? paper;
      if (digit) {
        const u = Math.floor((x - digit.x) / digit.scale);
        const v = Math.floor((y - digit.y) / digit.scale);
        if (u >= 0 && v >= 0 && u < IMAGE_SIZE && v < IMAGE_SIZE) {
          const a = digit.pixels[v * IMAGE_SIZE + u] / 255;
          colour = colour.map((c, k) => c * (1 - a) + ink[k] * a) as Rgb;
        }
      }
      const l = light?.(x, y) ?? 1;
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = colour[c] * l + noise();
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Pearson correlation of two equally long arrays. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/** A soft shadow edge: full light left of x = `at`, `depth` right of it, over `soft` pixels. */
const shadowEdge =
  (at: number, depth: number, soft: number) =>
  (x: number, y: number): number => {
    const d = x + 0.3 * y - at;
    const t = Math.min(1, Math.max(0, (d + soft) / (2 * soft)));
    return 1 - (1 - depth) * t;
  };

const white: Rgb = [235, 232, 225];

describe('preprocessing photographed pages, step by step', () => {
  it('never takes a shadow edge for ink', () => {
    for (const soft of [2, 6, 20]) {
      const blank = paintPage({
        width: 320,
        height: 240,
        paper: white,
        light: shadowEdge(150, 0.5, soft),
      });
      const result = preprocessToMnist(blank);
      expect(result.inverted).toBe(true);
      expect(result.empty).toBe(true);
      // With a digit in the light, the digit is read and its box does not reach the shadow.
      const digit = { pixels: testImage(4), x: 20, y: 40, scale: 4 };
      const page = paintPage({
        width: 320,
        height: 240,
        paper: white,
        digit,
        light: shadowEdge(230, 0.5, soft),
      });
      const read = preprocessToMnist(page);
      const clean = preprocessToMnist(paintPage({ width: 320, height: 240, paper: white, digit }));
      expect(read.empty).toBe(false);
      expect(read.box).toEqual(clean.box);
      expect(correlation(read.pixels, clean.pixels)).toBeGreaterThan(0.98);
    }
  });

  it('reads a digit that a shadow edge crosses, and its shadowed part', () => {
    const digit = { pixels: testImage(0), x: 120, y: 60, scale: 4 };
    const clean = preprocessToMnist(paintPage({ width: 320, height: 240, paper: white, digit }));
    // The edge crosses the digit's middle: the shadowed half is ink, the edge is not.
    const shaded = preprocessToMnist(
      paintPage({ width: 320, height: 240, paper: white, digit, light: shadowEdge(200, 0.45, 4) }),
    );
    expect(shaded.box).toBeDefined();
    expect(Math.abs(shaded.box!.height - clean.box!.height)).toBeLessThanOrEqual(4);
    expect(Math.abs(shaded.box!.width - clean.box!.width)).toBeLessThanOrEqual(4);
    expect(correlation(shaded.pixels, clean.pixels)).toBeGreaterThan(0.9);
  });

  it('removes a ruled line touching a digit without cutting the digit', () => {
    const digit = { pixels: testImage(2), x: 130, y: 60, scale: 4 }; // a 1
    const clean = preprocessToMnist(paintPage({ width: 320, height: 240, paper: white, digit }));
    const box = clean.box!;
    // Grey (not coloured) rules, so only their shape tells them from ink: one through the
    // digit's middle, one touching its foot; 2 px thick, as dark as a pencil.
    const rows = [box.y + Math.round(box.height / 2), box.y + box.height - 1];
    const rule = (_x: number, y: number): Rgb | undefined =>
      rows.some((r) => y === r || y === r + 1) ? [90, 90, 95] : undefined;
    const ruled = preprocessToMnist(
      paintPage({ width: 320, height: 240, paper: white, digit, rule }),
    );
    expect(ruled.empty).toBe(false);
    expect(ruled.box!.x).toBeGreaterThanOrEqual(box.x - 2);
    expect(ruled.box!.width).toBeLessThanOrEqual(box.width + 4);
    expect(Math.abs(ruled.box!.height - box.height)).toBeLessThanOrEqual(3);
    expect(correlation(ruled.pixels, clean.pixels)).toBeGreaterThan(0.95);
    // A whole page of such rules and no digit has nothing to read.
    const lined = (_x: number, y: number): Rgb | undefined =>
      y % 28 < 2 ? [90, 90, 95] : undefined;
    expect(
      preprocessToMnist(paintPage({ width: 320, height: 240, paper: white, rule: lined })).empty,
    ).toBe(true);
  });

  it('finds blue ink on yellow paper, under a shadow too', () => {
    const yellow: Rgb = [250, 226, 105];
    const blue: Rgb = [30, 50, 160];
    for (const i of [0, 1, 3, 4]) {
      const digit = { pixels: testImage(i), x: 140, y: 80, scale: 4 };
      for (const light of [undefined, shadowEdge(190, 0.5, 6)]) {
        const result = preprocessToMnist(
          paintPage({ width: 400, height: 300, paper: yellow, ink: blue, digit, light }),
        );
        expect(result.inverted).toBe(true);
        expect(result.empty).toBe(false);
        expect(correlation(result.pixels, testImage(i))).toBeGreaterThan(0.85);
      }
    }
  });

  it('finds a digit 15% of the photo’s height in a big photo', () => {
    // 640 × 480: a 28-pixel image at scale 3.6 is ~72 px of ink, 15% of the height.
    for (const i of [0, 1, 2, 7]) {
      const digit = { pixels: testImage(i), x: 420, y: 300, scale: 3.6 };
      const photo = paintPage({
        width: 640,
        height: 480,
        paper: white,
        digit,
        light: (x, y) => 1 - 0.25 * (x / 640) - 0.1 * (y / 480),
      });
      const result = preprocessToMnist(photo);
      expect(result.empty).toBe(false);
      expect(result.box!.x).toBeGreaterThan(400);
      expect(result.box!.y).toBeGreaterThan(290);
      expect(correlation(result.pixels, testImage(i))).toBeGreaterThan(0.85);
    }
  });

  it('shows its steps as small grey views when asked', () => {
    const digit = { pixels: testImage(0), x: 100, y: 50, scale: 5 };
    const photo = paintPage({ width: 400, height: 300, paper: white, digit });
    expect(preprocessToMnist(photo).stages).toBeUndefined();
    const { stages } = preprocessToMnist(photo, { stages: true });
    for (const view of [stages!.original, stages!.flattened, stages!.ink]) {
      expect(view).toMatchObject({ width: STAGE_MAX_SIDE, height: 72 });
      expect(view.data).toHaveLength(STAGE_MAX_SIDE * 72);
    }
    // Paper is white in the flattened view, black in the ink view; the ink view has the digit.
    expect(stages!.flattened.data[0]).toBeGreaterThan(240);
    expect(stages!.ink.data[0]).toBe(0);
    expect(Math.max(...stages!.ink.data)).toBeGreaterThan(200);
  });
});

describe('saying when the model is unsure', () => {
  it('names the runner-up only when the top two are within the margin', () => {
    const probabilities = (a: number, b: number) => {
      const p = new Array<number>(10).fill((1 - a - b) / 8);
      p[7] = a;
      p[1] = b;
      return p;
    };
    expect(UNSURE_MARGIN).toBe(0.3);
    expect(alternativeOf(probabilities(0.55, 0.4))).toBe(1);
    expect(alternativeOf(probabilities(0.4, 0.55))).toBe(7);
    expect(alternativeOf(probabilities(0.64, 0.35))).toBe(1);
    expect(alternativeOf(probabilities(0.7, 0.25))).toBeUndefined();
    expect(alternativeOf(probabilities(0.99, 0.005))).toBeUndefined();
  });
});

describe('the starter model on realistic photos (a seeded subset of npm run photos:eval)', () => {
  let model: LayersModel;

  beforeAll(async () => {
    await useTfBackend('wasm');
    model = await loadStarterModel();
  });
  afterAll(() => model.dispose());

  it('reads most photos of every condition right, and finds a digit in every one', () => {
    const mnist = loadMnist();
    const perCondition = 9;
    const right = new Map<Condition, number>(CONDITIONS.map((c) => [c, 0]));
    let empty = 0;
    for (const photo of realisticPhotos(mnist.testImages, mnist.testLabels, perCondition, 2026)) {
      const result = preprocessToMnist(photo.image);
      if (result.empty) empty++;
      const digit = tf.tidy(() => {
        const input = tf.tensor4d(result.pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1]);
        return tf.argMax(model.predict(input) as tf.Tensor, 1).dataSync()[0];
      });
      if (!result.empty && digit === photo.label)
        right.set(photo.condition, right.get(photo.condition)! + 1);
    }
    console.log(
      `Realistic subset (${perCondition} a condition): ${JSON.stringify(Object.fromEntries(right))}`,
    );
    expect(empty).toBe(0);
    for (const condition of CONDITIONS) expect(right.get(condition)).toBeGreaterThanOrEqual(7);
    const all = [...right.values()].reduce((a, b) => a + b, 0);
    expect(all).toBeGreaterThanOrEqual(Math.ceil(0.9 * perCondition * CONDITIONS.length));
  });
});
