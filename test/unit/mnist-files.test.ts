/**
 * MNIST from a folder for `npm run train -- --data DIR` (scripts/lib/mnist-files.ts): gzipped
 * files read as the raw ones, a missing or damaged file is refused by name, and the CLI says so
 * in words with exit code 2 instead of a stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnistDir, PACKAGE_MNIST_DIR, readMnistDir } from '../../scripts/lib/mnist-files.ts';
import { MNIST_FILES } from '../../src/shared/mnist.ts';

const dirs: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-dir-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const raw = (file: string) => readFileSync(join(PACKAGE_MNIST_DIR, file));

describe('MNIST from a folder', () => {
  it('reads gzipped files as the raw ones', () => {
    const dir = folder();
    for (const spec of MNIST_FILES)
      writeFileSync(join(dir, `${spec.file}.gz`), gzipSync(raw(spec.file)));
    const fromGz = readMnistDir(dir);
    const fromPackage = readMnistDir();
    for (const spec of MNIST_FILES) {
      expect(fromGz[spec.key].length).toBe(spec.bytes);
      expect(Buffer.from(fromGz[spec.key]).equals(Buffer.from(fromPackage[spec.key]))).toBe(true);
    }
    const data = loadMnistDir(dir);
    expect(data.trainLabels.length).toBe(60_000);
    expect(data.testLabels.length).toBe(10_000);
  });

  it('names the file that is missing', () => {
    const dir = folder();
    for (const spec of MNIST_FILES.slice(1)) writeFileSync(join(dir, spec.file), raw(spec.file));
    expect(() => readMnistDir(dir)).toThrow(/has no train-images-idx3-ubyte/);
  });

  it('refuses a damaged file as the app does (one flipped pixel: CRC-32)', () => {
    const dir = folder();
    for (const spec of MNIST_FILES) {
      const bytes = Buffer.from(raw(spec.file));
      if (spec.key === 'testImages') bytes[5_000] ^= 0xff;
      writeFileSync(join(dir, spec.file), bytes);
    }
    expect(() => loadMnistDir(dir)).toThrow(/DataCorrupt/);
  });
});

describe('npm run train, refusing bad arguments', () => {
  const train = async (...args: string[]) => {
    try {
      await promisify(execFile)('npx', ['tsx', 'scripts/train.ts', ...args], { timeout: 60_000 });
      return { code: 0, stderr: '' };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
  };

  it('says what is wrong in words, with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--recipe', 'slow'], /Unknown recipe slow: book, fast, long\./],
      [['--epochs', 'many'], /Epochs must be a whole number from 1 to 100\./],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--threads', '0'], /--threads 0: a whole number from 1 to 64\./],
      [['--data', folder()], /has no train-images-idx3-ubyte/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await train(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 240_000);
});
