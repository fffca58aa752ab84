/**
 * My digits as MNIST's IDX pair (LeCun's format, as `idx.ts` reads the MNIST files), so the set
 * works with any MNIST code, and such a pair read back. Imported pairs are untrusted: their
 * headers, sizes and labels are checked before any digit is made, and every failure is a
 * `DigitsImportInvalid.*` error naming the file.
 */
import { StudioError } from './errors.ts';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from './idx.ts';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from './mnist.ts';
import type { PersonalDigitDraft } from './personal.ts';

/** A file as bytes, with its name. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** The images file of an exported pair. */
export const DIGITS_IDX_IMAGES_NAME = 'my-digits-images-idx3-ubyte';
/** The labels file of an exported pair. */
export const DIGITS_IDX_LABELS_NAME = 'my-digits-labels-idx1-ubyte';
/** The most digits an import may hold (a person keeps a few hundred). */
export const MAX_IMPORT_DIGITS = 20_000;

/** Header bytes: the magic number, then one uint32 per dimension. */
const IMAGES_HEADER = 16;
const LABELS_HEADER = 8;

/** What an IDX file holds by its magic number: MNIST images, labels, or neither. */
export function idxKind(bytes: Uint8Array): 'images' | 'labels' | undefined {
  if (bytes.length < 4) return undefined;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return magic === IDX_IMAGES_MAGIC ? 'images' : magic === IDX_LABELS_MAGIC ? 'labels' : undefined;
}

/** An IDX file: the big-endian header (magic, dimensions), then `payload`. */
function idxFile(magic: number, dims: readonly number[], payload: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(payload, header);
  return bytes;
}

/**
 * `digits` as MNIST's two files: images (magic 0x00000803, count × 28 × 28 bytes) and labels
 * (0x00000801, count bytes). Only inputs and labels: IDX has no place for the rest.
 */
export function encodeDigitsIdx(digits: readonly PersonalDigitDraft[]): NamedBytes[] {
  const count = digits.length;
  const pixels = new Uint8Array(count * IMAGE_PIXELS);
  digits.forEach((digit, i) => {
    if (digit.input.length !== IMAGE_PIXELS) throw new RangeError(`digit ${i}: not 28 × 28`);
    pixels.set(digit.input, i * IMAGE_PIXELS);
  });
  const labels = Uint8Array.from(digits, (d) => d.label);
  return [
    {
      name: DIGITS_IDX_IMAGES_NAME,
      bytes: idxFile(IDX_IMAGES_MAGIC, [count, IMAGE_SIZE, IMAGE_SIZE], pixels),
    },
    { name: DIGITS_IDX_LABELS_NAME, bytes: idxFile(IDX_LABELS_MAGIC, [count], labels) },
  ];
}

/** Checks `file` is `header + count × size` bytes and holds at most `MAX_IMPORT_DIGITS`. */
function checkLength(file: NamedBytes, header: number, size: number): number {
  const { name, bytes } = file;
  if (bytes.length < header) {
    throw new StudioError('DigitsImportInvalid.idxLength', {
      file: name,
      expected: header,
      actual: bytes.length,
    });
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset, header).getUint32(4);
  if (count > MAX_IMPORT_DIGITS) {
    throw new StudioError('DigitsImportInvalid.tooMany', {
      file: name,
      count,
      max: MAX_IMPORT_DIGITS,
    });
  }
  const expected = header + count * size;
  if (bytes.length !== expected) {
    throw new StudioError('DigitsImportInvalid.idxLength', {
      file: name,
      expected,
      actual: bytes.length,
    });
  }
  return count;
}

/**
 * The digits of an MNIST IDX pair (told apart by magic number, whatever their names; not
 * compressed): 28 × 28 images, as many labels, each 0–9. Drafts get source 'import' and
 * `createdAt` = `now`. Throws `DigitsImportInvalid.*` if the files are not such a pair.
 */
export function decodeDigitsIdx(files: readonly NamedBytes[], now: number): PersonalDigitDraft[] {
  const images = files.find((f) => idxKind(f.bytes) === 'images');
  const labels = files.find((f) => idxKind(f.bytes) === 'labels');
  if (files.length !== 2 || !images || !labels) {
    throw new StudioError('DigitsImportInvalid.idxPair', {
      files: files.map((f) => f.name).join(', '),
    });
  }
  if (images.bytes.length >= IMAGES_HEADER) {
    const view = new DataView(images.bytes.buffer, images.bytes.byteOffset, IMAGES_HEADER);
    const [rows, columns] = [view.getUint32(8), view.getUint32(12)];
    if (rows !== IMAGE_SIZE || columns !== IMAGE_SIZE) {
      throw new StudioError('DigitsImportInvalid.idxShape', { file: images.name, rows, columns });
    }
  }
  const count = checkLength(images, IMAGES_HEADER, IMAGE_PIXELS);
  const labelCount = checkLength(labels, LABELS_HEADER, 1);
  if (labelCount !== count) {
    throw new StudioError('DigitsImportInvalid.count', {
      file: labels.name,
      expected: count,
      actual: labelCount,
    });
  }
  const labelBytes = labels.bytes.subarray(LABELS_HEADER);
  const index = labelBytes.findIndex((label) => label >= NUM_CLASSES);
  if (index >= 0) {
    throw new StudioError('DigitsImportInvalid.label', {
      file: labels.name,
      index,
      label: labelBytes[index],
    });
  }
  return Array.from(labelBytes, (label, i) => ({
    label,
    // A copy, so each digit's input owns its bytes (the file's buffer is let go).
    input: images.bytes.slice(
      IMAGES_HEADER + i * IMAGE_PIXELS,
      IMAGES_HEADER + (i + 1) * IMAGE_PIXELS,
    ),
    source: 'import' as const,
    createdAt: now,
  }));
}
