/**
 * Grey images and anti-aliased resampling: RGBA → luma, and separable resizing that averages
 * the covered area when shrinking (a box filter over fractional pixels, as LeCun's anti-aliased
 * MNIST normalisation) and interpolates bilinearly when enlarging.
 */

/** An RGBA image as `ImageData` holds it: 4 bytes a pixel, row-major. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** A grey image: one float a pixel (0–255 for luma, 0–1 for ink), row-major. */
export interface GrayImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** An axis-aligned rectangle in pixels; pixel (x, y) covers [x, x + 1) × [y, y + 1). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Rec. 601 luma, as JPEG and most grey conversions use: Y = 0.299 R + 0.587 G + 0.114 B. */
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/**
 * The grey level that transparent pixels are composited over: white when the opaque pixels are
 * dark on average (dark strokes on a transparent canvas), black otherwise. 255 when opaque.
 */
export function transparentBackdrop(image: RgbaImage): number {
  const { data } = image;
  const pixels = image.width * image.height;
  // A sample of ~64k pixels is plenty to tell.
  const step = Math.max(1, Math.floor(pixels / 65_536));
  let transparent = false;
  let weight = 0;
  let sum = 0;
  for (let p = 0; p < pixels; p += step) {
    const i = p * 4;
    const a = data[i + 3] / 255;
    if (a < 1) transparent = true;
    weight += a;
    sum += a * (LUMA_R * data[i] + LUMA_G * data[i + 1] + LUMA_B * data[i + 2]);
  }
  if (!transparent || weight === 0) return 255;
  return sum / weight < 128 ? 255 : 0;
}

/** Reads the luma (0–255) of pixel `p` of `image`, transparent pixels composited over `backdrop`. */
function lumaReader(image: RgbaImage, backdrop: number): (p: number) => number {
  const { data } = image;
  return (p) => {
    const i = p * 4;
    const a = data[i + 3] / 255;
    const y = LUMA_R * data[i] + LUMA_G * data[i + 1] + LUMA_B * data[i + 2];
    return a * y + (1 - a) * backdrop;
  };
}

/**
 * Reads the HSV value (the brightest channel, 0–255) of pixel `p`, transparent pixels over
 * `backdrop`. On paper it sees light coloured ink (blue rules, a red margin, a grid) as nearly
 * paper, while dark ink of any colour stays dark; a yellow note is as bright as white paper.
 */
function valueReader(image: RgbaImage, backdrop: number): (p: number) => number {
  const { data } = image;
  return (p) => {
    const i = p * 4;
    const a = data[i + 3] / 255;
    return a * Math.max(data[i], data[i + 1], data[i + 2]) + (1 - a) * backdrop;
  };
}

/** The HSV value (brightest channel, 0–255) of an RGBA image resized to `width` × `height`. */
export function rgbaToValue(
  image: RgbaImage,
  width: number,
  height: number,
  backdrop = transparentBackdrop(image),
): GrayImage {
  const full = { x: 0, y: 0, width: image.width, height: image.height };
  return resampleWith(valueReader(image, backdrop), image, full, width, height);
}

/** The grey (luma, 0–255) version of an RGBA image, at full size. */
export function toGray(image: RgbaImage, backdrop = transparentBackdrop(image)): GrayImage {
  return rgbaToGray(image, image.width, image.height, backdrop);
}

/** The luma of an RGBA image resized to `width` × `height` (area-averaged when shrinking). */
export function rgbaToGray(
  image: RgbaImage,
  width: number,
  height: number,
  backdrop = transparentBackdrop(image),
): GrayImage {
  const full = { x: 0, y: 0, width: image.width, height: image.height };
  return resampleWith(lumaReader(image, backdrop), image, full, width, height);
}

/** The part `rect` of `image` resized to `width` × `height` (area-averaged when shrinking). */
export function resampleGray(
  image: GrayImage,
  rect: Rect,
  width: number,
  height: number,
): GrayImage {
  const { data } = image;
  return resampleWith((p) => data[p], image, rect, width, height);
}

/** For each output pixel along one axis: the source pixels it reads and their weights. */
interface AxisWeights {
  first: Int32Array;
  count: Int32Array;
  /** Where output pixel i's weights start in `weights`. */
  offset: Int32Array;
  weights: Float32Array;
}

/**
 * Weights that map `length` source pixels from `start` (within [0, limit)) onto `out` pixels:
 * the overlap of each source pixel with the output pixel's footprint when shrinking, the two
 * nearest pixels' bilinear weights (edges clamped) when enlarging.
 */
function axisWeights(start: number, length: number, out: number, limit: number): AxisWeights {
  const step = length / out;
  const first = new Int32Array(out);
  const count = new Int32Array(out);
  const offset = new Int32Array(out);
  const weights: number[] = [];
  for (let i = 0; i < out; i++) {
    offset[i] = weights.length;
    if (step >= 1) {
      const a = Math.max(0, start + i * step);
      const b = Math.min(limit, start + (i + 1) * step);
      const j0 = Math.floor(a);
      first[i] = j0;
      for (let j = j0; j < b; j++) weights.push((Math.min(b, j + 1) - Math.max(a, j)) / step);
      count[i] = weights.length - offset[i];
    } else {
      const c = Math.min(limit - 1, Math.max(0, start + (i + 0.5) * step - 0.5));
      const j0 = Math.min(Math.floor(c), limit - 1);
      const f = c - j0;
      first[i] = j0;
      weights.push(1 - f);
      if (f > 0) weights.push(f);
      count[i] = weights.length - offset[i];
    }
  }
  return { first, count, offset, weights: Float32Array.from(weights) };
}

/** Separable resampling of `rect` of a `size`-sized source read through `read(y * width + x)`. */
function resampleWith(
  read: (p: number) => number,
  size: { width: number; height: number },
  rect: Rect,
  width: number,
  height: number,
): GrayImage {
  const xs = axisWeights(rect.x, rect.width, width, size.width);
  const ys = axisWeights(rect.y, rect.height, height, size.height);
  const rowFirst = ys.first[0];
  const rowLast = ys.first[height - 1] + ys.count[height - 1];
  // Horizontal pass over the rows the vertical pass needs: (rowLast - rowFirst) × width.
  const rows = new Float32Array((rowLast - rowFirst) * width);
  for (let y = rowFirst; y < rowLast; y++) {
    const src = y * size.width;
    const dst = (y - rowFirst) * width;
    for (let i = 0; i < width; i++) {
      let sum = 0;
      const o = xs.offset[i];
      const x0 = xs.first[i];
      for (let k = 0; k < xs.count[i]; k++) sum += xs.weights[o + k] * read(src + x0 + k);
      rows[dst + i] = sum;
    }
  }
  const data = new Float32Array(width * height);
  for (let j = 0; j < height; j++) {
    const o = ys.offset[j];
    const r0 = ys.first[j] - rowFirst;
    for (let k = 0; k < ys.count[j]; k++) {
      const w = ys.weights[o + k];
      const src = (r0 + k) * width;
      for (let i = 0; i < width; i++) data[j * width + i] += w * rows[src + i];
    }
  }
  return { data, width, height };
}

/** The size that fits `width` × `height` within `maxSide` keeping the aspect ratio (never larger). */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
