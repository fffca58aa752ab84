/**
 * A small PNG codec for My digits' sprite (personal-files.ts): writes 8-bit grey images with a
 * compressed text chunk, and reads untrusted PNGs back, checking every chunk's length and CRC-32
 * and inflating no more than the header's size allows. Pure: zlib is the standard
 * `CompressionStream`/`DecompressionStream` ('deflate' is zlib's format, as PNG needs), in
 * browsers, workers and Node 20. Failures are `DigitsImportInvalid.*` errors naming the file.
 * The format: https://www.w3.org/TR/png-3/
 */
import { crc32 } from './crc32.ts';
import { StudioError } from './errors.ts';
import type { StageImage } from './preprocess/stages.ts';

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** Compressed image bytes per IDAT chunk the encoder writes (libpng writes 8 kB; any size is valid). */
const IDAT_BYTES = 65_536;
/** Bytes fed to a (de)compression stream at a time. */
const PUMP_PIECE = 16_384;
/** Interleaved channels of an 8-bit image per colour type: grey, RGB, grey + alpha, RGBA. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/** Critical chunks a non-palette image may have; any other critical chunk cannot be skipped. */
const KNOWN_CRITICAL = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);

/** One chunk: its four-letter type and its data (a view into the file). */
export interface PngChunk {
  type: string;
  data: Uint8Array;
}

/** IHDR's fields, not yet checked against what the decoder reads. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** Whether `bytes` starts with the PNG signature. */
export const isPng = (bytes: Uint8Array): boolean =>
  bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);

/** The parts one after the other. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * `bytes` through a (de)compression stream. Reading stops once more than `max` bytes came out
 * (a zip bomb inflates no further): returns `undefined` then. Rejects if the stream fails.
 */
async function pump(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  max = Infinity,
): Promise<Uint8Array | undefined> {
  // Fed in pieces, on demand: a browser may inflate a whole written chunk at once, whoever
  // reads, and 16 kB inflate to at most about 16 MB (deflate's ratio is at most ~1,032:1).
  let at = 0;
  const source = new ReadableStream<BufferSource>(
    {
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.subarray(at, at + PUMP_PIECE) as Uint8Array<ArrayBuffer>);
        at += PUMP_PIECE;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(parts);
    parts.push(value);
    length += value.length;
    if (length > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
  }
}

/** `bytes` as a zlib stream. */
export const deflate = async (bytes: Uint8Array): Promise<Uint8Array> =>
  (await pump(bytes, new CompressionStream('deflate')))!;

/**
 * The zlib stream `bytes` of `file` inflated, or `undefined` if it holds more than `max`
 * bytes; throws `DigitsImportInvalid.inflate` if it is not a whole, valid zlib stream.
 */
export async function inflate(
  bytes: Uint8Array,
  max: number,
  file: string,
): Promise<Uint8Array | undefined> {
  try {
    return await pump(bytes, new DecompressionStream('deflate'), max);
  } catch {
    // The engine's words (different in each browser) go nowhere.
    throw new StudioError('DigitsImportInvalid.inflate', { file });
  }
}

/** A chunk as written: length, type, data, and the CRC-32 of type and data. */
function writeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An `iTXt` chunk holding `text` (UTF-8, zlib-compressed) under `keyword` (Latin-1). */
async function writeText(keyword: string, text: string): Promise<Uint8Array> {
  const key = Uint8Array.from(keyword, (c) => c.charCodeAt(0));
  // keyword \0, compressed (1), method 0 (zlib), no language tag \0, no translated keyword \0.
  const head = concatBytes([key, Uint8Array.of(0, 1, 0, 0, 0)]);
  return writeChunk('iTXt', concatBytes([head, await deflate(new TextEncoder().encode(text))]));
}

/**
 * An 8-bit grey, non-interlaced PNG of `image` (every row filtered with None: the sprite's
 * flat black compresses well as it is), with each of `texts` as a compressed `iTXt` chunk.
 */
export async function encodeGrayPng(
  image: StageImage,
  texts: Readonly<Record<string, string>>,
): Promise<Uint8Array> {
  const { width, height, data } = image;
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    raw.set(data.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth; colour type 0 (grey), methods 0, no interlace follow as zeros
  const compressed = await deflate(raw);
  const idat: Uint8Array[] = [];
  for (let at = 0; at < compressed.length; at += IDAT_BYTES) {
    idat.push(writeChunk('IDAT', compressed.subarray(at, at + IDAT_BYTES)));
  }
  const textChunks = await Promise.all(Object.entries(texts).map(([k, t]) => writeText(k, t)));
  return concatBytes([
    PNG_SIGNATURE,
    writeChunk('IHDR', header),
    ...textChunks,
    ...idat,
    writeChunk('IEND', new Uint8Array(0)),
  ]);
}

const pngFormat = (file: string, detail: string) =>
  new StudioError('DigitsImportInvalid.pngFormat', { file, detail });

/**
 * The chunks of the PNG `bytes` up to IEND, each one's length and CRC-32 checked, and
 * IHDR's fields. Throws `DigitsImportInvalid.*` naming `file`.
 */
export function readPngChunks(
  bytes: Uint8Array,
  file: string,
): { chunks: PngChunk[]; header: PngHeader } {
  if (!isPng(bytes)) throw new StudioError('DigitsImportInvalid.notDigits', { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  for (let at = PNG_SIGNATURE.length; chunks.at(-1)?.type !== 'IEND';) {
    if (at + 8 > bytes.length) throw new StudioError('DigitsImportInvalid.truncated', { file });
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!/^[A-Za-z]{4}$/.test(type) || length > 0x7fffffff) {
      throw pngFormat(file, `no chunk at byte ${at}`);
    }
    if (at + 12 + length > bytes.length) {
      throw new StudioError('DigitsImportInvalid.truncated', { file });
    }
    const stored = view.getUint32(at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== stored) {
      throw new StudioError('DigitsImportInvalid.checksum', { file, chunk: type });
    }
    if (type[0] <= 'Z' && !KNOWN_CRITICAL.has(type)) {
      throw pngFormat(file, `unknown critical chunk ${type}`);
    }
    chunks.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  const ihdr = chunks[0];
  if (ihdr.type !== 'IHDR' || ihdr.data.length !== 13) throw pngFormat(file, 'no IHDR first');
  const ihdrView = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, 13);
  const [bitDepth, colorType, compression, filter, interlace] = ihdr.data.subarray(8);
  const header = { width: ihdrView.getUint32(0), height: ihdrView.getUint32(4) };
  if (!header.width || !header.height || compression !== 0 || filter !== 0) {
    throw pngFormat(file, 'invalid IHDR');
  }
  return { chunks, header: { ...header, bitDepth, colorType, interlace } };
}

/**
 * The text under `keyword` in the first `iTXt` or `tEXt` chunk that has it (inflated if
 * compressed), or `undefined` if none has. Text over `max` bytes is refused as metadata.
 */
export async function readPngText(
  chunks: readonly PngChunk[],
  keyword: string,
  max: number,
  file: string,
): Promise<string | undefined> {
  const tooLong = () =>
    new StudioError('DigitsImportInvalid.metadata', { file, detail: `over ${max} bytes` });
  for (const { type, data } of chunks) {
    const end = data.indexOf(0);
    // Keywords are 1–79 bytes: a longer "keyword" is not the one looked for.
    if ((type !== 'iTXt' && type !== 'tEXt') || end < 1 || end > 79) continue;
    if (String.fromCharCode(...data.subarray(0, end)) !== keyword) continue;
    if (type === 'tEXt') {
      if (data.length - end - 1 > max) throw tooLong();
      return new TextDecoder('latin1').decode(data.subarray(end + 1));
    }
    // iTXt: compression flag, method, then a language tag and a translated keyword, each \0-ended.
    const [compressed, method] = data.subarray(end + 1, end + 3);
    const language = data.indexOf(0, end + 3);
    const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
    if (translated < 0 || compressed > 1 || method !== 0) {
      throw new StudioError('DigitsImportInvalid.metadata', { file, detail: 'iTXt header' });
    }
    let text: Uint8Array | undefined = data.subarray(translated + 1);
    if (compressed) text = await inflate(text, max, file);
    if (!text || text.length > max) throw tooLong();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(text);
    } catch {
      throw new StudioError('DigitsImportInvalid.metadata', { file, detail: 'not UTF-8' });
    }
  }
  return undefined;
}

/** Paeth's predictor of a byte from its left, upper and upper-left neighbours. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * The image's pixels in grey (0–255, row-major, `width × height`): 8-bit grey, grey + alpha,
 * RGB or RGBA, not interlaced (anything else is refused), IDAT inflated to no more than the
 * size the header gives, each row unfiltered (None, Sub, Up, Average, Paeth), colour turned to
 * luma (BT.601, rounded: an editor's re-save of a grey image gives the same greys) and alpha
 * left out (a sprite re-saved with alpha is opaque).
 */
export async function decodePngGray(
  chunks: readonly PngChunk[],
  header: PngHeader,
  file: string,
): Promise<Uint8Array> {
  const { width, height, bitDepth, colorType, interlace } = header;
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined) {
    throw pngFormat(file, `bit depth ${bitDepth}, colour type ${colorType}`);
  }
  if (interlace !== 0) throw pngFormat(file, 'interlaced');
  const stride = width * channels;
  const expected = height * (stride + 1);
  const idat = concatBytes(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = await inflate(idat, expected, file);
  if (!raw) throw pngFormat(file, 'more image data than its size');
  if (raw.length < expected) throw new StudioError('DigitsImportInvalid.truncated', { file });
  const gray = new Uint8Array(width * height);
  let above: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    // Uint8Array stores wrap modulo 256, as the filters' arithmetic is defined.
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? row[i - channels] : 0;
      const upLeft = i >= channels ? above[i - channels] : 0;
      if (filter === 1) row[i] += left;
      else if (filter === 2) row[i] += above[i];
      else if (filter === 3) row[i] += (left + above[i]) >> 1;
      else if (filter === 4) row[i] += paeth(left, above[i], upLeft);
      else if (filter !== 0) throw pngFormat(file, `filter type ${filter} in row ${y}`);
    }
    for (let x = 0, p = y * width; x < width; x++, p++) {
      const i = x * channels;
      gray[p] =
        channels < 3
          ? row[i]
          : Math.floor((299 * row[i] + 587 * row[i + 1] + 114 * row[i + 2] + 500) / 1000);
    }
    above = row;
  }
  return gray;
}
