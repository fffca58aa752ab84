/**
 * Renders an MNIST digit as a "photo" of ink on paper, for preprocessing tests: dark ink on a
 * light, tinted, unevenly lit and noisy background, the digit enlarged (bilinear) and placed
 * off-centre. Everything random comes from a seeded generator, so a test is reproducible.
 */
import { IMAGE_SIZE } from '../../../src/shared/mnist.ts';
import type { RgbaImage } from '../../../src/shared/preprocess.ts';
import { mulberry32 } from '../../../src/shared/random.ts';
import { sample } from '../../../scripts/lib/realistic-photos.ts';

/** A seeded generator of numbers in [0, 1): the app's own mulberry32. */
export const seededRandom = mulberry32;

/** How a photo was made, for messages about the ones that fail. */
export interface PhotoFacts {
  scale: number;
  /** Where the 28 × 28 image's top-left corner landed in the photo (may be outside). */
  left: number;
  top: number;
  paper: number;
  gradient: number;
  noise: number;
  /** The digit's ink box in the photo (pixels), as a preprocessor should find it. */
  inkBox: { x: number; y: number; width: number; height: number };
}

/** Photo size and the ranges its random choices come from. */
export interface PhotoOptions {
  width: number;
  height: number;
  /** Enlargement of the 28 × 28 image, uniform in [min, max]. */
  scale: [number, number];
}

const DEFAULTS: PhotoOptions = { width: 200, height: 160, scale: [2, 6] };

/** The bounds of the nonzero pixels of a 28 × 28 image (inclusive). */
function inkBounds(pixels: Uint8Array): { x0: number; y0: number; x1: number; y1: number } {
  const b = { x0: IMAGE_SIZE, y0: IMAGE_SIZE, x1: -1, y1: -1 };
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      if (!pixels[y * IMAGE_SIZE + x]) continue;
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y);
    }
  }
  return b;
}

/** A standard normal deviate (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Renders `pixels` (one 28 × 28 MNIST image, white on black) as dark ink on light paper: paper
 * luma 175–235 with a tint, a linear brightness gradient of 30–70 levels across the photo in a
 * random direction, Gaussian noise (σ 3–8 per channel), the digit enlarged 2–6× (bilinear) and
 * its ink box placed at a random position at least 4 pixels from the edges.
 */
export function renderPhoto(
  pixels: Uint8Array,
  random: () => number,
  options: Partial<PhotoOptions> = {},
): { image: RgbaImage; facts: PhotoFacts } {
  const { width, height, scale: range } = { ...DEFAULTS, ...options };
  const between = (a: number, b: number) => a + (b - a) * random();
  const ink = inkBounds(pixels);
  const inkW = ink.x1 - ink.x0 + 1;
  const inkH = ink.y1 - ink.y0 + 1;
  const margin = 4;
  const maxScale = Math.min((width - 2 * margin) / inkW, (height - 2 * margin) / inkH);
  const scale = Math.min(maxScale, between(range[0], range[1]));
  const inkLeft = between(margin, width - margin - inkW * scale);
  const inkTop = between(margin, height - margin - inkH * scale);
  const left = inkLeft - ink.x0 * scale;
  const top = inkTop - ink.y0 * scale;

  const paper = between(175, 235);
  const tint = [1, between(0.93, 1), between(0.82, 0.97)];
  const inkColor = [between(10, 50), between(10, 50), between(30, 90)];
  const gradient = between(30, 70);
  const angle = between(0, 2 * Math.PI);
  const [gx, gy] = [Math.cos(angle), Math.sin(angle)];
  const noise = between(3, 8);
  const span = Math.abs(gx) * width + Math.abs(gy) * height;

  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Brightness falls linearly from paper + gradient/2 to paper − gradient/2.
      const along = ((x - width / 2) * gx + (y - height / 2) * gy) / span;
      const light = paper - gradient * along;
      const a = sample(pixels, (x + 0.5 - left) / scale - 0.5, (y + 0.5 - top) / scale - 0.5);
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const background = light * tint[c];
        data[i + c] = background * (1 - a) + inkColor[c] * a + noise * gaussian(random);
      }
      data[i + 3] = 255;
    }
  }
  const inkBox = { x: inkLeft, y: inkTop, width: inkW * scale, height: inkH * scale };
  return {
    image: { data, width, height },
    facts: { scale, left, top, paper, gradient, noise, inkBox },
  };
}
