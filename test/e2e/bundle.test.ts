/**
 * The page stays light: TensorFlow.js lives only in the worker's bundle, never in the code the
 * main thread loads (STYLE: "the UI never imports @tensorflow/*").
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Strings only TF.js code contains: an environment flag and two kernel names. */
const TFJS_MARKERS = ['WEBGL_VERSION', 'Conv2DBackpropInput', 'MaxPoolGrad'];

const html = readFileSync('dist/index.html', 'utf8');
const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1] ?? '';
const assets = readdirSync('dist/assets');

/**
 * The entry chunk and every chunk it imports, statically or with `import()` (the app waits for
 * its language before it imports its elements), as the page loads them.
 */
function mainThreadCode(): string {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(`dist/${file}`, 'utf8');
    for (const [, dep] of code.matchAll(/(?:\bfrom\s*|\bimport\(\s*)["'`]\.\/([\w.-]+\.js)["'`]/g))
      visit(`assets/${dep}`);
  };
  visit(entry);
  return [...seen].map((f) => readFileSync(`dist/${f}`, 'utf8')).join('\n');
}

describe('the production bundle', () => {
  it('keeps TensorFlow.js out of the main thread and in the worker', () => {
    expect(entry).toMatch(/^assets\/.+\.js$/);
    const main = mainThreadCode();
    // The whole UI was followed, down to the elements the entry imports once its language is set.
    expect(main).toContain('ms-predict-panel');
    for (const marker of TFJS_MARKERS) expect(main).not.toContain(marker);
    const worker = assets.filter((f) => f.endsWith('.js') && f !== entry.slice(7));
    const workerCode = worker.map((f) => readFileSync(`dist/assets/${f}`, 'utf8')).join('\n');
    for (const marker of TFJS_MARKERS) expect(workerCode).toContain(marker);
    // 300 kB until issue 15: "Inside the model" added 29 kB (a chunk loaded when it is first
    // opened, counted here all the same) and its strings in both languages about 11 kB.
    // 340 kB until issue 16: My digits added 45 kB: its card (28 kB, a chunk fetched after the
    // first render, counted all the same), the keep row under readings and its strings in both
    // languages (about 13 kB); with the worker side's export/import strings and the fine-tune
    // result wording it measured 383 kB (not yet trimmed: issue 16's note).
    expect(main.length).toBeLessThan(390_000);
  });

  it('ships the WASM binaries and the compressed MNIST files from its own origin', () => {
    expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(3);
    const mnist = readdirSync('dist/data/mnist').sort();
    expect(mnist).toEqual([
      'manifest.json',
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
  });
});
