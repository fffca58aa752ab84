/**
 * Flattening the light on a page: shadows, lamp gradients and tinted (yellow) paper divided
 * away, so that ink is measured against the paper right next to it (issue 14).
 *
 * The paper's brightness is estimated by a grey closing (a max filter, then a min filter) on a
 * copy at most 256 pixels a side: the max filter erases dark strokes narrower than its window,
 * the min filter brings back the paper's edges, shadow edges included (a closing keeps a step
 * where it is, where a wide blur would smear it into a band of false ink). The window is chosen
 * from the strokes' own width, measured on a first rough look at the ink, so a shadow's edge is
 * followed as closely as the strokes allow. Dividing by it turns a shadow (which multiplies the
 * light) into nothing, and thresholding the result is a local threshold: each pixel is compared
 * with its own neighbourhood's paper. O(pixels): separable filters on the small copy, one
 * resample up, one pass over the pixels.
 */
import { dilate, erode, otsuThreshold, quantiles } from './filters.ts';
import { fitWithin, resampleGray, type GrayImage } from './resample.ts';

/** The paper's brightness is estimated on a copy at most this many pixels a side. */
const PAPER_MAX_SIDE = 256;
/** The closing's half-width is this many stroke widths (≥ ½ erases the stroke; more for wobbly edges). */
const RADIUS_PER_STROKE = 0.85;
/** The closing's half-width is at least this fraction of the copy's longer side (thick pens). */
const MIN_RADIUS_FRACTION = 0.04;
/** Stroke widths are read as this quantile of the rough ink's horizontal runs (long runs are lines and shadows). */
const STROKE_RUN_QUANTILE = 0.35;

/** The width in pixels of the typical stroke in an ink-bright image, from its horizontal runs. */
export function strokeWidth(ink: GrayImage): number {
  const { data, width, height } = ink;
  let max = 0;
  for (let p = 0; p < data.length; p++) if (data[p] > max) max = data[p];
  if (max <= 0) return 1;
  const threshold = otsuThreshold(data, max);
  const runs: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && data[y * width + x] > threshold) run++;
      else {
        // Single pixels are noise, not strokes.
        if (run >= 2) runs.push(run);
        run = 0;
      }
    }
  }
  if (runs.length === 0) return 1;
  return Math.max(1, quantiles(runs, [STROKE_RUN_QUANTILE])[0]);
}

/**
 * The paper's brightness under `gray` (dark ink on light paper, 0–255): a grey closing wider
 * than strokes `stroke` pixels wide, on a ≤ 256-pixel copy, scaled back to `gray`'s size.
 */
export function paperBrightness(gray: GrayImage, stroke: number): GrayImage {
  const { width, height } = gray;
  const small = fitWithin(width, height, PAPER_MAX_SIDE);
  const same = small.width === width && small.height === height;
  const factor = small.width / width;
  const copy = same
    ? gray
    : resampleGray(gray, { x: 0, y: 0, width, height }, small.width, small.height);
  // A closing keeps straight edges (a shadow's) where they are whatever its size, so the
  // radius errs on the wide side: at least MIN_RADIUS_FRACTION of the copy's longer side.
  const r = Math.max(
    Math.ceil(MIN_RADIUS_FRACTION * Math.max(small.width, small.height)),
    Math.ceil(RADIUS_PER_STROKE * stroke * factor) + 1,
  );
  // No blur after it: a blur would smear a shadow's edge into a band of false ink.
  const paper = erode(dilate(copy, r), r);
  if (same) return paper;
  return resampleGray(
    paper,
    { x: 0, y: 0, width: small.width, height: small.height },
    width,
    height,
  );
}

/**
 * Ink (bright, 0–255) from dark ink on paper under uneven light: 255 × (1 − gray / paper), where
 * `paper` is `paperBrightness`; paper is 0 whatever its tint or shadow, ink keeps its contrast.
 */
export function divideByPaper(gray: GrayImage, paper: GrayImage): GrayImage {
  const { width, height } = gray;
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) {
    const b = paper.data[p];
    data[p] = b > 1 ? Math.max(0, 255 * (1 - gray.data[p] / b)) : 0;
  }
  return { data, width, height };
}
