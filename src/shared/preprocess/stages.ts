/**
 * Small grey views of preprocessing's steps, for the digit reader's "how this image was read"
 * strip: the photo, its light flattened, the ink found (the digit bright, ink left out dim).
 */
import { fitWithin, resampleGray, type GrayImage } from './resample.ts';

/** Stage views are at most this many pixels a side (area-averaged down). */
export const STAGE_MAX_SIDE = 96;

/** One small grey view: 0–255, row-major. */
export interface StageImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The steps of reading one image, as small views. */
export interface PreprocessStages {
  /** The image in grey, as it came. */
  original: StageImage;
  /** With shadows and the paper's tint divided away (paper white), or the background subtracted (dark boards, drawings). */
  flattened: StageImage;
  /** The ink found: the digit bright, ink that is not the digit (rules' remains, page edges) dim. */
  ink: StageImage;
}

/**
 * `image` at most `STAGE_MAX_SIDE` a side, its values times `scale` (0 gives a black view),
 * optionally inverted (255 − v), clamped to 0–255.
 */
export function stageImage(image: GrayImage, scale: number, invert = false): StageImage {
  const { width, height } = fitWithin(image.width, image.height, STAGE_MAX_SIDE);
  const full = { x: 0, y: 0, width: image.width, height: image.height };
  const small = resampleGray(image, full, width, height);
  const data = new Uint8Array(width * height);
  for (let p = 0; p < data.length; p++) {
    const v = Math.min(255, Math.max(0, Math.round(small.data[p] * scale)));
    data[p] = invert ? 255 - v : v;
  }
  return { data, width, height };
}
