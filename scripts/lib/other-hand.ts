/**
 * A deliberately different hand, for testing and measuring "Learn my handwriting": digits as
 * pen strokes in a style MNIST's writers did not use — a slashed 0, a 1 with a flag and a base,
 * boxy segment-like 2, 5, 6, 8 and 9, a flat-topped 3, an open 4, a crossed 7 — each sample
 * jittered (rotation, scale, shear, shift, wobble) from a seed. The same strokes drive the
 * mouse over the drawing pad in browser tests and are rendered here for Node tests and the
 * bench, where `preprocessToMnist` turns them into the model's input as the app does.
 */
import { preprocessToMnist, type RgbaImage } from '../../src/shared/preprocess.ts';
import { deriveSeed, mulberry32 } from '../../src/shared/random.ts';

/** A stroke: points in the unit square, x to the right, y down. */
export type Stroke = [number, number][];

/** The hand's digits, before jitter. */
const GLYPHS: Stroke[][] = [
  // 0: a tall oval with a slash through it.
  [
    [
      [0.5, 0.08],
      [0.72, 0.2],
      [0.78, 0.5],
      [0.72, 0.8],
      [0.5, 0.92],
      [0.28, 0.8],
      [0.22, 0.5],
      [0.28, 0.2],
      [0.5, 0.08],
    ],
    [
      [0.68, 0.18],
      [0.32, 0.82],
    ],
  ],
  // 1: a flag, the stem, a base.
  [
    [
      [0.3, 0.28],
      [0.55, 0.08],
      [0.55, 0.9],
    ],
    [
      [0.3, 0.9],
      [0.8, 0.9],
    ],
  ],
  // 2: a Z-like, boxy 2.
  [
    [
      [0.25, 0.12],
      [0.75, 0.12],
      [0.75, 0.45],
      [0.25, 0.88],
      [0.8, 0.88],
    ],
  ],
  // 3: a flat top, a round belly.
  [
    [
      [0.25, 0.1],
      [0.75, 0.1],
      [0.45, 0.42],
      [0.68, 0.5],
      [0.76, 0.68],
      [0.66, 0.86],
      [0.45, 0.92],
      [0.25, 0.84],
    ],
  ],
  // 4: open at the top.
  [
    [
      [0.3, 0.08],
      [0.26, 0.6],
      [0.82, 0.6],
    ],
    [
      [0.66, 0.3],
      [0.66, 0.92],
    ],
  ],
  // 5: boxy, segment-like.
  [
    [
      [0.75, 0.1],
      [0.3, 0.1],
      [0.3, 0.46],
      [0.75, 0.46],
      [0.75, 0.9],
      [0.25, 0.9],
    ],
  ],
  // 6: boxy, segment-like.
  [
    [
      [0.72, 0.1],
      [0.3, 0.1],
      [0.3, 0.9],
      [0.75, 0.9],
      [0.75, 0.52],
      [0.3, 0.52],
    ],
  ],
  // 7: a hooked top and a bar across.
  [
    [
      [0.2, 0.24],
      [0.24, 0.1],
      [0.8, 0.1],
      [0.42, 0.92],
    ],
    [
      [0.36, 0.5],
      [0.76, 0.5],
    ],
  ],
  // 8: two boxes, one on the other.
  [
    [
      [0.3, 0.1],
      [0.72, 0.1],
      [0.72, 0.9],
      [0.3, 0.9],
      [0.3, 0.1],
    ],
    [
      [0.3, 0.5],
      [0.72, 0.5],
    ],
  ],
  // 9: boxy, with a foot.
  [
    [
      [0.75, 0.48],
      [0.28, 0.48],
      [0.28, 0.1],
      [0.75, 0.1],
      [0.75, 0.9],
      [0.3, 0.9],
    ],
  ],
];

/** `digit` in the other hand, jittered from `seed`: rotation ±8°, scale, shear, shift, wobble. */
export function otherHandStrokes(digit: number, seed: number): Stroke[] {
  const random = mulberry32(deriveSeed(seed, digit));
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const angle = (between(-8, 8) * Math.PI) / 180;
  const scale = between(0.85, 1.05);
  const shear = between(-0.12, 0.12);
  const dx = between(-0.05, 0.05);
  const dy = between(-0.05, 0.05);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return GLYPHS[digit].map((stroke) =>
    stroke.map(([x, y]): [number, number] => {
      const u = (x - 0.5 + shear * (y - 0.5)) * scale;
      const v = (y - 0.5) * scale;
      // Inside the box, as a person writes in it.
      const inside = (c: number) => Math.min(0.93, Math.max(0.07, c));
      return [
        inside(0.5 + dx + cos * u - sin * v + between(-0.015, 0.015)),
        inside(0.5 + dy + sin * u + cos * v + between(-0.015, 0.015)),
      ];
    }),
  );
}

/** Distance from (px, py) to the segment a–b. */
function segmentDistance(px: number, py: number, a: number[], b: number[]): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const length2 = vx * vx + vy * vy;
  const t = length2 ? Math.max(0, Math.min(1, ((px - a[0]) * vx + (py - a[1]) * vy) / length2)) : 0;
  return Math.hypot(px - a[0] - t * vx, py - a[1] - t * vy);
}

/** `strokes` drawn black on white, `size` pixels a side, lines `size / 14` wide (as the pad). */
export function renderStrokes(strokes: Stroke[], size = 280): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  const half = size / 28;
  const segments = strokes.flatMap((stroke) =>
    stroke.slice(1).map((point, i) => [stroke[i].map((c) => c * size), point.map((c) => c * size)]),
  );
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let d = Infinity;
      for (const [a, b] of segments) d = Math.min(d, segmentDistance(x + 0.5, y + 0.5, a, b));
      // A soft edge one pixel wide, as a canvas stroke is antialiased.
      const ink = Math.max(0, Math.min(1, half + 0.5 - d));
      const level = Math.round(255 * (1 - ink));
      data.set([level, level, level], (y * size + x) * 4);
    }
  }
  return { data, width: size, height: size };
}

/** `digit` in the other hand as the model's 28 × 28 input (0–255), read as the app reads it. */
export function otherHandInput(digit: number, seed: number): Uint8Array {
  const { pixels } = preprocessToMnist(renderStrokes(otherHandStrokes(digit, seed), 140));
  return Uint8Array.from(pixels, (v) => Math.round(v * 255));
}

/** `count` digits of the other hand, the ten in turn, each from its own seed. */
export function otherHandSet(count: number, seed: number): { label: number; input: Uint8Array }[] {
  return Array.from({ length: count }, (_, i) => ({
    label: i % 10,
    input: otherHandInput(i % 10, deriveSeed(seed, i)),
  }));
}
