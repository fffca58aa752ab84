/**
 * A seeded set of photo-like test images of MNIST test digits, as people photograph digits
 * (issue 14): under a soft shadow, on lined and squared paper, on a yellow sticky note with a
 * shadow, in chalk on a blackboard, small in a big frame, and as low-quality JPEG. Used by
 * `npm run photos:eval` and the preprocessing unit tests; never by training.
 *
 * Every photo is rendered by inverse mapping: each photo pixel goes through a mild perspective
 * (a homography, in about half the photos) to page coordinates, where the page (paper colour,
 * rules, grid) and the ink are read; lighting (gradient, shadow) then applies in photo
 * coordinates, then sensor noise, then (for `jpeg`) 8 × 8 block-DCT quantisation as a JPEG
 * encoder does it (no encoder is available in Node without a new dependency).
 *
 * The digit is drawn as pen strokes: the 28 × 28 image is enlarged (bilinear) and its grey
 * level passed through a soft threshold whose level sets the pen's width, in one of several
 * pen colours (blue ballpoint, black, dark marker; chalk on the board).
 */
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../src/shared/mnist.ts';
import type { RgbaImage } from '../../src/shared/preprocess.ts';
import { mulberry32 } from '../../src/shared/random.ts';

/** The conditions of the set, in the order the report lists them. */
export const CONDITIONS = [
  'shadow',
  'lined',
  'squared',
  'sticky',
  'blackboard',
  'small',
  'jpeg',
] as const;
/** One condition. */
export type Condition = (typeof CONDITIONS)[number];

/** One photo of the set. */
export interface RealisticPhoto {
  condition: Condition;
  /** The MNIST test image it shows, and its label. */
  testIndex: number;
  label: number;
  image: RgbaImage;
  /** The digit's height as a fraction of the photo's height. */
  heightFraction: number;
  perspective: boolean;
}

/** The first MNIST test image the set uses (the first 5,000 are left to other tests). */
export const FIRST_TEST_INDEX = 5000;

type Rgb = [number, number, number];

/** A standard normal deviate (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const smoothstep = (a: number, b: number, x: number) => {
  const t = Math.min(1, Math.max(0, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/** Bilinear sample of a 28 × 28 image (0–1) at (u, v) in pixel-index coordinates, 0 outside. */
export function sample(pixels: Uint8Array, u: number, v: number): number {
  const x0 = Math.floor(u);
  const y0 = Math.floor(v);
  const fx = u - x0;
  const fy = v - y0;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= IMAGE_SIZE || y >= IMAGE_SIZE ? 0 : pixels[y * IMAGE_SIZE + x];
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return (top * (1 - fy) + bottom * fy) / 255;
}

/** The bounds of the pixels of a 28 × 28 image above 1/4 of full ink. */
function inkBounds(pixels: Uint8Array): { x0: number; y0: number; x1: number; y1: number } {
  const b = { x0: IMAGE_SIZE, y0: IMAGE_SIZE, x1: -1, y1: -1 };
  for (let p = 0; p < IMAGE_PIXELS; p++) {
    if (pixels[p] < 64) continue;
    const x = p % IMAGE_SIZE;
    const y = (p - x) / IMAGE_SIZE;
    b.x0 = Math.min(b.x0, x);
    b.x1 = Math.max(b.x1, x);
    b.y0 = Math.min(b.y0, y);
    b.y1 = Math.max(b.y1, y);
  }
  return b;
}

/** What a page looks like at page point (u, v): its colour. */
type Page = (u: number, v: number) => Rgb;

/** How a photo of one condition is laid out. */
interface Layout {
  width: number;
  height: number;
  /** Digit height as a fraction of the photo height. */
  heightFraction: [number, number];
  page: Page;
  ink: Rgb;
  /** Stroke softness and how much of the pen's colour reaches the page. */
  opacity: number;
  /** Chalk: grainy strokes. */
  grain: number;
  shadow: boolean;
  jpegQuality?: number;
  noise: number;
  gradient: number;
}

const PENS: Rgb[] = [
  [25, 45, 150], // blue ballpoint
  [30, 30, 35], // black
  [20, 25, 90], // dark blue marker
  [45, 40, 60], // pencil-ish grey
];

function layoutFor(condition: Condition, random: () => number): Layout {
  const between = (a: number, b: number) => a + (b - a) * random();
  const pen = PENS[Math.floor(random() * PENS.length)];
  const paperLevel = between(215, 250);
  const paper: Rgb = [paperLevel, paperLevel * between(0.96, 1), paperLevel * between(0.88, 0.98)];
  const plain: Page = () => paper;
  const base: Layout = {
    width: 400,
    height: 300,
    heightFraction: [0.35, 0.6],
    page: plain,
    ink: pen,
    opacity: between(0.75, 1),
    grain: 0,
    shadow: false,
    noise: between(2, 6),
    gradient: between(10, 40),
  };
  switch (condition) {
    case 'shadow':
      return { ...base, shadow: true };
    case 'lined': {
      const spacing = between(22, 34);
      const offset = between(0, spacing);
      const lineWidth = between(1, 2.5);
      const rule: Rgb = [between(120, 170), between(160, 200), between(215, 245)];
      const margin = random() < 0.5 ? between(40, 80) : -1;
      return {
        ...base,
        // A digit one to two rules tall, as people write in a notebook.
        heightFraction: [0.18, 0.3],
        width: 320,
        height: 240,
        page: (u, v) => {
          if (margin > 0 && Math.abs(u - margin) < 1) return [230, 120, 130];
          const d =
            Math.abs(((((v - offset) % spacing) + spacing) % spacing) - spacing / 2) -
            (spacing / 2 - lineWidth);
          return d > 0 ? rule : paper;
        },
      };
    }
    case 'squared': {
      const spacing = between(14, 24);
      const ox = between(0, spacing);
      const oy = between(0, spacing);
      const lineWidth = between(0.8, 1.8);
      const grid: Rgb = [between(130, 190), between(160, 210), between(190, 235)];
      return {
        ...base,
        heightFraction: [0.2, 0.35],
        width: 320,
        height: 240,
        page: (u, v) => {
          const gx = Math.abs((((u - ox) % spacing) + spacing) % spacing) < lineWidth;
          const gy = Math.abs((((v - oy) % spacing) + spacing) % spacing) < lineWidth;
          return gx || gy ? grid : paper;
        },
      };
    }
    case 'sticky': {
      const yellow: Rgb = [between(240, 255), between(215, 240), between(80, 140)];
      const desk: Rgb = [between(90, 160), between(80, 140), between(60, 120)];
      // The note fills most of the frame; a desk shows round it in some photos.
      const inset = random() < 0.5 ? between(8, 30) : -1;
      return {
        ...base,
        shadow: true,
        heightFraction: [0.35, 0.55],
        page: (u, v) =>
          inset > 0 && (u < inset || v < inset || u > 400 - inset || v > 300 - inset)
            ? desk
            : yellow,
      };
    }
    case 'blackboard': {
      const board: Rgb = [between(30, 60), between(45, 75), between(40, 60)];
      const smudge = between(4, 12);
      const fx = between(0.01, 0.03);
      const fy = between(0.01, 0.03);
      return {
        ...base,
        ink: [between(220, 245), between(220, 245), between(210, 235)],
        opacity: between(0.7, 0.9),
        grain: between(0.2, 0.4),
        page: (u, v) => {
          const s = smudge * (Math.sin(u * fx) * Math.cos(v * fy) + 0.5);
          return [board[0] + s, board[1] + s, board[2] + s];
        },
        gradient: between(5, 25),
      };
    }
    case 'small':
      return { ...base, width: 640, height: 480, heightFraction: [0.15, 0.25] };
    case 'jpeg':
      return { ...base, jpegQuality: Math.round(between(30, 70)) };
  }
}

/** A homography close to the identity (a phone held a little off-square), and its inverse mapping. */
function perspectiveMap(
  width: number,
  height: number,
  random: () => number,
): (x: number, y: number) => [number, number] {
  const g = (random() - 0.5) * 0.0008;
  const h = (random() - 0.5) * 0.0008;
  const shear = (random() - 0.5) * 0.1;
  const cx = width / 2;
  const cy = height / 2;
  return (x, y) => {
    const X = x - cx;
    const Y = y - cy;
    const w = 1 + g * X + h * Y;
    return [(X + shear * Y) / w + cx, Y / w + cy];
  };
}

/** Renders one photo of MNIST image `pixels` (white on black) in `condition`. */
export function renderRealisticPhoto(
  pixels: Uint8Array,
  condition: Condition,
  random: () => number,
): { image: RgbaImage; heightFraction: number; perspective: boolean } {
  const between = (a: number, b: number) => a + (b - a) * random();
  const layout = layoutFor(condition, random);
  const { width, height } = layout;
  const ink = inkBounds(pixels);
  const inkW = ink.x1 - ink.x0 + 1;
  const inkH = ink.y1 - ink.y0 + 1;
  const heightFraction = between(...layout.heightFraction);
  const scale = (heightFraction * height) / inkH;
  const margin = 0.08 * height;
  const inkLeft = between(margin, Math.max(margin, width - margin - inkW * scale));
  const inkTop = between(margin, Math.max(margin, height - margin - inkH * scale));
  const left = inkLeft - ink.x0 * scale;
  const top = inkTop - ink.y0 * scale;
  // Pen width: the grey level of the enlarged MNIST image where the stroke's edge is.
  const edge = between(0.25, 0.6);
  const soft = 0.15;
  const perspective = random() < 0.5;
  const toPage = perspective
    ? perspectiveMap(width, height, random)
    : (x: number, y: number) => [x, y];

  // Lighting in photo coordinates: a gradient, and a soft shadow edge across the page.
  const angle = between(0, 2 * Math.PI);
  const [gx, gy] = [Math.cos(angle), Math.sin(angle)];
  const span = Math.abs(gx) * width + Math.abs(gy) * height;
  const shadowAngle = between(0, 2 * Math.PI);
  const [sx, sy] = [Math.cos(shadowAngle), Math.sin(shadowAngle)];
  // The shadow's edge passes within the middle half of the photo, often across the digit.
  const sOffset = between(-0.25, 0.25) * Math.min(width, height);
  const sDepth = between(0.45, 0.7);
  const sWidth = between(4, 30);

  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = toPage(x + 0.5, y + 0.5) as [number, number];
      const paper = layout.page(u, v);
      const level = sample(pixels, (u - left) / scale - 0.5, (v - top) / scale - 0.5);
      let a = smoothstep(edge - soft, edge + soft, level) * layout.opacity;
      if (layout.grain > 0 && a > 0) a *= 1 - layout.grain * random();
      const along = ((x - width / 2) * gx + (y - height / 2) * gy) / span;
      let light = 1 - (layout.gradient / 255) * along;
      if (layout.shadow) {
        const d = (x - width / 2) * sx + (y - height / 2) * sy - sOffset;
        light *= 1 - (1 - sDepth) * smoothstep(-sWidth, sWidth, d);
      }
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const colour = paper[c] * (1 - a) + layout.ink[c] * a;
        data[i + c] = colour * light + layout.noise * gaussian(random);
      }
      data[i + 3] = 255;
    }
  }
  const image = { data, width, height };
  if (layout.jpegQuality !== undefined) jpegRoundTrip(image, layout.jpegQuality);
  return { image, heightFraction, perspective };
}

/** The JPEG standard's luminance and chrominance quantisation tables (Annex K). */
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/** The IJG scaling of a quantisation table to `quality` (1–100). */
function scaledTable(table: number[], quality: number): Float32Array {
  const s = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return Float32Array.from(table, (q) =>
    Math.min(255, Math.max(1, Math.floor((q * s + 50) / 100))),
  );
}

/** cos((2x + 1) u π / 16) × C(u) / 2: the 8-point DCT-II basis. */
const DCT = new Float32Array(64).map((_, k) => {
  const u = Math.floor(k / 8);
  const x = k % 8;
  return (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
});

/** Quantises one channel (a `width` × `height` plane) in 8 × 8 blocks, in place. */
function quantisePlane(plane: Float32Array, width: number, height: number, table: Float32Array) {
  const block = new Float32Array(64);
  const tmp = new Float32Array(64);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const px = Math.min(width - 1, bx + x);
          const py = Math.min(height - 1, by + y);
          block[y * 8 + x] = plane[py * width + px] - 128;
        }
      }
      // Forward DCT: rows then columns; quantise; inverse.
      for (let y = 0; y < 8; y++)
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += DCT[u * 8 + x] * block[y * 8 + x];
          tmp[y * 8 + u] = s;
        }
      for (let v = 0; v < 8; v++)
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += DCT[v * 8 + y] * tmp[y * 8 + u];
          const q = table[v * 8 + u];
          block[v * 8 + u] = Math.round(s / q) * q;
        }
      for (let v = 0; v < 8; v++)
        for (let x = 0; x < 8; x++) {
          let s = 0;
          for (let u = 0; u < 8; u++) s += DCT[u * 8 + x] * block[v * 8 + u];
          tmp[v * 8 + x] = s;
        }
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++) {
          let s = 0;
          for (let v = 0; v < 8; v++) s += DCT[v * 8 + y] * tmp[v * 8 + x];
          const px = bx + x;
          const py = by + y;
          if (px < width && py < height) plane[py * width + px] = s + 128;
        }
    }
  }
}

/**
 * A JPEG round trip at `quality` without an encoder: RGB → YCbCr, chroma subsampled 2 × 2,
 * each plane's 8 × 8 blocks DCT-quantised with the standard tables scaled to `quality`, back.
 */
export function jpegRoundTrip(image: RgbaImage, quality: number): void {
  const { data, width, height } = image;
  const n = width * height;
  const Y = new Float32Array(n);
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const Cb = new Float32Array(cw * ch);
  const Cr = new Float32Array(cw * ch);
  const counts = new Float32Array(cw * ch);
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]];
    Y[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    const x = p % width;
    const c = (((p - x) / width) >> 1) * cw + (x >> 1);
    Cb[c] += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    Cr[c] += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    counts[c]++;
  }
  for (let c = 0; c < Cb.length; c++) {
    Cb[c] /= counts[c];
    Cr[c] /= counts[c];
  }
  quantisePlane(Y, width, height, scaledTable(LUMA_TABLE, quality));
  const chroma = scaledTable(CHROMA_TABLE, quality);
  quantisePlane(Cb, cw, ch, chroma);
  quantisePlane(Cr, cw, ch, chroma);
  for (let p = 0; p < n; p++) {
    const x = p % width;
    const c = (((p - x) / width) >> 1) * cw + (x >> 1);
    const [y, cb, cr] = [Y[p], Cb[c] - 128, Cr[c] - 128];
    data[p * 4] = y + 1.402 * cr;
    data[p * 4 + 1] = y - 0.344136 * cb - 0.714136 * cr;
    data[p * 4 + 2] = y + 1.772 * cb;
  }
}

/**
 * The set: `perCondition` photos of each condition, from MNIST test images FIRST_TEST_INDEX
 * onwards (each image used once), seeded by `seed`.
 */
export function* realisticPhotos(
  testImages: Uint8Array,
  testLabels: Uint8Array,
  perCondition: number,
  seed = 14,
): Generator<RealisticPhoto> {
  const random = mulberry32(seed);
  let index = FIRST_TEST_INDEX;
  for (let k = 0; k < perCondition; k++) {
    for (const condition of CONDITIONS) {
      const pixels = testImages.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
      const photo = renderRealisticPhoto(pixels, condition, random);
      yield { condition, testIndex: index, label: testLabels[index], ...photo };
      index++;
    }
  }
}
