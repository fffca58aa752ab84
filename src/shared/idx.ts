/**
 * IDX parsing (LeCun's format of the MNIST files) and the checks that an IDX file is exactly the
 * MNIST file we expect. Pure: runs in Node (build script, tests) and in the worker.
 */
import { crc32 } from './crc32.ts';
import { StudioError } from './errors.ts';
import { IMAGE_SIZE, NUM_CLASSES, type MnistFileSpec } from './mnist.ts';

/** An IDX file's dimensions and its payload, a view into the file's bytes (no copy). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** The IDX type code of unsigned bytes, the only type the MNIST files use. */
const IDX_UBYTE = 0x08;
/** Magic number of a 1-D unsigned-byte IDX file (the label files). */
export const IDX_LABELS_MAGIC = 0x00000801;
/** Magic number of a 3-D unsigned-byte IDX file (the image files). */
export const IDX_IMAGES_MAGIC = 0x00000803;

/** Header size of an IDX file with `rank` dimensions: the magic number, then one uint32 each. */
const headerBytes = (rank: number): number => 4 + 4 * rank;

/** Reads the big-endian header: magic number and dimensions. Checks only that it is there. */
function readHeader(bytes: Uint8Array, file: string): { magic: number; dims: number[] } {
  if (bytes.length < 4) {
    throw new StudioError('DataCorrupt.truncated', { file, expected: 4, actual: bytes.length });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = magic & 0xff;
  if (magic >>> 16 !== 0 || rank === 0) {
    throw new StudioError('DataCorrupt.notIdx', { file, magic });
  }
  if (bytes.length < headerBytes(rank)) {
    throw new StudioError('DataCorrupt.truncated', {
      file,
      expected: headerBytes(rank),
      actual: bytes.length,
    });
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { magic, dims };
}

/** Checks that `bytes` is `header + product(dims)` bytes long, naming the file if not. */
function checkLength(bytes: Uint8Array, dims: number[], file: string): void {
  const expected = headerBytes(dims.length) + dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length;
  if (actual < expected) throw new StudioError('DataCorrupt.truncated', { file, expected, actual });
  if (actual > expected) throw new StudioError('DataCorrupt.trailing', { file, expected, actual });
}

/**
 * Parses an unsigned-byte IDX file (magic 0x00000801 for 1-D, 0x00000803 for 3-D, …) into its
 * dimensions and a payload view; throws `DataCorrupt` (naming `file`) if the header or length
 * is wrong.
 */
export function parseIdx(bytes: Uint8Array, file = 'idx'): IdxArray {
  const { magic, dims } = readHeader(bytes, file);
  const type = (magic >>> 8) & 0xff;
  if (type !== IDX_UBYTE) throw new StudioError('DataCorrupt.idxType', { file, type });
  checkLength(bytes, dims, file);
  return { dims, data: bytes.subarray(headerBytes(dims.length)) };
}

/**
 * Checks that `bytes` is exactly the MNIST file `spec` describes (header, counts, 28×28 images,
 * length, labels 0–9, CRC-32) and returns its payload as a view; throws `DataCorrupt` otherwise.
 */
export function parseMnistFile(spec: MnistFileSpec, bytes: Uint8Array): Uint8Array {
  const file = spec.file;
  const labels = spec.kind === 'labels';
  const expectedMagic = labels ? IDX_LABELS_MAGIC : IDX_IMAGES_MAGIC;
  const expectedDims = labels ? [spec.count] : [spec.count, IMAGE_SIZE, IMAGE_SIZE];
  const expectedBytes = headerBytes(expectedDims.length) + expectedDims.reduce((a, b) => a * b);

  if (bytes.length < headerBytes(expectedDims.length)) {
    throw new StudioError('DataCorrupt.truncated', {
      file,
      expected: expectedBytes,
      actual: bytes.length,
    });
  }
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (magic !== expectedMagic) {
    throw new StudioError('DataCorrupt.magic', { file, expected: expectedMagic, actual: magic });
  }
  const { dims } = readHeader(bytes, file);
  if (dims[0] !== spec.count) {
    throw new StudioError('DataCorrupt.count', { file, expected: spec.count, actual: dims[0] });
  }
  if (!labels && (dims[1] !== IMAGE_SIZE || dims[2] !== IMAGE_SIZE)) {
    throw new StudioError('DataCorrupt.imageSize', {
      file,
      expected: IMAGE_SIZE,
      rows: dims[1],
      columns: dims[2],
    });
  }
  checkLength(bytes, dims, file);
  const data = bytes.subarray(headerBytes(dims.length));

  if (labels) {
    for (let index = 0; index < data.length; index++) {
      if (data[index] >= NUM_CLASSES) {
        throw new StudioError('DataCorrupt.label', { file, label: data[index], index });
      }
    }
  }
  const actual = crc32(bytes);
  if (actual !== spec.crc32) {
    throw new StudioError('DataCorrupt.checksum', { file, expected: spec.crc32, actual });
  }
  return data;
}
