/**
 * Colour scales for the "Inside the model" view, as 256-entry lookup tables (`Uint8ClampedArray`
 * of RGBA) so a map of thousands of values is drawn with one `putImageData` and no per-value
 * colour maths. `sequential` is viridis-like (dark blue → green → yellow, lightness rising
 * steadily, readable by people with the common colour-vision deficiencies): a degree-5
 * polynomial per channel, fitted by least squares to nine samples of matplotlib's viridis
 * (error under 4/255). `diverging` is for signed values (kernels, saliency): cool blue for
 * negative, a light neutral at zero, warm red for positive.
 */

/** A lookup table: 256 colours, RGBA, index 0 for the scale's low end. */
export type ColourTable = Uint8ClampedArray;

/** Entries in a table. */
export const TABLE_SIZE = 256;

/** Polynomial coefficients (constant term first) of red, green and blue over t in [0, 1]. */
const VIRIDIS_FIT = [
  [0.2674, 0.0959, 0.7679, -11.0633, 21.0145, -10.0907],
  [0.0035, 1.5201, -1.4197, 1.7703, -0.9688, 0],
  [0.3275, 2.1897, -10.0173, 25.053, -30.3423, 12.9326],
] as const;

/** Anchors of the diverging scale at t = 0, 0.5 and 1 (Moreland's cool–warm ends). */
const COOL_WARM = [
  [59, 76, 192],
  [221, 221, 221],
  [180, 4, 38],
] as const;

const polynomial = (coefficients: readonly number[], t: number): number =>
  coefficients.reduceRight((sum, c) => sum * t + c, 0);

/** A table whose entry i is `colour(i / 255)` (components 0–255). */
function tableOf(colour: (t: number) => readonly [number, number, number]): ColourTable {
  const table = new Uint8ClampedArray(TABLE_SIZE * 4);
  for (let i = 0; i < TABLE_SIZE; i++) {
    const [r, g, b] = colour(i / (TABLE_SIZE - 1));
    table.set([Math.round(r), Math.round(g), Math.round(b), 255], i * 4);
  }
  return table;
}

/** Viridis-like: for values with a low and a high end (activations). */
export const sequential: ColourTable = tableOf((t) => {
  const [r, g, b] = VIRIDIS_FIT.map((c) => 255 * polynomial(c, t));
  return [r, g, b];
});

/** Cool (negative) → neutral (zero) → warm (positive): for signed values. */
export const diverging: ColourTable = tableOf((t) => {
  const [from, to, u] =
    t < 0.5 ? [COOL_WARM[0], COOL_WARM[1], 2 * t] : [COOL_WARM[1], COOL_WARM[2], 2 * t - 1];
  return [0, 1, 2].map((k) => from[k] + (to[k] - from[k]) * u) as [number, number, number];
});

/** Black → white: the 28 × 28 input, as the model (and MNIST) sees it. */
export const grey: ColourTable = tableOf((t) => [255 * t, 255 * t, 255 * t]);

/**
 * The table index of `value` on a scale from `min` to `max` (0–255, clamped). A scale with no
 * width (a map that is all zeros) puts every value at its low end.
 */
export function scaleIndex(value: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  const t = (value - min) / (max - min);
  return Math.min(TABLE_SIZE - 1, Math.max(0, Math.round(t * (TABLE_SIZE - 1))));
}

/** The CSS colour of table entry `index`. */
export function cssColour(table: ColourTable, index: number): string {
  const at = index * 4;
  return `rgb(${table[at]} ${table[at + 1]} ${table[at + 2]})`;
}

/** A CSS `linear-gradient` of `table` from left to right, for a legend. */
export function legendGradient(table: ColourTable, stops = 9): string {
  const colours = Array.from({ length: stops }, (_, i) =>
    cssColour(table, Math.round((i * (TABLE_SIZE - 1)) / (stops - 1))),
  );
  return `linear-gradient(to right, ${colours.join(', ')})`;
}

/**
 * Writes `values` (row-major, `width` wide) into `image` at (`left`, `top`), coloured by `table`
 * on the scale `min`–`max`.
 */
export function paintValues(
  image: ImageData,
  values: ArrayLike<number>,
  width: number,
  left: number,
  top: number,
  table: ColourTable,
  min: number,
  max: number,
): void {
  const data = image.data;
  const height = Math.floor(values.length / width);
  const span = max > min ? (TABLE_SIZE - 1) / (max - min) : 0;
  for (let y = 0; y < height; y++) {
    let at = ((top + y) * image.width + left) * 4;
    for (let x = 0; x < width; x++, at += 4) {
      const index =
        Math.min(TABLE_SIZE - 1, Math.max(0, Math.round((values[y * width + x] - min) * span))) * 4;
      data[at] = table[index];
      data[at + 1] = table[index + 1];
      data[at + 2] = table[index + 2];
      data[at + 3] = 255;
    }
  }
}
