import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../../src/shared/mnist.ts';
import {
  MNIST_SPLITS,
  MnistData,
  fillImageBatch,
  fillOneHotBatch,
  range,
  shuffleInPlace,
  type MnistFiles,
} from '../../src/worker/data/mnist-data.ts';
import { locateMnistData } from '../../scripts/vite-plugin-mnist.ts';

const files = {} as MnistFiles;
let data: MnistData;

beforeAll(() => {
  const dir = locateMnistData(process.cwd());
  for (const s of MNIST_FILES) files[s.key] = new Uint8Array(readFileSync(path.join(dir, s.file)));
  data = MnistData.fromFiles(files);
});

/** A small deterministic generator (mulberry32), so shuffles are reproducible. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MnistData', () => {
  it('keeps views of the four payloads, without copying', () => {
    expect(data.trainImages.length).toBe(60_000 * 784);
    expect(data.trainLabels.length).toBe(60_000);
    expect(data.testImages.length).toBe(10_000 * 784);
    expect(data.testLabels.length).toBe(10_000);
    expect(data.trainImages.buffer).toBe(files.trainImages.buffer);
    expect(data.testLabels.byteOffset).toBe(files.testLabels.byteOffset + 8);
    expect(Array.from(data.trainLabels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  });

  it('rejects a corrupt file', () => {
    const bad = { ...files, testLabels: files.testLabels.subarray(0, 9_000) };
    expect(() => MnistData.fromFiles(bad)).toThrow(
      expect.objectContaining({
        name: 'DataCorrupt',
        code: 'DataCorrupt.truncated',
        params: { file: 't10k-labels-idx1-ubyte', expected: 10_008, actual: 9_000 },
      }),
    );
  });

  it('splits like Keras: 51,000 training, the last 9,000 for validation, 10,000 test', () => {
    expect(MNIST_SPLITS.train).toEqual({ file: 'train', start: 0, count: 51_000 });
    expect(MNIST_SPLITS.validation).toEqual({ file: 'train', start: 51_000, count: 9_000 });
    expect(MNIST_SPLITS.test).toEqual({ file: 'test', start: 0, count: 10_000 });
    expect(data.arraysOf(MNIST_SPLITS.validation).labels).toBe(data.trainLabels);
    expect(data.arraysOf(MNIST_SPLITS.test).images).toBe(data.testImages);
  });
});

describe('fillImageBatch', () => {
  it('writes the chosen images as floats in [0, 1]', () => {
    const indices = [59_999, 0, 7];
    const out = new Float32Array(indices.length * 784).fill(-1);
    fillImageBatch(data.trainImages, indices, out);
    indices.forEach((image, i) => {
      for (let j = 0; j < 784; j++) {
        // Straight from the file: 16-byte header, then 784 bytes an image.
        const pixel = files.trainImages[16 + image * 784 + j];
        expect(out[i * 784 + j]).toBe(Math.fround(pixel / 255));
      }
    });
    // Real digits: mostly black background, some full-white ink.
    const first = out.subarray(784, 2 * 784);
    expect(first[0]).toBe(0);
    expect(Math.max(...first)).toBe(1);
    expect(first.filter((v) => v > 0).length).toBeGreaterThan(50);
  });

  it('accepts a Uint32Array of indices and refuses a buffer that is too small', () => {
    const out = new Float32Array(2 * 784);
    fillImageBatch(data.testImages, Uint32Array.of(9_999, 1), out);
    expect(out[784 + 300]).toBe(Math.fround(files.testImages[16 + 784 + 300] / 255));
    expect(() => fillImageBatch(data.testImages, [0, 1, 2], out)).toThrow(RangeError);
    expect(() => fillImageBatch(data.testImages, [10_000], out)).toThrow(RangeError);
  });
});

describe('fillOneHotBatch', () => {
  it('zeroes the buffer and sets a 1 at each label', () => {
    const indices = Uint32Array.of(0, 1, 2, 3);
    const out = new Float32Array(4 * 10).fill(7);
    fillOneHotBatch(data.trainLabels, indices, out);
    expect(Array.from(out)).toEqual([
      ...[0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
      ...[1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      ...[0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
      ...[0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    ]);
  });

  it('matches the label file for a random batch of test images', () => {
    const indices = range(0, 10_000);
    shuffleInPlace(indices, seeded(1));
    const batch = indices.subarray(0, 320);
    const out = new Float32Array(320 * 10);
    fillOneHotBatch(data.testLabels, batch, out);
    for (let i = 0; i < batch.length; i++) {
      const row = Array.from(out.subarray(i * 10, i * 10 + 10));
      expect(row.reduce((a, b) => a + b)).toBe(1);
      expect(row.indexOf(1)).toBe(files.testLabels[8 + batch[i]]);
    }
  });
});

describe('shuffleInPlace and range', () => {
  it('range counts up from start', () => {
    const validation = range(MNIST_SPLITS.validation.start, MNIST_SPLITS.validation.count);
    expect(validation.length).toBe(9_000);
    expect(validation[0]).toBe(51_000);
    expect(validation[8_999]).toBe(59_999);
  });

  it('shuffle is a permutation that actually moves things', () => {
    const indices = range(0, 51_000);
    shuffleInPlace(indices, seeded(42));
    expect(Array.from(indices).sort((a, b) => a - b)).toEqual(Array.from(range(0, 51_000)));
    let fixed = 0;
    for (let i = 0; i < indices.length; i++) if (indices[i] === i) fixed++;
    // A uniform permutation fixes about one element on average.
    expect(fixed).toBeLessThan(10);
  });

  it('shuffle makes every order of three equally likely', () => {
    const counts = new Map<string, number>();
    const random = seeded(7);
    for (let n = 0; n < 60_000; n++) {
      const indices = Uint32Array.of(0, 1, 2);
      shuffleInPlace(indices, random);
      const key = indices.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
