/**
 * Seeded pseudo-random numbers for reproducible runs: Mulberry32 (32-bit state, period 2³²),
 * plenty for shuffling 51,000 indices, and the same sequence in every engine.
 */

/** A generator of floats in [0, 1) that depends only on `seed` (taken as a uint32). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uint32 derived from `seed` and a purpose (`stream`), so streams do not overlap. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A fresh seed for a run that was given none. */
export function drawSeed(): number {
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}
