/**
 * Small image filters for preprocessing: separable min, max and box filters (windows clipped at
 * the edges), Otsu's threshold and quantiles.
 */
import type { GrayImage } from './resample.ts';

/** Applies `reduce` over a (2r + 1)-long window along rows, then columns, clipped at the edges. */
function separable(
  image: GrayImage,
  r: number,
  reduce: (values: Float32Array, from: number, to: number, stride: number) => number,
): GrayImage {
  const { width, height } = image;
  const across = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      across[row + x] = reduce(
        image.data,
        row + Math.max(0, x - r),
        row + Math.min(width - 1, x + r),
        1,
      );
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = Math.max(0, y - r) * width;
    const to = Math.min(height - 1, y + r) * width;
    for (let x = 0; x < width; x++) data[y * width + x] = reduce(across, from + x, to + x, width);
  }
  return { data, width, height };
}

const minOf = (v: Float32Array, from: number, to: number, stride: number): number => {
  let m = Infinity;
  for (let i = from; i <= to; i += stride) if (v[i] < m) m = v[i];
  return m;
};

const maxOf = (v: Float32Array, from: number, to: number, stride: number): number => {
  let m = -Infinity;
  for (let i = from; i <= to; i += stride) if (v[i] > m) m = v[i];
  return m;
};

const meanOf = (v: Float32Array, from: number, to: number, stride: number): number => {
  let sum = 0;
  let n = 0;
  for (let i = from; i <= to; i += stride, n++) sum += v[i];
  return sum / n;
};

/** Grey erosion: the minimum over a (2r + 1)² square. */
export function erode(image: GrayImage, r: number): GrayImage {
  return separable(image, r, minOf);
}

/** Grey dilation: the maximum over a (2r + 1)² square. */
export function dilate(image: GrayImage, r: number): GrayImage {
  return separable(image, r, maxOf);
}

/** Box blur: the mean over a (2r + 1)² square. */
export function boxBlur(image: GrayImage, r: number): GrayImage {
  return separable(image, r, meanOf);
}

/**
 * Grey opening (erosion, then dilation): removes bright structures narrower than 2r + 1 pixels
 * and keeps slow changes such as a lighting gradient.
 */
export function opening(image: GrayImage, r: number): GrayImage {
  return dilate(erode(image, r), r);
}

/**
 * Otsu's threshold of `values` (which lie in [0, max]): the level that maximises the variance
 * between the two classes it separates, from a `bins`-bin histogram. Values above it are ink.
 */
export function otsuThreshold(values: ArrayLike<number>, max: number, bins = 256): number {
  if (!(max > 0)) return 0;
  const histogram = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    histogram[Math.min(bins - 1, Math.max(0, Math.floor((values[i] / max) * bins)))]++;
  }
  let total = 0;
  let totalSum = 0;
  for (let b = 0; b < bins; b++) {
    total += histogram[b];
    totalSum += b * histogram[b];
  }
  let below = 0;
  let belowSum = 0;
  let best = -1;
  let bestBin = 0;
  for (let b = 0; b < bins - 1; b++) {
    below += histogram[b];
    belowSum += b * histogram[b];
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const d = belowSum / below - (totalSum - belowSum) / above;
    const between = below * above * d * d;
    if (between > best) {
      best = between;
      bestBin = b;
    }
  }
  return ((bestBin + 1) / bins) * max;
}

/** Histogram bins for `quantiles`: 1/4096 of the range is finer than any level we tell apart. */
const QUANTILE_BINS = 4096;

/**
 * The `ps` quantiles (each in [0, 1]) of `values`, from a histogram over their range (so in
 * linear time, to within 1/4096 of the range); NaN when there are none.
 */
export function quantiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  if (hi === lo) return ps.map(() => lo);
  const width = (hi - lo) / QUANTILE_BINS;
  const counts = new Uint32Array(QUANTILE_BINS);
  for (let i = 0; i < n; i++) {
    counts[Math.min(QUANTILE_BINS - 1, Math.floor((values[i] - lo) / width))]++;
  }
  return ps.map((p) => {
    // The value of rank p × (n − 1), at the middle of its bin (exact at the range's ends).
    const rank = Math.round(Math.min(1, Math.max(0, p)) * (n - 1));
    if (rank === 0) return lo;
    if (rank === n - 1) return hi;
    let seen = 0;
    for (let b = 0; b < QUANTILE_BINS; b++) {
      seen += counts[b];
      if (seen > rank) return b === 0 ? lo : lo + (b + 0.5) * width;
    }
    return hi;
  });
}
