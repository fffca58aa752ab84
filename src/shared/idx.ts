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

const formatCount = (n: number): string => n.toLocaleString('en-US');
const formatHex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const corrupt = (message: string): StudioError => new StudioError('DataCorrupt', message);

/** Header size of an IDX file with `rank` dimensions: the magic number, then one uint32 each. */
const headerBytes = (rank: number): number => 4 + 4 * rank;

/** Reads the big-endian header: magic number and dimensions. Checks only that it is there. */
function readHeader(bytes: Uint8Array, name: string): { magic: number; dims: number[] } {
  if (bytes.length < 4) {
    throw corrupt(
      `${name} is truncated: got ${formatCount(bytes.length)} bytes, not even a header.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = magic & 0xff;
  if (magic >>> 16 !== 0 || rank === 0) {
    throw corrupt(`${name} is not an IDX file: its magic number is ${formatHex(magic)}.`);
  }
  if (bytes.length < headerBytes(rank)) {
    throw corrupt(
      `${name} is truncated: its ${rank}-D header needs ${headerBytes(rank)} bytes, ` +
        `got ${formatCount(bytes.length)}.`,
    );
  }
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { magic, dims };
}

/** Checks that `bytes` is `header + product(dims)` bytes long, naming the file if not. */
function checkLength(bytes: Uint8Array, dims: number[], name: string): void {
  const expected = headerBytes(dims.length) + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw corrupt(
      `${name} is truncated: expected ${formatCount(expected)} bytes, ` +
        `got ${formatCount(bytes.length)}.`,
    );
  }
  if (bytes.length > expected) {
    const extra = bytes.length - expected;
    throw corrupt(
      `${name} has ${formatCount(extra)} trailing byte${extra === 1 ? '' : 's'}: expected ` +
        `${formatCount(expected)} bytes, got ${formatCount(bytes.length)}.`,
    );
  }
}

/**
 * Parses an unsigned-byte IDX file (magic 0x00000801 for 1-D, 0x00000803 for 3-D, …) into its
 * dimensions and a payload view; throws `DataCorrupt` if the header or length is wrong.
 */
export function parseIdx(bytes: Uint8Array, name = 'The IDX data'): IdxArray {
  const { magic, dims } = readHeader(bytes, name);
  const type = (magic >>> 8) & 0xff;
  if (type !== IDX_UBYTE) {
    throw corrupt(
      `${name} holds IDX type 0x${type.toString(16).padStart(2, '0')}; ` +
        `only unsigned bytes (0x08) are supported.`,
    );
  }
  checkLength(bytes, dims, name);
  return { dims, data: bytes.subarray(headerBytes(dims.length)) };
}

/**
 * Checks that `bytes` is exactly the MNIST file `spec` describes (header, counts, 28×28 images,
 * length, labels 0–9, CRC-32) and returns its payload as a view; throws `DataCorrupt` otherwise.
 */
export function parseMnistFile(spec: MnistFileSpec, bytes: Uint8Array): Uint8Array {
  const name = spec.file;
  const labels = spec.kind === 'labels';
  const expectedMagic = labels ? IDX_LABELS_MAGIC : IDX_IMAGES_MAGIC;
  const expectedDims = labels ? [spec.count] : [spec.count, IMAGE_SIZE, IMAGE_SIZE];
  const expectedBytes = headerBytes(expectedDims.length) + expectedDims.reduce((a, b) => a * b);

  if (bytes.length < headerBytes(expectedDims.length)) {
    throw corrupt(
      `${name} is truncated: expected ${formatCount(expectedBytes)} bytes, ` +
        `got ${formatCount(bytes.length)}.`,
    );
  }
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (magic !== expectedMagic) {
    throw corrupt(
      `${name} has the wrong magic number ${formatHex(magic)} ` +
        `(expected ${formatHex(expectedMagic)} for ${spec.kind}).`,
    );
  }
  const { dims } = readHeader(bytes, name);
  if (dims[0] !== spec.count) {
    throw corrupt(
      `${name} says it holds ${formatCount(dims[0])} ${spec.kind}; ` +
        `expected ${formatCount(spec.count)}.`,
    );
  }
  if (!labels && (dims[1] !== IMAGE_SIZE || dims[2] !== IMAGE_SIZE)) {
    throw corrupt(
      `${name} holds ${dims[1]}×${dims[2]} images; expected ${IMAGE_SIZE}×${IMAGE_SIZE}.`,
    );
  }
  checkLength(bytes, dims, name);
  const data = bytes.subarray(headerBytes(dims.length));

  if (labels) {
    for (let i = 0; i < data.length; i++) {
      if (data[i] >= NUM_CLASSES) {
        throw corrupt(
          `${name} has the invalid label ${data[i]} at index ${formatCount(i)} ` +
            `(labels are 0–${NUM_CLASSES - 1}).`,
        );
      }
    }
  }
  const actualCrc = crc32(bytes);
  if (actualCrc !== spec.crc32) {
    throw corrupt(
      `${name} failed its checksum: CRC-32 is ${formatHex(actualCrc)}, ` +
        `expected ${formatHex(spec.crc32)}. The file is corrupt.`,
    );
  }
  return data;
}
