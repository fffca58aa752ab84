/**
 * My digits as files: the PNG sprite and the IDX pair give back exactly the digits exported
 * (inputs, labels, sources, dates, thumbnails), the PNG is one any PNG reader opens (read here
 * with node:zlib, not the app's decoder) showing the digits, the IDX pair is MNIST's layout,
 * an editor's re-save (other filters, colour) still imports, and `readDigitFiles` tells the
 * kinds apart by content. The refusals are in personal-files-refusals.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx } from '../../src/shared/idx.ts';
import { IMAGE_PIXELS, IMAGE_SIZE } from '../../src/shared/mnist.ts';
import {
  DIGITS_FORMAT,
  DIGITS_PNG_NAME,
  decodeDigitsIdx,
  decodeDigitsPng,
  encodeDigitsIdx,
  encodeDigitsPng,
  readDigitFiles,
} from '../../src/shared/personal-files.ts';
import {
  IEND,
  filterRows,
  idat,
  ihdr,
  parsePng,
  readGrayNoneFiltered,
  readIhdr,
  readText,
  resave,
  textChunk,
  buildPng,
} from './support/png-files.ts';
import { asModelFiles, bytesFrom, sampleDigits } from './support/personal-digits.ts';

describe('encodeDigitsPng and decodeDigitsPng', () => {
  it.each([
    ['no digits', 0, true],
    ['one digit with a thumbnail', 1, true],
    ['one digit without one', 1, false],
    ['150 digits (7½ rows of 20), with and without thumbnails', 150, true],
    ['150 digits without thumbnails', 150, false],
  ])('give back %s exactly', async (_, count, thumbs) => {
    const digits = sampleDigits(count, thumbs);
    const file = await encodeDigitsPng(digits);
    expect(file.name).toBe(DIGITS_PNG_NAME);
    const decoded = await decodeDigitsPng(file.bytes, file.name);
    expect(decoded).toStrictEqual(digits);
  });

  it('writes a valid 8-bit grey, non-interlaced PNG that shows the inputs as 20 tiles a row', async () => {
    const digits = sampleDigits(150);
    const { bytes } = await encodeDigitsPng(digits);
    const chunks = parsePng(bytes); // every CRC checked with node:zlib
    expect(chunks[0].type).toBe('IHDR');
    expect(chunks.at(-1)?.type).toBe('IEND');
    expect(readIhdr(chunks[0])).toEqual({
      width: 20 * IMAGE_SIZE,
      height: 8 * IMAGE_SIZE,
      bitDepth: 8,
      colorType: 0,
      compression: 0,
      filter: 0,
      interlace: 0,
    });
    const { width, pixels, idatCount } = readGrayNoneFiltered(bytes);
    // Random inputs hardly compress: more than one IDAT chunk, each of at most 64 kB.
    expect(idatCount).toBeGreaterThan(1);
    for (let tile = 0; tile < 160; tile++) {
      const [row, column] = [Math.floor(tile / 20), tile % 20];
      const shown = new Uint8Array(IMAGE_PIXELS);
      for (let y = 0; y < IMAGE_SIZE; y++) {
        const start = (row * IMAGE_SIZE + y) * width + column * IMAGE_SIZE;
        shown.set(pixels.subarray(start, start + IMAGE_SIZE), y * IMAGE_SIZE);
      }
      // Tiles past the last digit are black.
      expect(shown, `tile ${tile}`).toEqual(digits[tile]?.input ?? new Uint8Array(IMAGE_PIXELS));
    }
  });

  it('keeps the labels and the rest as JSON in an iTXt chunk', async () => {
    const digits = sampleDigits(3);
    const chunks = parsePng((await encodeDigitsPng(digits)).bytes);
    const meta = JSON.parse(readText(chunks, DIGITS_FORMAT) ?? 'null');
    expect(meta).toMatchObject({ format: DIGITS_FORMAT, version: 1, tile: 28, columns: 3 });
    expect(meta.count).toBe(3);
    expect(meta.digits[0]).toEqual({
      label: digits[0].label,
      source: digits[0].source,
      createdAt: digits[0].createdAt,
      thumb: {
        width: digits[0].thumb!.width,
        height: digits[0].thumb!.height,
        data: Buffer.from(digits[0].thumb!.data).toString('base64'),
      },
    });
    expect(meta.digits[1]).not.toHaveProperty('thumb');
    // Three digits make a sprite of three tiles, not twenty.
    expect(readIhdr(chunks[0])).toMatchObject({ width: 3 * IMAGE_SIZE, height: IMAGE_SIZE });
  });

  it.each([
    ['Sub', () => 1],
    ['Up', () => 2],
    ['Average', () => 3],
    ['Paeth', () => 4],
    ['each filter in turn', (y: number) => y % 5],
  ])('reads the sprite re-filtered with %s', async (_, filterOf) => {
    const digits = sampleDigits(45);
    const { bytes } = await encodeDigitsPng(digits);
    const again = resave(bytes, { filterOf, pieces: 3 });
    expect(again).not.toEqual(bytes);
    expect(await decodeDigitsPng(again, 'again.png')).toStrictEqual(digits);
  });

  it.each([
    ['RGB', 2],
    ['grey with alpha', 4],
    ['RGBA', 6],
  ])('reads the sprite re-saved as %s (colour turned back to grey)', async (_, colorType) => {
    const digits = sampleDigits(21);
    const { bytes } = await encodeDigitsPng(digits);
    const again = resave(bytes, { colorType, filterOf: (y) => (y * 3) % 5 });
    expect(readIhdr(parsePng(again)[0]).colorType).toBe(colorType);
    expect(await decodeDigitsPng(again, 'edited.png')).toStrictEqual(digits);
  });

  it('turns colour into grey by BT.601 luma, rounded', async () => {
    const digit = sampleDigits(1, false)[0];
    const chunks = parsePng((await encodeDigitsPng([digit])).bytes);
    const rgb = bytesFrom(7, 3 * IMAGE_PIXELS);
    const colour = buildPng([
      ihdr(IMAGE_SIZE, IMAGE_SIZE, { colorType: 2 }),
      chunks.find((c) => c.type === 'iTXt')!,
      ...idat(filterRows(rgb, IMAGE_SIZE, IMAGE_SIZE, 3, (y) => y % 5)),
      IEND,
    ]);
    const luma = Uint8Array.from({ length: IMAGE_PIXELS }, (_, p) => {
      const [r, g, b] = rgb.subarray(3 * p, 3 * p + 3);
      return Math.floor((299 * r + 587 * g + 114 * b + 500) / 1000);
    });
    const [decoded] = await decodeDigitsPng(colour, 'colour.png');
    expect(decoded).toStrictEqual({ ...digit, input: luma });
  });

  it('reads the JSON from a tEXt or an uncompressed iTXt chunk too', async () => {
    const digits = sampleDigits(4);
    const chunks = parsePng((await encodeDigitsPng(digits)).bytes);
    const json = readText(chunks, DIGITS_FORMAT)!;
    for (const options of [{ type: 'tEXt' as const }, { compressed: false }]) {
      const rebuilt = chunks.map((c) =>
        c.type === 'iTXt' ? textChunk(DIGITS_FORMAT, json, options) : c,
      );
      expect(await decodeDigitsPng(buildPng(rebuilt), 'text.png')).toStrictEqual(digits);
    }
  });
});

describe('encodeDigitsIdx and decodeDigitsIdx', () => {
  it.each([0, 1, 150])('write MNIST’s layout for %i digits, as parseIdx reads MNIST', (count) => {
    const digits = sampleDigits(count);
    const [images, labels] = encodeDigitsIdx(digits);
    expect(images.name).toBe('my-digits-images-idx3-ubyte');
    expect(labels.name).toBe('my-digits-labels-idx1-ubyte');
    const imageView = new DataView(images.bytes.buffer, images.bytes.byteOffset);
    expect([0, 4, 8, 12].map((at) => imageView.getUint32(at))).toEqual([
      IDX_IMAGES_MAGIC,
      count,
      28,
      28,
    ]);
    const labelView = new DataView(labels.bytes.buffer, labels.bytes.byteOffset);
    expect([0, 4].map((at) => labelView.getUint32(at))).toEqual([IDX_LABELS_MAGIC, count]);

    const parsedImages = parseIdx(images.bytes, images.name);
    const parsedLabels = parseIdx(labels.bytes, labels.name);
    expect(parsedImages.dims).toEqual([count, 28, 28]);
    expect(parsedLabels.dims).toEqual([count]);
    digits.forEach((digit, i) => {
      expect(parsedImages.data.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)).toEqual(
        digit.input,
      );
      expect(parsedLabels.data[i]).toBe(digit.label);
    });
  });

  it.each([0, 1, 150])('give back the inputs and labels of %i digits, dated now', (count) => {
    const digits = sampleDigits(count);
    const now = 1_770_000_000_123;
    // The pair is found by magic number, in any order, whatever the files are called.
    const files = encodeDigitsIdx(digits)
      .reverse()
      .map((f, i) => ({ ...f, name: `file-${i}` }));
    expect(decodeDigitsIdx(files, now)).toStrictEqual(
      digits.map(({ label, input }) => ({ label, input, source: 'import', createdAt: now })),
    );
  });
});

describe('readDigitFiles', () => {
  it('reads an exported my-digits.png, whatever it is called now', async () => {
    const digits = sampleDigits(33);
    const png = await encodeDigitsPng(digits);
    const drafts = await readDigitFiles(asModelFiles({ ...png, name: 'renamed.png' }), 5);
    expect(drafts).toStrictEqual(digits);
  });

  it('reads an IDX pair, dating its digits `now`', async () => {
    const digits = sampleDigits(12);
    const [images, labels] = encodeDigitsIdx(digits);
    const drafts = await readDigitFiles(asModelFiles(labels, images), 42);
    expect(drafts.map((d) => [d.label, d.source, d.createdAt])).toEqual(
      digits.map((d) => [d.label, 'import', 42]),
    );
    expect(drafts.map((d) => d.input)).toEqual(digits.map((d) => d.input));
  });
});
