/**
 * My digits as files, to keep or move them: one PNG a person can open in any image viewer (every
 * 28 × 28 input as a tile, the rest as JSON in an `iTXt` chunk), and MNIST's IDX pair
 * (personal-idx.ts) for any MNIST code. Imported files are untrusted, as model imports are
 * (model-files.ts): sizes are checked before anything is inflated or allocated, and a bad file
 * is refused with a `DigitsImportInvalid.*` error that says what is wrong; nothing is returned.
 */
import { StudioError } from './errors.ts';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from './mnist.ts';
import { PERSONAL_SOURCES, type PersonalDigitDraft, type PersonalSource } from './personal.ts';
import { decodeDigitsIdx, idxKind, MAX_IMPORT_DIGITS } from './personal-idx.ts';
import { decodePngGray, encodeGrayPng, isPng, readPngChunks, readPngText } from './png.ts';
import type { StageImage } from './preprocess/stages.ts';
import type { ModelFiles } from './protocol.ts';

export {
  decodeDigitsIdx,
  DIGITS_IDX_IMAGES_NAME,
  DIGITS_IDX_LABELS_NAME,
  encodeDigitsIdx,
  MAX_IMPORT_DIGITS,
  type NamedBytes,
} from './personal-idx.ts';

/** The exported sprite's file name. */
export const DIGITS_PNG_NAME = 'my-digits.png';
/** The keyword of the sprite's text chunk, and the `format` its JSON names. */
export const DIGITS_FORMAT = 'mnist-studio-digits';
/** The version of that JSON written and read here. */
export const DIGITS_FORMAT_VERSION = 1;
/** Tiles per row of an exported sprite (fewer when there are fewer digits). */
export const DIGITS_PNG_COLUMNS = 20;
/** Most tiles per row an imported sprite may have: with the count, bounds its size. */
const MAX_COLUMNS = 100;
/** The largest file an import reads, as for model weights (`WEIGHTS_MAX_BYTES`). */
export const MAX_IMPORT_BYTES = 50_000_000;
/** A thumbnail's largest side, in pixels. */
export const THUMB_MAX_SIDE = 48;
/** Most metadata bytes per tile: a 48 × 48 thumbnail in base64 (3,072) and the fields around it. */
const META_BYTES_PER_DIGIT = 3_400;

/** One digit in the sprite's JSON (its input is its tile). */
interface DigitEntry {
  label: number;
  source: PersonalSource;
  createdAt: number;
  thumb?: { width: number; height: number; data: string };
}

/** A file's name and size, as a `File` tells them before it is read. */
export interface SizedFile {
  name: string;
  size: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isThumbSide = (side: unknown): side is number =>
  Number.isInteger(side) && (side as number) >= 1 && (side as number) <= THUMB_MAX_SIDE;

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

/** Strict base64 (no spaces, no URL alphabet), or `undefined`. */
function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The sprite's size for `count` digits in `columns` tiles a row (one black tile for none). */
const spriteSize = (count: number, columns: number) => ({
  width: columns * IMAGE_SIZE,
  height: Math.max(1, Math.ceil(count / columns)) * IMAGE_SIZE,
});

/** Where tile `index`'s top-left pixel is in a sprite `width` wide. */
const tileStart = (index: number, columns: number, width: number): number =>
  Math.floor(index / columns) * IMAGE_SIZE * width + (index % columns) * IMAGE_SIZE;

/** Throws (a bug, not a bad file) unless `digit` is what the store keeps and import accepts. */
function checkDraft(digit: PersonalDigitDraft, index: number): void {
  const { label, input, source, createdAt, thumb } = digit;
  const thumbOk =
    !thumb ||
    (isThumbSide(thumb.width) &&
      isThumbSide(thumb.height) &&
      thumb.data.length === thumb.width * thumb.height);
  if (
    input.length !== IMAGE_PIXELS ||
    !Number.isInteger(label) ||
    label < 0 ||
    label >= NUM_CLASSES ||
    !PERSONAL_SOURCES.includes(source) ||
    !Number.isFinite(createdAt) ||
    !thumbOk
  ) {
    throw new RangeError(`digit ${index} cannot be exported as it is`);
  }
}

/**
 * `digits` as one PNG, `my-digits.png`: an 8-bit grey sprite of their inputs, 20 tiles a row in
 * the given order (unused tiles black), with labels, sources, dates and thumbnails as JSON.
 */
export async function encodeDigitsPng(
  digits: readonly PersonalDigitDraft[],
): Promise<{ name: string; bytes: Uint8Array }> {
  const count = digits.length;
  const columns = Math.min(DIGITS_PNG_COLUMNS, Math.max(1, count));
  const { width, height } = spriteSize(count, columns);
  const data = new Uint8Array(width * height);
  const entries = digits.map((digit, i): DigitEntry => {
    checkDraft(digit, i);
    const start = tileStart(i, columns, width);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      data.set(digit.input.subarray(y * IMAGE_SIZE, (y + 1) * IMAGE_SIZE), start + y * width);
    }
    const { label, source, createdAt, thumb } = digit;
    return thumb
      ? {
          label,
          source,
          createdAt,
          thumb: { width: thumb.width, height: thumb.height, data: toBase64(thumb.data) },
        }
      : { label, source, createdAt };
  });
  const meta = {
    format: DIGITS_FORMAT,
    version: DIGITS_FORMAT_VERSION,
    tile: IMAGE_SIZE,
    columns,
    count,
    digits: entries,
  };
  const text = { [DIGITS_FORMAT]: JSON.stringify(meta) };
  return { name: DIGITS_PNG_NAME, bytes: await encodeGrayPng({ data, width, height }, text) };
}

/** Entry `index` of the JSON as a draft without its input; throws if it is malformed. */
function readEntry(entry: unknown, index: number, file: string): Omit<PersonalDigitDraft, 'input'> {
  const bad = (field: string) =>
    new StudioError('DigitsImportInvalid.metadata', { file, detail: `digit ${index}: ${field}` });
  if (!isObject(entry)) throw bad('not an object');
  const { label, source, createdAt, thumb } = entry;
  // A whole number out of range is worded as a label; anything else (2.5, "3") is malformed.
  if (typeof label !== 'number' || !Number.isInteger(label)) throw bad('label');
  if (label < 0 || label >= NUM_CLASSES) {
    throw new StudioError('DigitsImportInvalid.label', { file, index, label });
  }
  if (!PERSONAL_SOURCES.includes(source as PersonalSource)) throw bad('source');
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) throw bad('createdAt');
  const draft = { label, source: source as PersonalSource, createdAt };
  if (thumb === undefined) return draft;
  if (!isObject(thumb) || !isThumbSide(thumb.width) || !isThumbSide(thumb.height)) {
    throw bad('thumb size');
  }
  const data = typeof thumb.data === 'string' ? fromBase64(thumb.data) : undefined;
  if (data?.length !== thumb.width * thumb.height) throw bad('thumb data');
  const image: StageImage = { data, width: thumb.width, height: thumb.height };
  return { ...draft, thumb: image };
}

/**
 * Checks the sprite's JSON (format, version, tile, columns, count, every digit's fields) and
 * returns the columns and the digits without inputs.
 */
function readMetadata(json: unknown, file: string) {
  const bad = (detail: string) => new StudioError('DigitsImportInvalid.metadata', { file, detail });
  if (!isObject(json) || json.format !== DIGITS_FORMAT) throw bad('format');
  const { version, tile, columns, count, digits } = json;
  // A later version is a newer app's export (reloading updates this one); an earlier one is not.
  if (typeof version !== 'number' || version < DIGITS_FORMAT_VERSION) throw bad('version');
  if (version !== DIGITS_FORMAT_VERSION) {
    throw new StudioError('DigitsImportInvalid.version', { file, version });
  }
  if (tile !== IMAGE_SIZE) throw bad('tile');
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw bad('count');
  if (count > MAX_IMPORT_DIGITS) {
    throw new StudioError('DigitsImportInvalid.tooMany', { file, count, max: MAX_IMPORT_DIGITS });
  }
  if (typeof columns !== 'number' || !Number.isInteger(columns) || columns < 1) {
    throw bad('columns');
  }
  if (columns > MAX_COLUMNS) throw bad('columns');
  if (!Array.isArray(digits)) throw bad('digits');
  if (digits.length !== count) {
    throw new StudioError('DigitsImportInvalid.count', {
      file,
      expected: count,
      actual: digits.length,
    });
  }
  return { columns, entries: digits.map((entry, i) => readEntry(entry, i, file)) };
}

/**
 * The digits of a `my-digits.png` (`file` names it in errors), exactly as exported. Checks the
 * signature, every chunk's length and CRC, the JSON, and that the image is the sprite the JSON
 * describes before inflating it; accepts the sprite re-saved by an editor as RGB(A).
 */
export async function decodeDigitsPng(
  bytes: Uint8Array,
  file: string,
): Promise<PersonalDigitDraft[]> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new StudioError('DigitsImportInvalid.tooLarge', {
      file,
      bytes: bytes.length,
      max: MAX_IMPORT_BYTES,
    });
  }
  const { chunks, header } = readPngChunks(bytes, file);
  // The JSON may hold as many digits as the image has tiles, and no more bytes than they need.
  const tiles = Math.ceil(header.width / IMAGE_SIZE) * Math.ceil(header.height / IMAGE_SIZE);
  const maxText = Math.min(tiles, MAX_IMPORT_DIGITS + MAX_COLUMNS) * META_BYTES_PER_DIGIT + 1024;
  const text = await readPngText(chunks, DIGITS_FORMAT, maxText, file);
  if (text === undefined) throw new StudioError('DigitsImportInvalid.noMetadata', { file });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StudioError('DigitsImportInvalid.metadata', { file, detail: 'not JSON' });
  }
  const { columns, entries } = readMetadata(json, file);
  const { width, height } = spriteSize(entries.length, columns);
  if (header.width !== width || header.height !== height) {
    throw new StudioError('DigitsImportInvalid.imageSize', {
      file,
      width: header.width,
      height: header.height,
      expectedWidth: width,
      expectedHeight: height,
    });
  }
  const gray = await decodePngGray(chunks, header, file);
  return entries.map(({ label, source, createdAt, thumb }, i) => {
    const input = new Uint8Array(IMAGE_PIXELS);
    const start = tileStart(i, columns, width);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      const row = start + y * width;
      input.set(gray.subarray(row, row + IMAGE_SIZE), y * IMAGE_SIZE);
    }
    return thumb ? { label, input, thumb, source, createdAt } : { label, input, source, createdAt };
  });
}

/**
 * Checks the chosen files' number and sizes before any is read (the page may call this
 * first, so a huge file is refused before it is loaded into memory).
 */
export function checkDigitFileSizes(files: readonly SizedFile[]): void {
  if (files.length === 0) throw new StudioError('DigitsImportInvalid.noFiles');
  if (files.length > 2) {
    throw new StudioError('DigitsImportInvalid.tooManyFiles', {
      files: files.map((f) => f.name).join(', '),
    });
  }
  const large = files.find((f) => f.size > MAX_IMPORT_BYTES);
  if (large) {
    throw new StudioError('DigitsImportInvalid.tooLarge', {
      file: large.name,
      bytes: large.size,
      max: MAX_IMPORT_BYTES,
    });
  }
}

/**
 * The digits in the files chosen to import: one `my-digits.png`, or an MNIST IDX pair (drafts
 * dated `now`), told apart by content, not by name. Refuses no files, more than two, files of
 * another kind, a lone IDX file and a set without digits, with `DigitsImportInvalid.*`.
 */
export async function readDigitFiles(
  files: ModelFiles,
  now: number,
): Promise<PersonalDigitDraft[]> {
  const list = files.files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) }));
  checkDigitFileSizes(list.map((f) => ({ name: f.name, size: f.bytes.length })));
  for (const { name: file, bytes } of list) {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      throw new StudioError('DigitsImportInvalid.compressed', { file });
    }
    if (!isPng(bytes) && !idxKind(bytes)) {
      throw new StudioError('DigitsImportInvalid.notDigits', { file });
    }
  }
  const [first] = list;
  const drafts =
    list.length === 1 && isPng(first.bytes)
      ? await decodeDigitsPng(first.bytes, first.name)
      : decodeDigitsIdx(list, now);
  if (drafts.length === 0) {
    throw new StudioError('DigitsImportInvalid.empty', {
      files: list.map((f) => f.name).join(', '),
    });
  }
  return drafts;
}
