/** My digits for tests: repeatable drafts with every kind of value, and files as the page sends them. */
import { IMAGE_PIXELS } from '../../../src/shared/mnist.ts';
import { PERSONAL_SOURCES, type PersonalDigitDraft } from '../../../src/shared/personal.ts';
import type { ModelFiles } from '../../../src/shared/protocol.ts';

/** A repeatable generator of bytes (a 32-bit LCG): inputs no compressor can shrink much. */
export function bytesFrom(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/**
 * `count` digits with every kind of value: labels 0–9, each source, fractional dates, and (if
 * `thumbs`) thumbnails of odd sizes up to 48 × 48 on every other digit.
 */
export function sampleDigits(count: number, thumbs = true): PersonalDigitDraft[] {
  return Array.from({ length: count }, (_, i) => {
    const digit: PersonalDigitDraft = {
      label: (i * 7) % 10,
      input: bytesFrom(i + 1, IMAGE_PIXELS),
      source: PERSONAL_SOURCES[i % PERSONAL_SOURCES.length],
      createdAt: 1_760_000_000_000 + i * 1234.5678,
    };
    if (thumbs && i % 2 === 0) {
      const width = 48 - (i % 48);
      const height = 1 + ((i * 5) % 48);
      digit.thumb = { width, height, data: bytesFrom(1000 + i, width * height) };
    }
    return digit;
  });
}

/** Files as the page hands them to the worker. */
export const asModelFiles = (...files: { name: string; bytes: Uint8Array }[]): ModelFiles => ({
  files: files.map((f) => ({ name: f.name, bytes: f.bytes.slice().buffer })),
});
