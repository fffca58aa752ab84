/**
 * Removing the rules of lined paper and the grid of squared paper from an ink mask (issue 14):
 * thin, long, straight runs of ink, horizontal or vertical (within a few degrees, as a phone
 * held a little off-square sees them). A pixel is a rule's when it lies on a long run (at least
 * `minRun` pixels, measured on the mask thickened by two pixels across the run so that a
 * tilted rule's steps do not break it) and the ink across it is thin (at most `maxThickness` pixels).
 * Where a rule crosses or touches a stroke, the ink across it is thick (the stroke), so the
 * digit is not cut. O(pixels): four passes of run lengths.
 */

/** What `removeRuledLines` does, for a caller that wants to know. */
export interface RuleRemoval {
  /** Pixels taken out of the mask. */
  removed: number;
}

/**
 * For each pixel, the length of the run of set pixels it lies in, along rows (`stride` 1, `count`
 * = width, `lines` = height) or columns (`stride` width).
 */
function runLengths(
  mask: Uint8Array,
  width: number,
  height: number,
  horizontal: boolean,
): Uint16Array {
  const out = new Uint16Array(width * height);
  const lines = horizontal ? height : width;
  const count = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  for (let l = 0; l < lines; l++) {
    const base = horizontal ? l * width : l;
    let start = 0;
    for (let i = 0; i <= count; i++) {
      if (i < count && mask[base + i * step]) continue;
      const length = Math.min(65535, i - start);
      for (let j = start; j < i; j++) out[base + j * step] = length;
      start = i + 1;
    }
  }
  return out;
}

/** `mask` thickened by one pixel across the direction of the runs (rows: up and down). */
function thickenAcross(mask: Uint8Array, width: number, horizontal: boolean): Uint8Array {
  const out = mask.slice();
  const offset = horizontal ? width : 1;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const x = p % width;
    if (horizontal) {
      if (p >= offset) out[p - offset] = 1;
      if (p + offset < mask.length) out[p + offset] = 1;
    } else {
      if (x > 0) out[p - 1] = 1;
      if (x < width - 1) out[p + 1] = 1;
    }
  }
  return out;
}

/**
 * Clears the pixels of ruled and grid lines from `mask` (1 = ink), and zeroes `values` there
 * and on the rule's faint edges next to them, so that growing the digit through soft edges
 * does not follow a rule back out.
 */
export function removeRuledLines(
  mask: Uint8Array,
  values: Float32Array,
  width: number,
  height: number,
  minRun: number,
  maxThickness: number,
): RuleRemoval {
  const rule = new Uint8Array(mask.length);
  for (const horizontal of [true, false]) {
    // Thickened twice: rules tilted up to ~1 in 15 (perspective) still make long runs.
    const band = thickenAcross(thickenAcross(mask, width, horizontal), width, horizontal);
    const along = runLengths(band, width, height, horizontal);
    const across = runLengths(mask, width, height, !horizontal);
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] && along[p] >= minRun && across[p] <= maxThickness) rule[p] = 1;
    }
  }
  let removed = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!rule[p]) continue;
    mask[p] = 0;
    values[p] = 0;
    removed++;
    // The rule's anti-aliased edges, one pixel either side, unless they are ink themselves.
    const x = p % width;
    for (const q of [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1]) {
      if (q >= 0 && q < mask.length && !mask[q]) values[q] = 0;
    }
  }
  return { removed };
}
