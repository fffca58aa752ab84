/**
 * Photo-like augmentation of MNIST training images (issue 14): each image of a batch, in place,
 * gets what photographed and camera digits differ from MNIST by, drawn at random per image:
 * - a small rotation (±12°), scale (0.9–1.1) and shift (±2 px) about the image centre, resampled
 *   bilinearly (MNIST's digits are centred by their centre of mass; read photos are centred the
 *   same way by `src/shared/preprocess`, but not as exactly);
 * - the stroke made thicker or thinner (30–70% of a 3×3 dilation, or 20–50% of an erosion: a
 *   whole one erases MNIST's thinnest strokes), a quarter of the time each: pens, markers and
 *   chalk differ from MNIST's pen;
 * - a slight blur (a third of the time) and pixel noise (a third of the time): a soft focus,
 *   JPEG and sensor noise after thresholding.
 * It runs on the batch buffer before the training step, in plain JavaScript (~8 ms per batch
 * of 320 in Node here, a step of listing 4.1 takes ~70 ms), so it is the same on every backend,
 * in Node, and across the threads of Node's parallel step, and a seeded run stays reproducible.
 * Off by default: the book's recipe trains on MNIST as it is.
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from './mnist.ts';
import { deriveSeed, mulberry32 } from './random.ts';

/** How far each change goes; `PHOTO_AUGMENTATION` is the one the app uses. */
export interface Augmentation {
  /** Largest rotation, in degrees either way. */
  rotateDegrees: number;
  /** Largest relative change of size (0.1: 90% to 110%). */
  scale: number;
  /** Largest shift, in pixels along each axis. */
  shiftPixels: number;
  /** Chance of a thicker stroke, and (separately) of a thinner one. */
  strokeChance: number;
  /** Chance of a slight blur. */
  blurChance: number;
  /** Chance of pixel noise, and its largest standard deviation (pixels are 0–1). */
  noiseChance: number;
  noiseSigma: number;
}

/** What photographed digits differ from MNIST by (see the top of this file). */
export const PHOTO_AUGMENTATION: Augmentation = {
  rotateDegrees: 12,
  scale: 0.1,
  shiftPixels: 2,
  strokeChance: 0.25,
  blurChance: 1 / 3,
  noiseChance: 1 / 3,
  noiseSigma: 0.08,
};

const CENTRE = (IMAGE_SIZE - 1) / 2;
/** A 28×28 image with a border of one pixel: 30×30. */
const PADDED = IMAGE_SIZE + 2;

/** Scratch images with a border (zero, or the edge repeated), reused from batch to batch. */
const padded = new Float32Array(PADDED * PADDED);

/** Copies `image` into `padded`'s middle; the border is zero (`edge` false) or the edge pixels. */
function pad(image: Float32Array, edge: boolean): void {
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const from = y * IMAGE_SIZE;
    const to = (y + 1) * PADDED + 1;
    for (let x = 0; x < IMAGE_SIZE; x++) padded[to + x] = image[from + x];
  }
  for (let y = 1; y <= IMAGE_SIZE; y++) {
    padded[y * PADDED] = edge ? padded[y * PADDED + 1] : 0;
    padded[y * PADDED + PADDED - 1] = edge ? padded[y * PADDED + PADDED - 2] : 0;
  }
  for (let x = 0; x < PADDED; x++) {
    padded[x] = edge ? padded[PADDED + x] : 0;
    padded[(PADDED - 1) * PADDED + x] = edge ? padded[(PADDED - 2) * PADDED + x] : 0;
  }
}

/**
 * Augments the first `count` images (28×28, 0–1, one after another) of `images` in place,
 * drawing from `random` (a seeded generator gives the same batch every time).
 */
export function augmentBatch(
  images: Float32Array,
  count: number,
  random: () => number,
  augmentation: Augmentation = PHOTO_AUGMENTATION,
): void {
  for (let i = 0; i < count; i++) {
    augmentImage(images.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS), random, augmentation);
  }
}

/** A number in [-1, 1). */
const either = (random: () => number) => random() * 2 - 1;

/** Augments one 28×28 image in place. */
function augmentImage(image: Float32Array, random: () => number, a: Augmentation): void {
  const angle = (either(random) * a.rotateDegrees * Math.PI) / 180;
  const size = 1 + either(random) * a.scale;
  const dx = either(random) * a.shiftPixels;
  const dy = either(random) * a.shiftPixels;
  transform(image, Math.cos(angle) / size, Math.sin(angle) / size, dx, dy);
  const stroke = random();
  if (stroke < a.strokeChance) morph(image, true, 0.3 + 0.4 * random());
  else if (stroke < 2 * a.strokeChance) morph(image, false, 0.2 + 0.3 * random());
  if (random() < a.blurChance) blur(image, 0.3 + 0.5 * random());
  if (random() < a.noiseChance) addNoise(image, a.noiseSigma * random(), random);
}

/**
 * Resamples the image (bilinear; background outside it) through the inverse of a turn and
 * scale (`cos`, `sin` already divided by the scale) about the centre, then a shift (dx, dy).
 */
function transform(image: Float32Array, cos: number, sin: number, dx: number, dy: number): void {
  pad(image, false);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const v = y - CENTRE - dy;
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const u = x - CENTRE - dx;
      // Where the pixel comes from, in the padded image's coordinates.
      const sx = cos * u + sin * v + CENTRE + 1;
      const sy = -sin * u + cos * v + CENTRE + 1;
      let value = 0;
      if (sx >= 0 && sy >= 0 && sx < PADDED - 1 && sy < PADDED - 1) {
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const at = y0 * PADDED + x0;
        const top = padded[at] + fx * (padded[at + 1] - padded[at]);
        const bottom = padded[at + PADDED] + fx * (padded[at + PADDED + 1] - padded[at + PADDED]);
        value = top + fy * (bottom - top);
      }
      image[y * IMAGE_SIZE + x] = value;
    }
  }
}

/**
 * Blends `amount` of a 3×3 filter into the image: `combine` of each row's three neighbours (left,
 * here, right), then of each column's three of those (above, here, below). Outside the image
 * counts as background (`edge` false) or as the nearest edge pixel.
 */
function filter3x3(
  image: Float32Array,
  combine: (a: number, b: number, c: number) => number,
  edge: boolean,
  amount: number,
): void {
  pad(image, edge);
  // Rows first, in place in the padded image (each row's border pixels stay as they are).
  for (let y = 0; y < PADDED; y++) {
    let left = padded[y * PADDED];
    for (let x = 1; x < PADDED - 1; x++) {
      const at = y * PADDED + x;
      const here = padded[at];
      padded[at] = combine(left, here, padded[at + 1]);
      left = here;
    }
  }
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const at = (y + 1) * PADDED + x + 1;
      const value = combine(padded[at - PADDED], padded[at], padded[at + PADDED]);
      const i = y * IMAGE_SIZE + x;
      image[i] += amount * (value - image[i]);
    }
  }
}

/** The largest of three: a 3×3 dilation, a thicker stroke. */
const largest = (a: number, b: number, c: number) => {
  const ab = a > b ? a : b;
  return ab > c ? ab : c;
};
/** The smallest of three: a 3×3 erosion, a thinner stroke. */
const smallest = (a: number, b: number, c: number) => {
  const ab = a < b ? a : b;
  return ab < c ? ab : c;
};
/** [1 2 1]/4: with the columns, a slight blur. */
const smooth = (a: number, b: number, c: number) => (a + 2 * b + c) / 4;

/**
 * Blends `amount` of a 3×3 dilation (`thicker`) or erosion (a thinner stroke) into the image.
 * Outside the image counts as background for a dilation, as the edge for an erosion.
 */
function morph(image: Float32Array, thicker: boolean, amount: number): void {
  filter3x3(image, thicker ? largest : smallest, !thicker, amount);
}

/** Blends `amount` of a [1 2 1]/4 × [1 2 1]/4 blur into the image (edges repeated). */
function blur(image: Float32Array, amount: number): void {
  filter3x3(image, smooth, true, amount);
}

/**
 * Adds noise of standard deviation `sigma`, keeping pixels within 0–1: each pixel's is the sum
 * of three uniform numbers (near enough to Gaussian, and far cheaper than Box–Muller).
 */
function addNoise(image: Float32Array, sigma: number, random: () => number): void {
  // Three uniforms on [0, 1) sum to a mean of 1.5 and a standard deviation of 0.5.
  const scale = 2 * sigma;
  for (let i = 0; i < IMAGE_PIXELS; i++) {
    const value = image[i] + scale * (random() + random() + random() - 1.5);
    image[i] = value < 0 ? 0 : value > 1 ? 1 : value;
  }
}

/** Seed streams of a run's augmentation: one per epoch, apart from its shuffles and weights. */
const AUGMENT_STREAM = 3000;

/** The random numbers that augment epoch `epoch` of a run seeded `seed`. */
export function augmentationRandom(seed: number, epoch: number): () => number {
  return mulberry32(deriveSeed(seed, AUGMENT_STREAM + epoch));
}
