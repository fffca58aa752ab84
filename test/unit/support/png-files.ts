/**
 * PNG files for tests, written and read with node:zlib (deflate, inflate, CRC-32), not with
 * src/shared/png.ts: an independent check of what the app writes, and the odd PNGs (other
 * filters, colour types, damaged chunks) a person's editor or disk may hand the import.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** One chunk: its type and data. */
export interface Chunk {
  type: string;
  data: Uint8Array;
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A chunk as written: length, type, data, CRC-32 (node:zlib's) of type and data. */
export function chunkBytes({ type, data }: Chunk): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The signature and `chunks`, one after the other. */
export function buildPng(chunks: readonly Chunk[]): Uint8Array {
  return Uint8Array.from(Buffer.concat([PNG_SIGNATURE, ...chunks.map(chunkBytes)]));
}

/** A PNG's chunks with their byte offsets; throws if a chunk's CRC-32 is wrong. */
export function parsePng(bytes: Uint8Array): (Chunk & { offset: number })[] {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('no PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: (Chunk & { offset: number })[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.slice(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      throw new Error(`bad CRC in ${type}`);
    }
    chunks.push({ type, data, offset: at });
    at += 12 + length;
  }
  return chunks;
}

/** An IHDR chunk. */
export function ihdr(
  width: number,
  height: number,
  { bitDepth = 8, colorType = 0, interlace = 0 } = {},
): Chunk {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([bitDepth, colorType, 0, 0, interlace], 8);
  return { type: 'IHDR', data };
}

/** IHDR's fields. */
export function readIhdr(chunk: Chunk) {
  const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, 13);
  const [bitDepth, colorType, compression, filter, interlace] = chunk.data.subarray(8);
  return {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth,
    colorType,
    compression,
    filter,
    interlace,
  };
}

/** A text chunk: `tEXt`, or `iTXt` (compressed or not). */
export function textChunk(
  keyword: string,
  text: string,
  { type = 'iTXt', compressed = false }: { type?: 'iTXt' | 'tEXt'; compressed?: boolean } = {},
): Chunk {
  if (type === 'tEXt')
    return { type, data: Buffer.concat([latin1(keyword), Uint8Array.of(0), latin1(text)]) };
  const body = new TextEncoder().encode(text);
  const head = Buffer.concat([latin1(keyword), Uint8Array.of(0, compressed ? 1 : 0, 0, 0, 0)]);
  return { type, data: Buffer.concat([head, compressed ? deflateSync(body) : body]) };
}

/** The text of an `iTXt` chunk (inflated if compressed), by keyword. */
export function readText(chunks: readonly Chunk[], keyword: string): string | undefined {
  for (const { type, data } of chunks) {
    const end = data.indexOf(0);
    if (type !== 'iTXt' || String.fromCharCode(...data.subarray(0, end)) !== keyword) continue;
    const compressed = data[end + 1] === 1;
    const textStart = data.indexOf(0, data.indexOf(0, end + 3) + 1) + 1;
    const body = data.subarray(textStart);
    return new TextDecoder().decode(compressed ? inflateSync(body) : body);
  }
  return undefined;
}

/** Paeth's predictor. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * `pixels` (`channels` bytes a pixel) as PNG scanlines, row `y` filtered with `filterOf(y)`
 * (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth; anything else is written as is).
 */
export function filterRows(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  filterOf: (y: number) => number,
): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = filterOf(y);
    out[y * (stride + 1)] = filter;
    for (let i = 0; i < stride; i++) {
      const x = pixels[y * stride + i];
      const a = i >= channels ? pixels[y * stride + i - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      out[y * (stride + 1) + 1 + i] = (x - predicted) & 0xff;
    }
  }
  return out;
}

/** An IDAT chunk (or several, of `pieces` parts) holding `scanlines` deflated. */
export function idat(scanlines: Uint8Array, pieces = 1): Chunk[] {
  const z = deflateSync(scanlines);
  const size = Math.ceil(z.length / pieces);
  return Array.from({ length: pieces }, (_, i) => ({
    type: 'IDAT',
    data: z.subarray(i * size, (i + 1) * size),
  }));
}

/** The IEND chunk. */
export const IEND: Chunk = { type: 'IEND', data: new Uint8Array(0) };

/** The pixels of an 8-bit grey, non-interlaced PNG whose rows are all filtered with None. */
export function readGrayNoneFiltered(bytes: Uint8Array): {
  width: number;
  height: number;
  pixels: Uint8Array;
  idatCount: number;
} {
  const chunks = parsePng(bytes);
  const { width, height } = readIhdr(chunks[0]);
  const idats = chunks.filter((c) => c.type === 'IDAT');
  const raw = inflateSync(Buffer.concat(idats.map((c) => c.data)));
  if (raw.length !== height * (width + 1)) throw new Error(`image data of ${raw.length} bytes`);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    if (raw[y * (width + 1)] !== 0) throw new Error(`row ${y} is not filtered with None`);
    pixels.set(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)), y * width);
  }
  return { width, height, pixels, idatCount: idats.length };
}

/**
 * The exported sprite `bytes` written again as an editor might: its grey pixels as colour type
 * `colorType` (0 grey, 2 RGB, 4 grey + alpha, 6 RGBA, each colour channel the grey), rows
 * filtered by `filterOf`, the image data in `pieces` IDAT chunks, the other chunks kept.
 */
export function resave(
  bytes: Uint8Array,
  {
    colorType = 0,
    filterOf = () => 0,
    pieces = 1,
  }: { colorType?: number; filterOf?: (y: number) => number; pieces?: number } = {},
): Uint8Array {
  const { width, height, pixels } = readGrayNoneFiltered(bytes);
  const layout: Record<number, (v: number) => number[]> = {
    0: (v) => [v],
    2: (v) => [v, v, v],
    4: (v) => [v, 255],
    6: (v) => [v, v, v, 255],
  };
  const channels = layout[colorType](0).length;
  const colour = Uint8Array.from(Array.from(pixels).flatMap(layout[colorType]));
  const texts = parsePng(bytes).filter((c) => !['IHDR', 'IDAT', 'IEND'].includes(c.type));
  return buildPng([
    ihdr(width, height, { colorType }),
    ...texts,
    ...idat(filterRows(colour, width, height, channels, filterOf), pieces),
    IEND,
  ]);
}
