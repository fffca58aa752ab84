/**
 * Finding the digit among the ink: 8-connected components of the thresholded ink, specks
 * dropped, the main ink mass kept together with the parts near it (the bar of a 5), and the
 * kept strokes grown through their soft, anti-aliased edges.
 */

/** Inclusive pixel bounds: x0 ≤ x ≤ x1, y0 ≤ y ≤ y1. */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One 8-connected component of ink. */
export interface InkComponent {
  label: number;
  /** Pixels in the component. */
  area: number;
  /** Sum of the component's ink values. */
  mass: number;
  bounds: Bounds;
  touchesBorder: boolean;
}

/** Components below this fraction of the main component's area are specks. */
export const SPECK_FRACTION = 0.05;
/** A part joins the digit when its gap to the digit's box is at most this fraction of the box's longer side. */
export const NEAR_FRACTION = 0.3;
/** A component touching the image border (paper edge, shadow) counts this much less as the main mass. */
const BORDER_PENALTY = 0.5;

const NEIGHBOURS = [-1, 0, 1];

/**
 * Labels the 8-connected components of `mask` (`labels[p]` is 1 + the component's index, 0 for
 * background) and measures each, with `values` as its ink.
 */
export function labelComponents(
  mask: Uint8Array,
  values: Float32Array,
  width: number,
  height: number,
): { labels: Int32Array; components: InkComponent[] } {
  const labels = new Int32Array(width * height);
  const components: InkComponent[] = [];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const label = components.length + 1;
    const c: InkComponent = {
      label,
      area: 0,
      mass: 0,
      bounds: { x0: width, y0: height, x1: -1, y1: -1 },
      touchesBorder: false,
    };
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      c.mass += values[p];
      const b = c.bounds;
      if (x < b.x0) b.x0 = x;
      if (x > b.x1) b.x1 = x;
      if (y < b.y0) b.y0 = y;
      if (y > b.y1) b.y1 = y;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) c.touchesBorder = true;
      for (const dy of NEIGHBOURS) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (const dx of NEIGHBOURS) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && !labels[q]) {
            labels[q] = label;
            stack[top++] = q;
          }
        }
      }
    }
    components.push(c);
  }
  return { labels, components };
}

/** The gap in pixels between two boxes along the axis where they are farthest apart (0 if they overlap). */
function gapBetween(a: Bounds, b: Bounds): number {
  const dx = Math.max(0, a.x0 - b.x1 - 1, b.x0 - a.x1 - 1);
  const dy = Math.max(0, a.y0 - b.y1 - 1, b.y0 - a.y1 - 1);
  return Math.max(dx, dy);
}

/** A component spanning this fraction of a photo's width or height is page structure, if thin or at the border. */
export const SPAN_FRACTION = 0.6;
/** A component touching the border and thinner than this fraction of the photo's shorter side is a sliver of page. */
export const SLIVER_FRACTION = 0.08;
/** Components whose box is under this height-to-width ratio (a dash, a shadow's sliver) count less as the digit. */
const WIDE_RATIO = 0.45;
/** How much less a wide component counts. */
const WIDE_PENALTY = 0.3;

/**
 * Whether `c` is page structure rather than ink of a digit, in a `frame`-sized photo: it spans
 * most of the photo's width or height and is thin (a rule, the residue of a shadow's edge) or
 * touches the border (the edge of a sticky note, a desk, a shadow), or it is a sliver along
 * the border.
 */
export function isPageStructure(
  c: InkComponent,
  frame: { width: number; height: number },
  maxThickness: number,
): boolean {
  const w = c.bounds.x1 - c.bounds.x0 + 1;
  const h = c.bounds.y1 - c.bounds.y0 + 1;
  const spans = w >= SPAN_FRACTION * frame.width || h >= SPAN_FRACTION * frame.height;
  // A sliver along the border: where a shadow's edge meets it (the paper's estimate is
  // least sure within a window's reach of the border), or the edge of a desk.
  const sliver =
    c.touchesBorder && Math.min(w, h) <= SLIVER_FRACTION * Math.min(frame.width, frame.height);
  return sliver || (spans && (c.touchesBorder || c.area <= maxThickness * Math.max(w, h)));
}

/**
 * The components that make up the digit: the most digit-like one (the most ink, less if it
 * touches the border or is much wider than tall), then, repeatedly, every non-speck component
 * near the box of those chosen so far. With `frame` (a photo of a page), page structure
 * (`isPageStructure`) is left out first: a page with nothing else has no digit.
 */
export function selectDigit(
  all: readonly InkComponent[],
  frame?: { width: number; height: number; maxThickness: number },
): InkComponent[] {
  const components = frame
    ? all.filter((c) => !isPageStructure(c, frame, frame.maxThickness))
    : all;
  if (components.length === 0) return [];
  const score = (c: InkComponent) => {
    const w = c.bounds.x1 - c.bounds.x0 + 1;
    const h = c.bounds.y1 - c.bounds.y0 + 1;
    const shape = frame && h < WIDE_RATIO * w ? WIDE_PENALTY : 1;
    return c.mass * (c.touchesBorder ? BORDER_PENALTY : 1) * shape;
  };
  const main = components.reduce((best, c) => (score(c) > score(best) ? c : best));
  // On a page, a hair-thin straight piece (a grid line's remains) is not part of the digit.
  const fragment = (c: InkComponent) => {
    const w = c.bounds.x1 - c.bounds.x0 + 1;
    const h = c.bounds.y1 - c.bounds.y0 + 1;
    return frame !== undefined && Math.min(w, h) <= 2 && Math.max(w, h) >= 3 * Math.min(w, h);
  };
  const candidates = components.filter(
    (c) => c !== main && c.area >= SPECK_FRACTION * main.area && !fragment(c),
  );
  const chosen = [main];
  const box = { ...main.bounds };
  for (let added = true; added;) {
    added = false;
    for (let i = candidates.length - 1; i >= 0; i--) {
      const c = candidates[i];
      const side = Math.max(box.x1 - box.x0 + 1, box.y1 - box.y0 + 1);
      if (gapBetween(box, c.bounds) > NEAR_FRACTION * side) continue;
      chosen.push(c);
      candidates.splice(i, 1);
      box.x0 = Math.min(box.x0, c.bounds.x0);
      box.y0 = Math.min(box.y0, c.bounds.y0);
      box.x1 = Math.max(box.x1, c.bounds.x1);
      box.y1 = Math.max(box.y1, c.bounds.y1);
      added = true;
    }
  }
  return chosen;
}

/** The box around all of `components`. */
export function boundsOf(components: readonly InkComponent[]): Bounds {
  return {
    x0: Math.min(...components.map((c) => c.bounds.x0)),
    y0: Math.min(...components.map((c) => c.bounds.y0)),
    x1: Math.max(...components.map((c) => c.bounds.x1)),
    y1: Math.max(...components.map((c) => c.bounds.y1)),
  };
}

/**
 * Grows the chosen components through their soft edges (8-connected pixels with `values` > 0)
 * within `limit`, and returns the grown mask and its bounds. Faint pixels not touching a chosen
 * stroke (paper noise, specks and their halos) are left out.
 */
export function growThroughSoftEdges(
  labels: Int32Array,
  chosen: readonly InkComponent[],
  values: Float32Array,
  size: { width: number; height: number },
  limit: Bounds,
): { mask: Uint8Array; bounds: Bounds } {
  const { width, height } = size;
  const keep = new Set(chosen.map((c) => c.label));
  const mask = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] && keep.has(labels[p])) {
      mask[p] = 1;
      stack[top++] = p;
    }
  }
  const bounds: Bounds = { x0: width, y0: height, x1: -1, y1: -1 };
  while (top > 0) {
    const p = stack[--top];
    const x = p % width;
    const y = (p - x) / width;
    if (x < bounds.x0) bounds.x0 = x;
    if (x > bounds.x1) bounds.x1 = x;
    if (y < bounds.y0) bounds.y0 = y;
    if (y > bounds.y1) bounds.y1 = y;
    for (const dy of NEIGHBOURS) {
      const ny = y + dy;
      if (ny < limit.y0 || ny > limit.y1) continue;
      for (const dx of NEIGHBOURS) {
        const nx = x + dx;
        if (nx < limit.x0 || nx > limit.x1) continue;
        const q = ny * width + nx;
        // Other components' cores stay out: a dropped speck next to the digit does not join it.
        if (!mask[q] && values[q] > 0 && !(labels[q] && !keep.has(labels[q]))) {
          mask[q] = 1;
          stack[top++] = q;
        }
      }
    }
  }
  return { mask, bounds };
}
