import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdx, parseMnistFile } from '../../src/shared/idx.ts';
import { MNIST_FILES, type MnistFileKey, type MnistFileSpec } from '../../src/shared/mnist.ts';
import { locateMnistData } from '../../scripts/vite-plugin-mnist.ts';

const spec = (key: MnistFileKey): MnistFileSpec => MNIST_FILES.find((s) => s.key === key)!;
const raw = {} as Record<MnistFileKey, Uint8Array>;

beforeAll(() => {
  const dir = locateMnistData(process.cwd());
  for (const s of MNIST_FILES) raw[s.key] = new Uint8Array(readFileSync(path.join(dir, s.file)));
});

/** Expects `fn` to throw a DataCorrupt error whose message matches `message`. */
function expectCorrupt(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a DataCorrupt error').toBeInstanceOf(Error);
  expect((thrown as Error).name).toBe('DataCorrupt');
  expect((thrown as Error).message).toMatch(message);
}

describe('parseIdx', () => {
  it('reads the dimensions of the real files and returns a view of the payload', () => {
    const images = parseIdx(raw.trainImages);
    expect(images.dims).toEqual([60_000, 28, 28]);
    expect(images.data.length).toBe(60_000 * 784);
    expect(images.data.buffer).toBe(raw.trainImages.buffer);
    expect(images.data.byteOffset).toBe(raw.trainImages.byteOffset + 16);
    expect(parseIdx(raw.testLabels).dims).toEqual([10_000]);
  });

  it('rejects types other than unsigned bytes and short data', () => {
    const floats = raw.testLabels.slice();
    floats[2] = 0x0d;
    expectCorrupt(() => parseIdx(floats, 'floats.idx'), /floats\.idx .*only unsigned bytes/);
    expectCorrupt(() => parseIdx(raw.testLabels.subarray(0, 100), 'x'), /x is truncated/);
  });
});

describe('parseMnistFile', () => {
  it('accepts the four real files with the right counts', () => {
    const trainLabels = parseMnistFile(spec('trainLabels'), raw.trainLabels);
    const testLabels = parseMnistFile(spec('testLabels'), raw.testLabels);
    expect(parseMnistFile(spec('trainImages'), raw.trainImages).length).toBe(60_000 * 784);
    expect(parseMnistFile(spec('testImages'), raw.testImages).length).toBe(10_000 * 784);
    expect(trainLabels.length).toBe(60_000);
    expect(testLabels.length).toBe(10_000);
    expect(trainLabels[0]).toBe(5);
    expect(testLabels[0]).toBe(7);
    // A view into the file, not a copy.
    expect(trainLabels.buffer).toBe(raw.trainLabels.buffer);
  });

  it('rejects a truncated file', () => {
    expectCorrupt(
      () => parseMnistFile(spec('trainImages'), raw.trainImages.subarray(0, 1_000)),
      /^train-images-idx3-ubyte is truncated: expected 47,040,016 bytes, got 1,000\.$/,
    );
    expectCorrupt(
      () => parseMnistFile(spec('testLabels'), raw.testLabels.subarray(0, 5)),
      /t10k-labels-idx1-ubyte is truncated: expected 10,008 bytes, got 5\./,
    );
    expectCorrupt(
      () =>
        parseMnistFile(spec('testImages'), raw.testImages.subarray(0, raw.testImages.length - 1)),
      /t10k-images-idx3-ubyte is truncated: expected 7,840,016 bytes, got 7,840,015\./,
    );
  });

  it('rejects the wrong magic number', () => {
    expectCorrupt(
      () => parseMnistFile(spec('testLabels'), raw.testImages),
      /t10k-labels-idx1-ubyte has the wrong magic number 0x00000803 \(expected 0x00000801 for labels\)/,
    );
    const bad = raw.testImages.slice();
    bad[0] = 0x12;
    expectCorrupt(
      () => parseMnistFile(spec('testImages'), bad),
      /wrong magic number 0x12000803 \(expected 0x00000803 for images\)/,
    );
  });

  it('rejects the wrong count', () => {
    const bad = raw.trainLabels.slice();
    new DataView(bad.buffer).setUint32(4, 59_999);
    expectCorrupt(
      () => parseMnistFile(spec('trainLabels'), bad),
      /train-labels-idx1-ubyte says it holds 59,999 labels; expected 60,000/,
    );
  });

  it('rejects images that are not 28×28', () => {
    const bad = raw.testImages.slice();
    new DataView(bad.buffer).setUint32(12, 27);
    expectCorrupt(
      () => parseMnistFile(spec('testImages'), bad),
      /holds 28×27 images; expected 28×28/,
    );
  });

  it('rejects trailing bytes', () => {
    const longer = new Uint8Array(raw.testLabels.length + 3);
    longer.set(raw.testLabels);
    expectCorrupt(
      () => parseMnistFile(spec('testLabels'), longer),
      /t10k-labels-idx1-ubyte has 3 trailing bytes: expected 10,008 bytes, got 10,011/,
    );
  });

  it('rejects a label of 10', () => {
    const bad = raw.testLabels.slice();
    bad[8 + 1234] = 10;
    expectCorrupt(
      () => parseMnistFile(spec('testLabels'), bad),
      /t10k-labels-idx1-ubyte has the invalid label 10 at index 1,234/,
    );
  });

  it('rejects a flipped pixel by its CRC-32', () => {
    const bad = raw.testImages.slice();
    bad[16 + 5_000] ^= 0xff;
    expectCorrupt(
      () => parseMnistFile(spec('testImages'), bad),
      /t10k-images-idx3-ubyte failed its checksum: CRC-32 is 0x[0-9a-f]{8}, expected 0x91373bdf/,
    );
  });
});
