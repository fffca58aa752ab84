import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError, type ErrorCode } from '../../src/shared/errors.ts';
import { parseIdx, parseMnistFile } from '../../src/shared/idx.ts';
import { MNIST_FILES, type MnistFileKey, type MnistFileSpec } from '../../src/shared/mnist.ts';
import { locateMnistData } from '../../scripts/vite-plugin-mnist.ts';

const spec = (key: MnistFileKey): MnistFileSpec => MNIST_FILES.find((s) => s.key === key)!;
const raw = {} as Record<MnistFileKey, Uint8Array>;

beforeAll(() => {
  const dir = locateMnistData(process.cwd());
  for (const s of MNIST_FILES) raw[s.key] = new Uint8Array(readFileSync(path.join(dir, s.file)));
});

/** Expects `fn` to throw error `code` (a `DataCorrupt.*`) with exactly `params`. */
function expectCorrupt(fn: () => unknown, code: ErrorCode, params: Record<string, unknown>): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a DataCorrupt error').toBeInstanceOf(StudioError);
  expect((thrown as StudioError).name).toBe('DataCorrupt');
  expect((thrown as StudioError).code).toBe(code);
  expect((thrown as StudioError).params).toEqual(params);
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
    expectCorrupt(() => parseIdx(floats, 'floats.idx'), 'DataCorrupt.idxType', {
      file: 'floats.idx',
      type: 0x0d,
    });
    expectCorrupt(() => parseIdx(raw.testLabels.subarray(0, 100), 'x'), 'DataCorrupt.truncated', {
      file: 'x',
      expected: 10_008,
      actual: 100,
    });
    expectCorrupt(() => parseIdx(new Uint8Array([0, 0])), 'DataCorrupt.truncated', {
      file: 'idx',
      expected: 4,
      actual: 2,
    });
    expectCorrupt(() => parseIdx(new Uint8Array([1, 2, 8, 1, 0, 0, 0, 0])), 'DataCorrupt.notIdx', {
      file: 'idx',
      magic: 0x01020801,
    });
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
      'DataCorrupt.truncated',
      { file: 'train-images-idx3-ubyte', expected: 47_040_016, actual: 1_000 },
    );
    expectCorrupt(
      () => parseMnistFile(spec('testLabels'), raw.testLabels.subarray(0, 5)),
      'DataCorrupt.truncated',
      { file: 't10k-labels-idx1-ubyte', expected: 10_008, actual: 5 },
    );
    expectCorrupt(
      () =>
        parseMnistFile(spec('testImages'), raw.testImages.subarray(0, raw.testImages.length - 1)),
      'DataCorrupt.truncated',
      { file: 't10k-images-idx3-ubyte', expected: 7_840_016, actual: 7_840_015 },
    );
  });

  it('rejects the wrong magic number', () => {
    expectCorrupt(() => parseMnistFile(spec('testLabels'), raw.testImages), 'DataCorrupt.magic', {
      file: 't10k-labels-idx1-ubyte',
      expected: 0x00000801,
      actual: 0x00000803,
    });
    const bad = raw.testImages.slice();
    bad[0] = 0x12;
    expectCorrupt(() => parseMnistFile(spec('testImages'), bad), 'DataCorrupt.magic', {
      file: 't10k-images-idx3-ubyte',
      expected: 0x00000803,
      actual: 0x12000803,
    });
  });

  it('rejects the wrong count', () => {
    const bad = raw.trainLabels.slice();
    new DataView(bad.buffer).setUint32(4, 59_999);
    expectCorrupt(() => parseMnistFile(spec('trainLabels'), bad), 'DataCorrupt.count', {
      file: 'train-labels-idx1-ubyte',
      expected: 60_000,
      actual: 59_999,
    });
  });

  it('rejects images that are not 28×28', () => {
    const bad = raw.testImages.slice();
    new DataView(bad.buffer).setUint32(12, 27);
    expectCorrupt(() => parseMnistFile(spec('testImages'), bad), 'DataCorrupt.imageSize', {
      file: 't10k-images-idx3-ubyte',
      expected: 28,
      rows: 28,
      columns: 27,
    });
  });

  it('rejects trailing bytes', () => {
    const longer = new Uint8Array(raw.testLabels.length + 3);
    longer.set(raw.testLabels);
    expectCorrupt(() => parseMnistFile(spec('testLabels'), longer), 'DataCorrupt.trailing', {
      file: 't10k-labels-idx1-ubyte',
      expected: 10_008,
      actual: 10_011,
    });
  });

  it('rejects a label of 10', () => {
    const bad = raw.testLabels.slice();
    bad[8 + 1234] = 10;
    expectCorrupt(() => parseMnistFile(spec('testLabels'), bad), 'DataCorrupt.label', {
      file: 't10k-labels-idx1-ubyte',
      label: 10,
      index: 1_234,
    });
  });

  it('rejects a flipped pixel by its CRC-32', () => {
    const bad = raw.testImages.slice();
    bad[16 + 5_000] ^= 0xff;
    expectCorrupt(() => parseMnistFile(spec('testImages'), bad), 'DataCorrupt.checksum', {
      file: 't10k-images-idx3-ubyte',
      expected: 0x91373bdf,
      actual: expect.any(Number),
    });
  });
});
