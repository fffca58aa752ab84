/**
 * MNIST-style preprocessing of a drawing, an image or a camera frame, as LeCun made MNIST: the
 * digit found, cropped, scaled (anti-aliased) so that its longer side is 20 pixels, and placed
 * in a 28 × 28 field with its centre of mass at the centre; ink bright (1) on black (0).
 *
 * Pure TypeScript on RGBA bytes (`ImageData` from an `OffscreenCanvas` in the worker, or any
 * buffer in Node): no DOM, no TF.js. The steps, on a copy at most 512 pixels a side:
 * 1. grey: the brightest channel (HSV value: light-coloured rules and yellow paper read as
 *    paper, dark ink of any colour as ink; transparent pixels over a backdrop that contrasts
 *    the strokes);
 * 2. polarity: thin dark strokes (dark ink on a page) or thin bright ones (a drawing, chalk),
 *    told apart by a closing and an opening (`hasLightBackground`); ink is made bright;
 * 3. light: on a page, divided by the paper's brightness (a grey closing sized to the strokes,
 *    `preprocess/illumination.ts`), which takes away shadows, lamp gradients and the paper's
 *    colour; on a dark background (drawings, boards, MNIST), the background (a grey opening
 *    and a blur on a ≤ 64-pixel copy, Rec. 601 luma) is subtracted, as before issue 14;
 * 4. ink: Otsu's threshold on the flattened image (a local threshold: each pixel against its
 *    own paper); too little contrast with the paper (its median, with σ from the median
 *    absolute deviation) means there is none (`empty`);
 * 5. on a page, ruled and grid lines leave the ink mask (`preprocess/lines.ts`);
 * 6. the digit: 8-connected ink components; on a page, page structure (page-spanning thin or
 *    border-touching components, slivers along the border) left out; the most digit-like
 *    component (ink, less at the border or much wider than tall) with the parts near it (the
 *    bar of a 5), specks (< 5% of it) dropped; levels stretched so that the paper is 0 and the
 *    digit's solid ink (the 95th percentile of its strokes) is 1, paper noise (up to 3σ above
 *    the paper) set to 0 while anti-aliased edges keep their grey; the strokes grown through
 *    those soft edges;
 * 7. crop, area-resample to 20 pixels on the longer side (aspect ratio kept), and shift by
 *    whole pixels so that the centre of mass is at (14, 14) in pixel-index coordinates, as in
 *    MNIST (see `preprocess/center.ts`).
 * With `{stages: true}`, small views of steps 1, 3 and 6 come back for the digit reader.
 */
import { IMAGE_PIXELS } from './mnist.ts';
import { placeCentered } from './preprocess/center.ts';
import {
  boundsOf,
  growThroughSoftEdges,
  type Bounds,
  labelComponents,
  selectDigit,
} from './preprocess/components.ts';
import { boxBlur, dilate, erode, opening, otsuThreshold, quantiles } from './preprocess/filters.ts';
import { divideByPaper, paperBrightness, strokeWidth } from './preprocess/illumination.ts';
import { removeRuledLines } from './preprocess/lines.ts';
import { stageImage, type PreprocessStages } from './preprocess/stages.ts';
import {
  fitWithin,
  resampleGray,
  rgbaToGray,
  rgbaToValue,
  type GrayImage,
  type Rect,
  type RgbaImage,
} from './preprocess/resample.ts';

export { centerOfMass, MNIST_CENTER, placeCentered } from './preprocess/center.ts';
export { toGray, type GrayImage, type Rect, type RgbaImage } from './preprocess/resample.ts';
export { STAGE_MAX_SIDE, type PreprocessStages, type StageImage } from './preprocess/stages.ts';

/** What preprocessing made of an image. */
export interface PreprocessResult {
  /** 784 values in [0, 1], row-major 28 × 28, ink bright: the model's input. All 0 when empty. */
  pixels: Float32Array;
  /** No ink was found (a blank page, an empty canvas, a uniform frame). */
  empty: boolean;
  /** The image had a light background (dark ink on paper) and was inverted. */
  inverted: boolean;
  /** The digit's bounding box in the input image's pixels (absent when empty). */
  box?: Rect;
  /** How the image was read, step by step (with `{stages: true}`). */
  stages?: PreprocessStages;
}

/** What to return besides the model's input. */
export interface PreprocessOptions {
  /** Small grey views of the steps (original, flattened, ink), for a "how this was read" strip. */
  stages?: boolean;
}

/** Larger inputs are area-averaged down to this many pixels on their longer side first. */
export const WORK_MAX_SIDE = 512;
/** The longer side of the digit in the 28 × 28 field, as in MNIST. */
export const DIGIT_SIZE = 20;
/** The background is estimated on a copy at most this many pixels a side. */
const BACKGROUND_MAX_SIDE = 64;
/** The opening's radius as a fraction of that copy's longer side: wider than any stroke. */
const BACKGROUND_RADIUS_FRACTION = 0.15;
/** Ink must stand out from the paper by at least this much luma (0–255)… */
const MIN_INK_CONTRAST = 24;
/** …and by at least this many standard deviations of the paper's noise. */
const MIN_INK_SIGMAS = 6;
/** Levels this many standard deviations of noise above the paper's median count as paper. */
const NOISE_SIGMAS = 3;
/** Solid ink (1 in the output) is this quantile of the ink's levels. */
const SOLID_INK_QUANTILE = 0.95;
/** On a page, levels below this fraction of the ink threshold are paper. */
const PAGE_NOISE_FRACTION = 0.5;
/** Polarity is judged on a copy at most this many pixels a side… */
const POLARITY_MAX_SIDE = 128;
/** …by closing and opening with this radius (wider than strokes there)… */
const POLARITY_RADIUS = 2;
/** …when one takes away this many times more than the other… */
const POLARITY_RATIO = 2;
/** …in images at least this many pixels on the longer side (smaller ones: the median decides). */
const POLARITY_MIN_SIDE = 64;
/** An image with 60% of its pixels within this many levels of its brightest (or darkest) is a clean canvas. */
const CANVAS_BAND = 10;
/** Ink left out of the digit shows this bright (of 1) in the stages' ink view. */
const LEFT_OUT_LEVEL = 0.3;
/** The digit's soft edges are looked for this far (a fraction of its longer side) around its strokes. */
const EDGE_MARGIN_FRACTION = 0.1;

/** Rules are runs of ink at least this fraction of the working copy's longer side. */
const RULE_RUN_FRACTION = 0.25;
/** Rules are at most this fraction of the working copy's shorter side thick (plus one pixel, at least 3). */
const RULE_THICKNESS_FRACTION = 0.012;

/** Reads a digit from an RGBA image of any size: MNIST-style, ready for the model. */
export function preprocessToMnist(
  image: RgbaImage,
  options: PreprocessOptions = {},
): PreprocessResult {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`Image size ${width} × ${height} is not whole pixels.`);
  }
  if (image.data.length < width * height * 4) {
    throw new RangeError(`An RGBA ${width} × ${height} image needs ${width * height * 4} bytes.`);
  }
  if (width === 0 || height === 0) return emptyResult(false);

  const size = fitWithin(width, height, WORK_MAX_SIDE);
  // Colour-aware: the brightest channel sees light-coloured rules and tinted or yellow paper
  // as paper and dark ink of any colour as ink. Polarity is judged on it too, so that a page
  // (a camera's usual frame) is read from the image once; other images are read again as luma.
  const value = rgbaToValue(image, size.width, size.height);
  const inverted = hasLightBackground(value);
  const gray = inverted ? value : rgbaToGray(image, size.width, size.height);
  const flat = inverted ? flattenPage(value) : subtractBackground(gray);
  const stages = options.stages
    ? (ink?: GrayImage): PreprocessStages => ({
        original: stageImage(gray, 1),
        flattened: stageImage(flat, 1, inverted),
        ink: ink ? stageImage(ink, 255) : stageImage(flat, 0),
      })
    : undefined;
  const levels = inkLevels(flat.data);
  if (!levels) return emptyResult(inverted, stages?.());

  const rules = inverted
    ? {
        minRun: Math.round(RULE_RUN_FRACTION * Math.max(size.width, size.height)),
        maxThickness: Math.max(
          3,
          Math.round(RULE_THICKNESS_FRACTION * Math.min(size.width, size.height)) + 1,
        ),
      }
    : undefined;
  // On a page, faint marks below the ink threshold (a grid's light lines) are paper: the
  // digit's soft edges are not grown along them.
  if (rules) levels.noise = Math.max(levels.noise, PAGE_NOISE_FRACTION * levels.threshold);
  const digit = extractDigit(flat, levels, rules);
  if (!digit) return emptyResult(inverted, stages?.());

  const { x0, y0, x1, y1 } = digit.bounds;
  const rect = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  const scale = DIGIT_SIZE / Math.max(rect.width, rect.height);
  const scaled = resampleGray(
    digit.ink,
    rect,
    Math.max(1, Math.round(rect.width * scale)),
    Math.max(1, Math.round(rect.height * scale)),
  );
  const pixels = placeCentered(scaled);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(1, Math.max(0, pixels[i]));

  // The box in the input's pixels, rounded outwards when the working copy was smaller.
  const sx = width / size.width;
  const sy = height / size.height;
  const bx = Math.floor(rect.x * sx);
  const by = Math.floor(rect.y * sy);
  const box = {
    x: bx,
    y: by,
    width: Math.min(width, Math.ceil((rect.x + rect.width) * sx)) - bx,
    height: Math.min(height, Math.ceil((rect.y + rect.height) * sy)) - by,
  };
  return { pixels, empty: false, inverted, box, stages: stages?.(digit.view) };
}

/** An all-black result. */
function emptyResult(inverted: boolean, stages?: PreprocessStages): PreprocessResult {
  return { pixels: new Float32Array(IMAGE_PIXELS), empty: true, inverted, stages };
}

/**
 * Ink (bright) from a photo of a page (dark ink on light paper, its brightest channel), with
 * its light flattened: a rough look at the ink for the strokes' width, then the page divided by
 * its paper's brightness (`preprocess/illumination.ts`).
 */
function flattenPage(value: GrayImage): GrayImage {
  const inverse = { ...value, data: value.data.map((v) => 255 - v) };
  const stroke = strokeWidth(subtractBackground(inverse));
  return divideByPaper(value, paperBrightness(value, stroke));
}

/**
 * The digit in background-free luma: its ink in [0, 1] (paper and its noise 0, solid ink 1,
 * anti-aliased edges in between; everything that is not the digit 0) and its bounds.
 */
function extractDigit(
  flat: GrayImage,
  levels: InkLevels,
  rules?: { minRun: number; maxThickness: number },
): { ink: GrayImage; bounds: Bounds; view: GrayImage } | undefined {
  const { data, width, height } = flat;
  // The thresholded ink, whose components (weighed by their ink) make up the digit.
  const mask = new Uint8Array(data.length);
  for (let p = 0; p < mask.length; p++) mask[p] = data[p] > levels.threshold ? 1 : 0;
  // On a page: rules and grid lines out (before components, so a rule touching the digit goes).
  if (rules) removeRuledLines(mask, data, width, height, rules.minRun, rules.maxThickness);
  const { labels, components } = labelComponents(mask, data, width, height);
  const chosen = selectDigit(
    components,
    rules ? { width, height, maxThickness: rules.maxThickness } : undefined,
  );
  if (chosen.length === 0) return undefined;
  // Solid ink is measured on the digit's strokes alone, so specks do not change its level.
  const kept = new Uint8Array(components.length + 1);
  for (const c of chosen) kept[c.label] = 1;
  const [solid] = quantiles(
    data.filter((_, p) => kept[labels[p]]),
    [SOLID_INK_QUANTILE],
  );
  const range = Math.max(1, solid - levels.paper);
  const values = new Float32Array(data.length);
  for (let p = 0; p < values.length; p++) {
    const v = data[p];
    values[p] = v > levels.noise ? Math.min(1, (v - levels.paper) / range) : 0;
  }
  const core = boundsOf(chosen);
  const margin =
    1 + Math.ceil(EDGE_MARGIN_FRACTION * Math.max(core.x1 - core.x0, core.y1 - core.y0));
  const limit = {
    x0: Math.max(0, core.x0 - margin),
    y0: Math.max(0, core.y0 - margin),
    x1: Math.min(width - 1, core.x1 + margin),
    y1: Math.min(height - 1, core.y1 + margin),
  };
  const digit = growThroughSoftEdges(labels, chosen, values, flat, limit);
  // The view of the ink: the digit bright, the ink left out (page structure, specks) dim.
  const view = new Float32Array(values.length);
  for (let p = 0; p < values.length; p++) {
    if (!digit.mask[p]) values[p] = 0;
    view[p] = digit.mask[p] ? values[p] : mask[p] * LEFT_OUT_LEVEL;
  }
  return {
    ink: { data: values, width, height },
    bounds: digit.bounds,
    view: { data: view, width, height },
  };
}

/**
 * Whether the background is light (dark ink on paper). A clean canvas, 60% of it within
 * `CANVAS_BAND` levels of its brightest or darkest, is what that end says. Otherwise strokes are thin: a grey closing (on a
 * ≤ 128-pixel copy, 5 pixels wide) takes away thin dark strokes and an opening thin bright
 * ones, so whichever takes away clearly more says which the strokes are. A shadow's or a
 * desk's edge is kept by both, so a page half in shadow or a sticky note on a dark desk is
 * still a light page. When neither clearly wins (blank pages, noise, strokes wider than the
 * window), a photo is light when a quarter of it is brighter than mid-grey; a small image (under
 * 64 pixels a side: MNIST's own) is light when its typical pixel (the median) is nearer the
 * brightest than the darkest (0.1% and 99.9% quantiles), or, uniform, brighter than mid-grey.
 */
export function hasLightBackground(gray: GrayImage): boolean {
  const { width, height } = gray;
  if (Math.max(width, height) >= POLARITY_MIN_SIDE) {
    // A clean canvas (the drawing pad, a scan): most of it within a few levels of one end. The
    // strokes may be wider than the window below (a slashed 0 drawn big read as dark: issue 16).
    const [darkest, q40, q60, brightest] = quantiles(gray.data, [0.001, 0.4, 0.6, 0.999]);
    if (brightest - darkest >= MIN_INK_CONTRAST) {
      if (brightest - q40 < CANVAS_BAND) return true;
      if (q60 - darkest < CANVAS_BAND) return false;
    }
    const small = fitWithin(width, height, POLARITY_MAX_SIDE);
    const copy = resampleGray(gray, { x: 0, y: 0, width, height }, small.width, small.height);
    const closed = erode(dilate(copy, POLARITY_RADIUS), POLARITY_RADIUS);
    const opened = dilate(erode(copy, POLARITY_RADIUS), POLARITY_RADIUS);
    let dark = 0;
    let bright = 0;
    for (let p = 0; p < copy.data.length; p++) {
      dark += closed.data[p] - copy.data[p];
      bright += copy.data[p] - opened.data[p];
    }
    if (dark > POLARITY_RATIO * bright) return true;
    if (bright > POLARITY_RATIO * dark) return false;
    // No clear strokes: a page that is light in a quarter of it (the rest in shadow) is a page.
    return quantiles(gray.data, [0.75])[0] > 127.5;
  }
  const [darkest, median, brightest] = quantiles(gray.data, [0.001, 0.5, 0.999]);
  if (brightest - darkest < 1) return median > 127.5;
  return median > (darkest + brightest) / 2;
}

/**
 * Removes the background from bright-ink-on-dark luma: a grey opening wider than the strokes
 * (on a ≤ 64-pixel copy) keeps the paper and its lighting, a blur smooths it, and it is
 * scaled back up and subtracted. Returns ink above the local background (≥ 0).
 */
function subtractBackground(ink: GrayImage): GrayImage {
  const { width, height } = ink;
  const small = fitWithin(width, height, BACKGROUND_MAX_SIDE);
  const same = small.width === width && small.height === height;
  const full = { x: 0, y: 0, width, height };
  const copy = same ? ink : resampleGray(ink, full, small.width, small.height);
  const r = Math.max(
    1,
    Math.round(BACKGROUND_RADIUS_FRACTION * Math.max(small.width, small.height)),
  );
  const background = boxBlur(opening(copy, r), Math.max(1, Math.round(r / 2)));
  const smallRect = { x: 0, y: 0, width: small.width, height: small.height };
  const up = same ? background : resampleGray(background, smallRect, width, height);
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = Math.max(0, ink.data[p] - up.data[p]);
  return { data, width, height };
}

/** The levels of paper and ink in background-free luma, and Otsu's ink threshold. */
interface InkLevels {
  /** The paper's level: 0 in the output. */
  paper: number;
  /** Levels at or below this are paper and its noise, set to 0 (not shifted, so faint edges keep their grey). */
  noise: number;
  /** Pixels above this are ink, for finding components. */
  threshold: number;
}

/** Measures paper, noise and ink in `flat`; undefined when there is no ink worth the name. */
function inkLevels(flat: Float32Array): InkLevels | undefined {
  let max = 0;
  for (let p = 0; p < flat.length; p++) if (flat[p] > max) max = flat[p];
  if (max < MIN_INK_CONTRAST) return undefined;
  // Ink is a minority: the median and the median absolute deviation describe the paper.
  const [median] = quantiles(flat, [0.5]);
  const deviations = new Float32Array(flat.length);
  for (let p = 0; p < flat.length; p++) deviations[p] = Math.abs(flat[p] - median);
  const sigma = 1.4826 * quantiles(deviations, [0.5])[0];
  const threshold = otsuThreshold(flat, max);
  const inkPixels = flat.filter((v) => v > threshold);
  if (inkPixels.length === 0) return undefined;
  const [ink] = quantiles(inkPixels, [SOLID_INK_QUANTILE]);
  const contrast = ink - median;
  if (contrast < MIN_INK_CONTRAST || contrast < MIN_INK_SIGMAS * sigma) return undefined;
  return { paper: median, noise: Math.min(median + NOISE_SIGMAS * sigma, threshold), threshold };
}
