/**
 * Files My digits refuses to import, each with the code (and parameters) the page words: no
 * digits come back from a damaged, foreign, oversized or ill-matched file. The PNGs are built
 * with node:zlib (support/png-files.ts), so each breaks exactly one rule.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/shared/errors.ts';
import { IMAGE_PIXELS } from '../../src/shared/mnist.ts';
import {
  DIGITS_FORMAT,
  MAX_IMPORT_BYTES,
  decodeDigitsIdx,
  decodeDigitsPng,
  encodeDigitsIdx,
  encodeDigitsPng,
  readDigitFiles,
} from '../../src/shared/personal-files.ts';
import { strings } from '../../src/ui/strings.ts';
import { asModelFiles, sampleDigits } from './support/personal-digits.ts';
import {
  IEND,
  buildPng,
  filterRows,
  idat,
  ihdr,
  parsePng,
  textChunk,
  type Chunk,
} from './support/png-files.ts';

/** The detail of a `DigitsImportInvalid` code: 'truncated' for `DigitsImportInvalid.truncated`. */
type Detail = ErrorCode extends infer C
  ? C extends `DigitsImportInvalid.${infer D}`
    ? D
    : never
  : never;

/** What `run` throws: its code and parameters (`undefined` if it returned). */
async function refusal(run: () => unknown): Promise<{ code?: ErrorCode; params?: object }> {
  try {
    await run();
  } catch (error) {
    const { code, params } = error as { code?: ErrorCode; params?: object };
    return { code, params };
  }
  return {};
}

/** The JSON an export of `count` digits (no thumbnails) in `columns` tiles a row holds. */
function metadata(count: number, columns = Math.max(1, Math.min(20, count))) {
  const digits = Array.from({ length: count }, (_, i) => ({
    label: i % 10,
    source: 'draw',
    createdAt: 1_760_000_000_000 + i,
  }));
  return { format: DIGITS_FORMAT, version: 1, tile: 28, columns, count, digits };
}

/**
 * A grey sprite PNG of `width × height` (black) with `meta` as its JSON (or `text` as is),
 * IHDR's other fields, the scanlines, or the chunks around changed by the options.
 */
function sprite(
  meta: unknown,
  options: {
    width?: number;
    height?: number;
    header?: { bitDepth?: number; colorType?: number; interlace?: number };
    scanlines?: Uint8Array;
    chunks?: Chunk[];
  } = {},
): Uint8Array {
  const { width = 28, height = 28, header = {} } = options;
  const text = typeof meta === 'string' ? meta : JSON.stringify(meta);
  const scanlines =
    options.scanlines ?? filterRows(new Uint8Array(width * height), width, height, 1, () => 0);
  return buildPng(
    options.chunks ?? [
      ihdr(width, height, header),
      textChunk(DIGITS_FORMAT, text, { compressed: true }),
      ...idat(scanlines),
      IEND,
    ],
  );
}

describe('decodeDigitsPng refuses', () => {
  it.each<[string, () => Uint8Array, Detail, object?]>([
    ['a file that is not a PNG', () => new TextEncoder().encode('{"a": 1}'), 'notDigits'],
    ['a PNG cut short', () => sprite(metadata(1)).subarray(0, 60), 'truncated'],
    ['a PNG without IEND', () => sprite(metadata(1)).subarray(0, -12), 'truncated'],
    [
      'an ordinary PNG (no JSON from My digits)',
      () => sprite('', { chunks: [ihdr(28, 28), ...idat(new Uint8Array(29 * 28)), IEND] }),
      'noMetadata',
    ],
    [
      'a PNG whose text chunks are someone else’s',
      () =>
        sprite('', {
          chunks: [
            ihdr(28, 28),
            textChunk('Software', 'an editor', { type: 'tEXt' }),
            ...idat(new Uint8Array(29 * 28)),
            IEND,
          ],
        }),
      'noMetadata',
    ],
    ['a palette PNG', () => sprite(metadata(1), { header: { colorType: 3 } }), 'pngFormat'],
    ['a 16-bit PNG', () => sprite(metadata(1), { header: { bitDepth: 16 } }), 'pngFormat'],
    ['an interlaced PNG', () => sprite(metadata(1), { header: { interlace: 1 } }), 'pngFormat'],
    [
      'a row with filter type 5',
      () =>
        sprite(metadata(1), { scanlines: filterRows(new Uint8Array(784), 28, 28, 1, (y) => y) }),
      'pngFormat',
    ],
    [
      'more image data than the header’s size (a zip bomb stops there)',
      () => sprite(metadata(1), { scanlines: new Uint8Array(10_000_000) }),
      'pngFormat',
    ],
    [
      'less image data than the header’s size',
      () => sprite(metadata(1), { scanlines: new Uint8Array(29 * 27) }),
      'truncated',
    ],
    [
      'image data that is not a zlib stream',
      () =>
        sprite('', {
          chunks: [
            ihdr(28, 28),
            textChunk(DIGITS_FORMAT, JSON.stringify(metadata(1))),
            { type: 'IDAT', data: new TextEncoder().encode('not zlib') },
            IEND,
          ],
        }),
      'inflate',
    ],
    ['JSON that is not JSON', () => sprite('{"format": '), 'metadata'],
    ['JSON of another format', () => sprite({ ...metadata(1), format: 'x' }), 'metadata'],
    ['a newer version', () => sprite({ ...metadata(1), version: 2 }), 'version', { version: 2 }],
    ['an older version', () => sprite({ ...metadata(1), version: 0 }), 'metadata'],
    ['another tile size', () => sprite({ ...metadata(1), tile: 14 }), 'metadata'],
    ['no columns', () => sprite({ ...metadata(1), columns: 0 }), 'metadata'],
    [
      'a list shorter than its count',
      () => sprite({ ...metadata(1), count: 2 }, { width: 56 }),
      'count',
      { expected: 2, actual: 1 },
    ],
    [
      'more digits than an import takes',
      () => sprite({ ...metadata(0), count: 20_001, digits: [] }),
      'tooMany',
      { count: 20_001, max: 20_000 },
    ],
    [
      'a sprite cropped to fewer columns than its JSON says',
      () => sprite(metadata(3), { width: 56 }),
      'imageSize',
      { width: 56, height: 28, expectedWidth: 84, expectedHeight: 28 },
    ],
    [
      'JSON longer than its tiles need',
      () => sprite({ ...metadata(1), padding: ' '.repeat(100_000) }),
      'metadata',
    ],
    [
      'a bad JSON before inflating bad image data',
      () =>
        sprite('', {
          chunks: [
            ihdr(28, 28),
            textChunk(DIGITS_FORMAT, '[1'),
            { type: 'IDAT', data: new Uint8Array(9) },
            IEND,
          ],
        }),
      'metadata',
    ],
  ])('%s', async (_, make, code, params) => {
    const { code: actual, params: actualParams } = await refusal(() =>
      decodeDigitsPng(make(), 'mine.png'),
    );
    expect(actual).toBe(`DigitsImportInvalid.${code}`);
    expect(actualParams).toMatchObject({ file: 'mine.png', ...params });
  });

  const withDigit = (change: Record<string, unknown>) => {
    const meta = metadata(2);
    return sprite(
      { ...meta, digits: [meta.digits[0], { ...meta.digits[1], ...change }] },
      {
        width: 56,
      },
    );
  };
  it.each<[string, Record<string, unknown>, Detail, object?]>([
    ['a label of 10', { label: 10 }, 'label', { index: 1, label: 10 }],
    ['a label of 2.5', { label: 2.5 }, 'metadata'],
    ['a label of -1', { label: -1 }, 'label', { index: 1, label: -1 }],
    ['a label that is text', { label: '3' }, 'metadata'],
    ['an unknown source', { source: 'scanner' }, 'metadata'],
    ['a date that is text', { createdAt: '2025-01-01' }, 'metadata'],
    [
      'a thumbnail over 48 pixels wide',
      { thumb: { width: 49, height: 1, data: 'A'.repeat(64) + 'AQ==' } },
      'metadata',
    ],
    [
      'a thumbnail of the wrong length',
      { thumb: { width: 2, height: 2, data: 'AAAA' } },
      'metadata',
    ],
    ['a thumbnail not in base64', { thumb: { width: 1, height: 1, data: 'A*==' } }, 'metadata'],
  ])('a digit with %s', async (_, change, code, params) => {
    const { code: actual, params: actualParams } = await refusal(() =>
      decodeDigitsPng(withDigit(change), 'mine.png'),
    );
    expect(actual).toBe(`DigitsImportInvalid.${code}`);
    if (params) expect(actualParams).toMatchObject(params);
  });

  it('a date that JSON reads as Infinity', async () => {
    const text = JSON.stringify(metadata(1)).replace(/"createdAt":\d+/, '"createdAt":1e999');
    expect((await refusal(() => decodeDigitsPng(sprite(text), 'x.png'))).code).toBe(
      'DigitsImportInvalid.metadata',
    );
  });

  it('a chunk that fails its CRC, naming the chunk', async () => {
    const { bytes } = await encodeDigitsPng(sampleDigits(5));
    const image = parsePng(bytes).find((c) => c.type === 'IDAT')!;
    const damaged = bytes.slice();
    damaged[image.offset + 8 + 10] ^= 0x40;
    expect(await refusal(() => decodeDigitsPng(damaged, 'x.png'))).toEqual({
      code: 'DigitsImportInvalid.checksum',
      params: { file: 'x.png', chunk: 'IDAT' },
    });
    // The undamaged file is read: the refusal is the flipped bit's.
    expect(await decodeDigitsPng(bytes, 'x.png')).toHaveLength(5);
  });

  it('a file over 50 MB before reading it', async () => {
    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1);
    huge.set((await encodeDigitsPng([])).bytes);
    expect(await refusal(() => decodeDigitsPng(huge, 'x.png'))).toEqual({
      code: 'DigitsImportInvalid.tooLarge',
      params: { file: 'x.png', bytes: MAX_IMPORT_BYTES + 1, max: MAX_IMPORT_BYTES },
    });
  });
});

describe('decodeDigitsIdx refuses', () => {
  const [images, labels] = encodeDigitsIdx(sampleDigits(3));
  const edit = (file: typeof images, at: number, value: number, length = file.bytes.length) => {
    const bytes = new Uint8Array(length);
    bytes.set(file.bytes.subarray(0, length));
    new DataView(bytes.buffer).setUint32(at, value);
    return { ...file, bytes };
  };
  it.each<[string, () => (typeof images)[], Detail, object]>([
    [
      'two image files',
      () => [images, images],
      'idxPair',
      { files: `${images.name}, ${images.name}` },
    ],
    ['a lone labels file', () => [labels], 'idxPair', { files: labels.name }],
    [
      'images of 27 × 28',
      () => [edit(images, 8, 27), labels],
      'idxShape',
      { rows: 27, columns: 28 },
    ],
    [
      'fewer labels than images',
      () => [images, edit(labels, 4, 2, 10)],
      'count',
      { file: labels.name, expected: 3, actual: 2 },
    ],
    [
      'an images file cut short',
      () => [{ ...images, bytes: images.bytes.subarray(0, -1) }, labels],
      'idxLength',
      { expected: 16 + 3 * IMAGE_PIXELS, actual: 15 + 3 * IMAGE_PIXELS },
    ],
    [
      'a labels file with bytes after its labels',
      () => [images, { ...labels, bytes: Uint8Array.from([...labels.bytes, 1]) }],
      'idxLength',
      { expected: 11, actual: 12 },
    ],
    [
      'a header claiming more digits than an import takes',
      () => [edit(images, 4, 20_001), labels],
      'tooMany',
      { count: 20_001, max: 20_000 },
    ],
    [
      'a label of 10',
      () => [
        images,
        { ...labels, bytes: Uint8Array.from([...labels.bytes.subarray(0, 9), 10, 4]) },
      ],
      'label',
      { index: 1, label: 10 },
    ],
  ])('%s', async (_, files, code, params) => {
    const { code: actual, params: actualParams } = await refusal(() => decodeDigitsIdx(files(), 1));
    expect(actual).toBe(`DigitsImportInvalid.${code}`);
    expect(actualParams).toMatchObject(params);
  });
});

describe('readDigitFiles refuses', () => {
  const text = (name: string, content: string) => ({
    name,
    bytes: new TextEncoder().encode(content),
  });
  it.each<[string, () => Promise<{ name: string; bytes: Uint8Array }[]>, Detail, object?]>([
    ['no files', async () => [], 'noFiles'],
    [
      'more than two files',
      async () => [...encodeDigitsIdx(sampleDigits(1)), text('c.txt', 'c')],
      'tooManyFiles',
    ],
    ['a JSON file', async () => [text('model.json', '{"format": "layers-model"}')], 'notDigits'],
    ['a text file', async () => [text('notes.txt', 'seven')], 'notDigits'],
    ['an empty file', async () => [text('empty', '')], 'notDigits'],
    [
      'an ordinary PNG photo, saying it was not exported by My digits',
      async () => [
        { name: 'photo.png', bytes: buildPng([ihdr(1, 1), ...idat(Uint8Array.of(0, 9)), IEND]) },
      ],
      'noMetadata',
      { file: 'photo.png' },
    ],
    [
      'a lone IDX file',
      async () => encodeDigitsIdx(sampleDigits(1)).slice(0, 1),
      'idxPair',
      { files: 'my-digits-images-idx3-ubyte' },
    ],
    [
      'a PNG with an IDX file',
      async () => [await encodeDigitsPng(sampleDigits(1)), encodeDigitsIdx(sampleDigits(1))[1]],
      'idxPair',
    ],
    [
      'a gzipped IDX file, as MNIST is downloaded',
      async () =>
        encodeDigitsIdx(sampleDigits(1)).map((f) => ({
          name: `${f.name}.gz`,
          bytes: gzipSync(f.bytes),
        })),
      'compressed',
      { file: 'my-digits-images-idx3-ubyte.gz' },
    ],
    [
      'an export of no digits',
      async () => [await encodeDigitsPng([])],
      'empty',
      { files: 'my-digits.png' },
    ],
    ['an IDX pair of no digits', async () => encodeDigitsIdx([]), 'empty'],
    [
      'a file over 50 MB',
      async () => [{ name: 'big.png', bytes: new Uint8Array(MAX_IMPORT_BYTES + 1) }],
      'tooLarge',
      { file: 'big.png', max: MAX_IMPORT_BYTES },
    ],
  ])('%s', async (_, files, code, params) => {
    const chosen = asModelFiles(...(await files()));
    const { code: actual, params: actualParams } = await refusal(() => readDigitFiles(chosen, 1));
    expect(actual).toBe(`DigitsImportInvalid.${code}`);
    if (params) expect(actualParams).toMatchObject(params);
  });

  it('words a photo’s refusal so the person knows what to choose', async () => {
    const photo = {
      name: 'photo.png',
      bytes: buildPng([ihdr(1, 1), ...idat(Uint8Array.of(0, 9)), IEND]),
    };
    const error = await readDigitFiles(asModelFiles(photo), 1).catch((e: unknown) => e);
    expect(strings.errorMessage(error)).toBe(
      'No digits were imported. photo.png is a PNG image, but it was not exported by My digits: it has no list of labels. Choose the my-digits.png that My digits exported.',
    );
  });
});
