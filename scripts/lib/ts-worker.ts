/**
 * A `node:worker_threads` worker running a TypeScript module: a worker inherits neither the
 * `tsx` loader of `npm run train` nor vitest's transform, so its first script loads the module
 * through tsx's API.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const WORKER_BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));
`;

/** tsx's ES module API (`tsx/esm/api`, its `import` condition), as a file URL. */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api'].import.default)).href;
}

/** Starts a worker thread on the TypeScript module `entry`, with `data` in its `workerData`. */
export function tsWorker(entry: URL, data: Record<string, unknown> = {}): Worker {
  return new Worker(WORKER_BOOT, {
    eval: true,
    workerData: { ...data, tsx: tsxApi(), entry: entry.href },
  });
}
