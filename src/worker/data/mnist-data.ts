/**
 * MNIST in memory as bytes (4× smaller than floats), the Keras-style split of listing 4.2, and
 * the allocation-free helpers that turn one batch of indices into float inputs and one-hot labels.
 */
import { parseMnistFile } from '../../shared/idx.ts';
import {
  IMAGE_PIXELS,
  MNIST_FILES,
  NUM_CLASSES,
  TEST_COUNT,
  TRAIN_COUNT,
  VALIDATION_COUNT,
  type MnistFileKey,
} from '../../shared/mnist.ts';

/** The four uncompressed IDX files, header included, as downloaded and stored. */
export type MnistFiles = Record<MnistFileKey, Uint8Array>;

/** A contiguous run of images in one of the two files: indices [start, start + count). */
export interface MnistSplit {
  /** Which file's images and labels: the 60,000-image training file or the test file. */
  file: 'train' | 'test';
  start: number;
  count: number;
}

/**
 * Listing 4.2's split (Keras' `validationSplit: 0.15` takes the end of the training file):
 * training [0, 51,000) and validation [51,000, 60,000) of the training file; test is all 10,000.
 */
export const MNIST_SPLITS = {
  train: { file: 'train', start: 0, count: TRAIN_COUNT },
  validation: { file: 'train', start: TRAIN_COUNT, count: VALIDATION_COUNT },
  test: { file: 'test', start: 0, count: TEST_COUNT },
} as const satisfies Record<string, MnistSplit>;

/** The validated MNIST payloads, as views into the stored files (row-major, 784 bytes an image). */
export class MnistData {
  private constructor(
    /** 60,000 × 784 pixels, 0–255: the training file (training and validation splits). */
    readonly trainImages: Uint8Array,
    /** 60,000 labels, 0–9. */
    readonly trainLabels: Uint8Array,
    /** 10,000 × 784 pixels, 0–255. */
    readonly testImages: Uint8Array,
    /** 10,000 labels, 0–9. */
    readonly testLabels: Uint8Array,
  ) {}

  /** Validates the four files (throws `DataCorrupt`) and keeps views of their payloads. */
  static fromFiles(files: MnistFiles): MnistData {
    const payload = (key: MnistFileKey): Uint8Array => {
      const spec = MNIST_FILES.find((s) => s.key === key);
      if (!spec) throw new Error(`No MNIST file spec for ${key}.`);
      return parseMnistFile(spec, files[key]);
    };
    return new MnistData(
      payload('trainImages'),
      payload('trainLabels'),
      payload('testImages'),
      payload('testLabels'),
    );
  }

  /** The pixels and labels a split's indices point into. */
  arraysOf(split: MnistSplit): { images: Uint8Array; labels: Uint8Array } {
    return split.file === 'train'
      ? { images: this.trainImages, labels: this.trainLabels }
      : { images: this.testImages, labels: this.testLabels };
  }
}

/**
 * Writes the images at `indices` into `out` as floats in [0, 1]: `out[i*784 + j] =
 * pixels[indices[i]*784 + j] / 255`. `out` holds at least `indices.length × 784` floats.
 */
export function fillImageBatch(
  pixels: Uint8Array,
  indices: ArrayLike<number>,
  out: Float32Array,
): void {
  const n = indices.length;
  if (out.length < n * IMAGE_PIXELS) {
    throw new RangeError(`Batch buffer holds ${out.length} floats; ${n * IMAGE_PIXELS} needed.`);
  }
  for (let i = 0; i < n; i++) {
    const from = indices[i] * IMAGE_PIXELS;
    if (from < 0 || from + IMAGE_PIXELS > pixels.length) {
      throw new RangeError(`Image index ${indices[i]} is out of range.`);
    }
    const to = i * IMAGE_PIXELS;
    for (let j = 0; j < IMAGE_PIXELS; j++) out[to + j] = pixels[from + j] / 255;
  }
}

/**
 * Writes the labels at `indices` into `out` one-hot: zeroes the first `indices.length × 10`
 * floats, then sets `out[i*10 + label] = 1`.
 */
export function fillOneHotBatch(
  labels: Uint8Array,
  indices: ArrayLike<number>,
  out: Float32Array,
): void {
  const n = indices.length;
  if (out.length < n * NUM_CLASSES) {
    throw new RangeError(`Label buffer holds ${out.length} floats; ${n * NUM_CLASSES} needed.`);
  }
  out.fill(0, 0, n * NUM_CLASSES);
  for (let i = 0; i < n; i++) {
    const label = labels[indices[i]];
    if (label === undefined || label >= NUM_CLASSES) {
      throw new RangeError(`Label index ${indices[i]} is out of range.`);
    }
    out[i * NUM_CLASSES + label] = 1;
  }
}

/** Shuffles `indices` in place (Fisher–Yates); `random` returns numbers in [0, 1). */
export function shuffleInPlace(indices: Uint32Array, random: () => number = Math.random): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = indices[i];
    indices[i] = indices[j];
    indices[j] = t;
  }
}

/** The `count` consecutive indices `start, start + 1, …`, e.g. a split to shuffle. */
export function range(start: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = start + i;
  return out;
}
