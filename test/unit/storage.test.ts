import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES } from '../../src/shared/mnist.ts';
import type { ModelName } from '../../src/shared/models.ts';
import type { RunRecord } from '../../src/shared/protocol.ts';
import type { MnistFiles } from '../../src/worker/data/mnist-data.ts';
import {
  addRun,
  deleteMnistFiles,
  deleteRun,
  listRuns,
  openStudioDb,
  readMnistFiles,
  readMnistStatus,
  writeMnistFiles,
} from '../../src/worker/storage/db.ts';
import { locateMnistData } from '../../scripts/vite-plugin-mnist.ts';

const files = {} as MnistFiles;
const TOTAL_BYTES = 47_040_016 + 60_008 + 7_840_016 + 10_008;

beforeAll(() => {
  const dir = locateMnistData(process.cwd());
  for (const s of MNIST_FILES) files[s.key] = new Uint8Array(readFileSync(path.join(dir, s.file)));
});

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.length).equals(
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );

const run = (finishedAt: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  model: 'conv',
  backend: 'cpu',
  epochs: 2,
  epochsCompleted: 2,
  batchSize: 320,
  trainExamples: 1_000,
  durationMs: 12_000,
  examplesPerSecond: 166,
  testAccuracy: 0.9,
  testLoss: 0.3,
  stopped: false,
  finishedAt,
  ...extra,
});

describe('MNIST files in IndexedDB', () => {
  it('reports nothing stored at first', async () => {
    expect(await readMnistStatus()).toEqual({ cached: false, bytes: 0 });
    expect(await readMnistFiles()).toBeUndefined();
  });

  it('stores the four files and reads them back unchanged', async () => {
    const before = Date.now();
    const status = await writeMnistFiles(files);
    expect(status).toEqual({ cached: true, bytes: TOTAL_BYTES, storedAt: expect.any(Number) });
    expect(status.storedAt).toBeGreaterThanOrEqual(before);
    expect(await readMnistStatus()).toEqual(status);

    const back = await readMnistFiles();
    expect(back).toBeDefined();
    for (const s of MNIST_FILES) {
      expect(back![s.key].length).toBe(s.bytes);
      expect(sameBytes(back![s.key], files[s.key])).toBe(true);
    }
    // Each record carries the CRC-32 of what was stored.
    const db = await openStudioDb();
    for (const s of MNIST_FILES) expect((await db.get('mnist', s.key))?.crc32).toBe(s.crc32);
  });

  it('deletes the files and their meta record', async () => {
    expect(await deleteMnistFiles()).toEqual({ cached: false, bytes: 0 });
    expect(await readMnistStatus()).toEqual({ cached: false, bytes: 0 });
    expect(await readMnistFiles()).toBeUndefined();
    expect(await (await openStudioDb()).count('mnist')).toBe(0);
  });

  it('reports a full disk as StorageFailed and stores nothing', async () => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args) {
      if (this.name === 'mnist') throw new DOMException('Quota exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await expect(writeMnistFiles(files)).rejects.toMatchObject({
        name: 'StorageFailed',
        code: 'StorageFailed.quota',
        params: { action: 'storeMnist' },
      });
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(await readMnistStatus()).toEqual({ cached: false, bytes: 0 });
  });

  it('does not treat files without the meta record as a dataset', async () => {
    const db = await openStudioDb();
    for (const s of MNIST_FILES.slice(0, 2)) {
      await db.put('mnist', { key: s.key, bytes: files[s.key], crc32: s.crc32 });
    }
    expect(await readMnistStatus()).toEqual({ cached: false, bytes: 0 });
    expect(await readMnistFiles()).toBeUndefined();
    await deleteMnistFiles();
  });
});

describe('run history', () => {
  it('adds runs, lists them newest first, and deletes one', async () => {
    expect(await listRuns()).toEqual([]);
    const first = await addRun(run(1_000));
    const third = await addRun(run(3_000, { model: 'dense', stopped: true }));
    const second = await addRun(run(2_000, { id: 99 }));
    expect(new Set([first, second, third]).size).toBe(3);
    expect(second).not.toBe(99);

    const listed = await listRuns();
    expect(listed.map((r) => r.finishedAt)).toEqual([3_000, 2_000, 1_000]);
    expect(listed.map((r) => r.id)).toEqual([third, second, first]);
    expect(listed[0]).toEqual({ ...run(3_000, { model: 'dense', stopped: true }), id: third });

    await deleteRun(third);
    expect((await listRuns()).map((r) => r.id)).toEqual([second, first]);
  });

  it('reports an IndexedDB failure as StorageFailed', async () => {
    // A function cannot be stored (DataCloneError).
    const bad = run(4_000, { model: (() => 'conv') as unknown as ModelName });
    await expect(addRun(bad)).rejects.toMatchObject({
      name: 'StorageFailed',
      code: 'StorageFailed.indexedDb',
      params: { action: 'saveRun', detail: expect.stringMatching(/^DataCloneError: /) },
    });
  });
});
