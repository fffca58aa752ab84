/**
 * `npm run photos:eval`: reads the repo's realistic photo set (scripts/lib/realistic-photos.ts,
 * 50 photos of each of 7 conditions from MNIST test images 5,000+, seeded) with the committed
 * starter model through the app's own preprocessing (`preprocessToMnist`, as the worker calls
 * it), and prints the accuracy per condition and overall, the preprocessing time per photo, and the
 * time per camera-sized frame (1024 × 768) through preprocessing and the model.
 *
 * Options: `--per N` photos per condition (default 50), `--seed N` (default 14), `--save DIR`
 * writes each photo and what the model received as PNG files (to look at failures),
 * `--failures` lists each misread photo, `--model DIR` reads with the model in DIR (one written
 * by `npm run train:starter -- --out DIR`) instead of the committed one. CPU-heavy: run it under `flock /tmp/mnist-browser.lock`
 * on the shared machine. To measure another pipeline, check out its src/shared/preprocess*
 * and run this again (the set does not depend on the pipeline).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { crc32 } from '../src/shared/crc32.ts';
import { IMAGE_SIZE } from '../src/shared/mnist.ts';
import { preprocessToMnist, type RgbaImage } from '../src/shared/preprocess.ts';
import { loadMnistDir as loadMnist } from './lib/mnist-files.ts';
import { loadStarterModel } from '../test/unit/support/starter-model.ts';
import { useWasmInNode } from './lib/node-training.ts';
import { CONDITIONS, realisticPhotos, type Condition } from './lib/realistic-photos.ts';

const { values } = parseArgs({
  options: {
    per: { type: 'string', default: '50' },
    seed: { type: 'string', default: '14' },
    save: { type: 'string' },
    failures: { type: 'boolean', default: false },
    model: { type: 'string' },
  },
});
const perCondition = Number(values.per);
const seed = Number(values.seed);

/** Writes 8-bit grey (1 channel) or RGB (3 channels) pixels as a PNG. */
function savePng(path: string, pixels: Uint8Array, width: number, height: number, channels: 1 | 3) {
  const chunk = (type: string, body: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
    return Buffer.concat([head, body, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  const rows = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    rows.set(
      pixels.subarray(y * width * channels, (y + 1) * width * channels),
      y * (width * channels + 1) + 1,
    );
  }
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(rows)),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/** Saves a photo (RGB) and the 28 × 28 input the model received (grey). */
function saveViews(dir: string, name: string, image: RgbaImage, input: Float32Array): void {
  const { data, width, height } = image;
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) rgb.set(data.subarray(p * 4, p * 4 + 3), p * 3);
  savePng(join(dir, `${name}.png`), rgb, width, height, 3);
  const grey = Uint8Array.from(input, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  savePng(join(dir, `${name}-input.png`), grey, IMAGE_SIZE, IMAGE_SIZE, 1);
}

await useWasmInNode();
const modelDir = values.model === undefined ? undefined : `${values.model.replace(/\/$/, '')}/`;
const model = await loadStarterModel(modelDir);
const mnist = loadMnist();
if (values.save) mkdirSync(values.save, { recursive: true });

const tally = new Map<Condition, { right: number; total: number; empty: number }>(
  CONDITIONS.map((c) => [c, { right: 0, total: 0, empty: 0 }]),
);
let preprocessMs = 0;
let slowest = 0;
let count = 0;
const failures: string[] = [];
for (const photo of realisticPhotos(mnist.testImages, mnist.testLabels, perCondition, seed)) {
  const start = performance.now();
  // As the worker reads: with the stage views.
  const result = preprocessToMnist(photo.image, { stages: true });
  const ms = performance.now() - start;
  preprocessMs += ms;
  slowest = Math.max(slowest, ms);
  count++;
  const probabilities = tf.tidy(() =>
    (
      model.predict(tf.tensor4d(result.pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor
    ).dataSync(),
  );
  const digit = result.empty ? -1 : probabilities.indexOf(Math.max(...probabilities));
  const t = tally.get(photo.condition)!;
  t.total++;
  if (result.empty) t.empty++;
  if (digit === photo.label) t.right++;
  else {
    failures.push(
      `${photo.condition} #${photo.testIndex}: ${photo.label} read as ${result.empty ? 'nothing' : digit} ` +
        `(height ${(100 * photo.heightFraction).toFixed(0)}%${photo.perspective ? ', perspective' : ''})`,
    );
  }
  if (values.save) {
    const name = `${photo.condition}-${photo.testIndex}-${photo.label}`;
    saveViews(values.save, name, photo.image, result.pixels);
    for (const [stage, view] of Object.entries(result.stages ?? {})) {
      savePng(join(values.save, `${name}-${stage}.png`), view.data, view.width, view.height, 1);
    }
  }
}
model.dispose();

const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`Realistic photos (seed ${seed}, ${perCondition} per condition), starter model:`);
console.log('| condition | right | accuracy | no digit found |');
console.log('| --- | ---: | ---: | ---: |');
let right = 0;
let total = 0;
for (const [condition, t] of tally) {
  console.log(
    `| ${condition} | ${t.right}/${t.total} | ${percent(t.right, t.total)} | ${t.empty} |`,
  );
  right += t.right;
  total += t.total;
}
console.log(`| **all** | ${right}/${total} | ${percent(right, total)} | |`);
console.log(
  `Preprocessing: ${(preprocessMs / count).toFixed(1)} ms a photo on average, slowest ${slowest.toFixed(1)} ms ` +
    `(${count} photos, 320 × 240 to 640 × 480).`,
);

// Camera-sized frames: the worker reads frames of up to 1024 px (a 640 × 480 photo of the set
// enlarged, nearest-neighbour, to 1024 × 768), through preprocessing and the model.
const frames = [...realisticPhotos(mnist.testImages, mnist.testLabels, 3, seed)]
  .filter((photo) => photo.condition === 'small')
  .map((photo) => enlarge(photo.image, 1024, 768));
const frameModel = await loadStarterModel(modelDir);
let frameMs = 0;
let frameCount = 0;
for (let round = 0; round < 5; round++) {
  for (const frame of frames) {
    const start = performance.now();
    const result = preprocessToMnist(frame, { stages: true });
    tf.tidy(() =>
      (
        frameModel.predict(tf.tensor4d(result.pixels, [1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor
      ).dataSync(),
    );
    if (round > 0) {
      frameMs += performance.now() - start;
      frameCount++;
    }
  }
}
frameModel.dispose();
console.log(
  `Camera-sized frames (1024 × 768, preprocessing + model, ${tf.getBackend()}): ${(frameMs / frameCount).toFixed(1)} ms a frame ` +
    `(${(1000 / (frameMs / frameCount)).toFixed(1)} frames/s on one core).`,
);
if (values.failures) for (const line of failures) console.log(`  ${line}`);

/** `image` enlarged to `width` × `height` (nearest neighbour). */
function enlarge(image: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.floor((y * image.height) / height);
    for (let x = 0; x < width; x++) {
      const sx = Math.floor((x * image.width) / width);
      const from = (sy * image.width + sx) * 4;
      data.set(image.data.subarray(from, from + 4), (y * width + x) * 4);
    }
  }
  return { data, width, height };
}
