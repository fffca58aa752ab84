import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode, StudioError } from '../../src/shared/errors.ts';
import { parseMnistFile } from '../../src/shared/idx.ts';
import { MNIST_FILES, type MnistFileKey, type MnistManifest } from '../../src/shared/mnist.ts';
import type { DownloadProgress } from '../../src/shared/protocol.ts';
import { downloadMnist } from '../../src/worker/data/download.ts';
import {
  buildMnistAssets,
  gzipMnistFile,
  locateMnistData,
  mnistManifest,
} from '../../scripts/vite-plugin-mnist.ts';

/** What the server answers for a path: its body, optionally cut off or sent slowly in pieces. */
interface Route {
  body: Uint8Array;
  /** Destroy the connection after this many bytes (Content-Length still promises all). */
  cutAfter?: number;
  /** Send the body in this many pieces, 150 ms apart. */
  pieces?: number;
}

const raw = {} as Record<MnistFileKey, Uint8Array>;
const gz = {} as Record<MnistFileKey, Uint8Array>;
let manifest: MnistManifest;
let routes = new Map<string, Route>();
let server: Server;
let baseUrl: string;

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const fileName = (key: MnistFileKey): string => MNIST_FILES.find((s) => s.key === key)!.file;

/** The routes of a healthy build: the manifest and the four gzip files. */
function healthyRoutes(): Map<string, Route> {
  const map = new Map<string, Route>([['/data/mnist/manifest.json', { body: json(manifest) }]]);
  for (const s of MNIST_FILES) map.set(`/data/mnist/${s.file}.gz`, { body: gz[s.key] });
  return map;
}

beforeAll(async () => {
  const dir = locateMnistData(process.cwd());
  for (const s of MNIST_FILES) raw[s.key] = new Uint8Array(readFileSync(path.join(dir, s.file)));
  // The build's own pipeline (cached in node_modules/.cache), and its compression function.
  const assets = await buildMnistAssets(process.cwd());
  for (const asset of assets) gz[asset.spec.key] = asset.gz;
  expect(gz.testLabels).toEqual(await gzipMnistFile(raw.testLabels));
  manifest = mnistManifest(assets);

  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const type = req.url!.endsWith('.json') ? 'application/json' : 'application/gzip';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': route.body.length });
    if (route.cutAfter !== undefined) {
      res.write(route.body.subarray(0, route.cutAfter), () => res.destroy());
    } else if (route.pieces) {
      const size = Math.ceil(route.body.length / route.pieces);
      const send = (at: number): void => {
        if (at + size >= route.body.length) return void res.end(route.body.subarray(at));
        res.write(route.body.subarray(at, at + size));
        setTimeout(() => send(at + size), 150);
      };
      send(0);
    } else {
      res.end(route.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data/mnist/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  routes = healthyRoutes();
});

/** Expects `promise` to reject with error code `code` (and `params`, if given, among its own). */
async function expectRejection(
  promise: Promise<unknown>,
  code: ErrorCode,
  params?: Record<string, unknown>,
) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as StudioError,
  );
  expect(error, `expected a rejection with code ${code}`).toBeDefined();
  expect(error!.code).toBe(code);
  expect(error!.name).toBe(code.split('.')[0]);
  if (params) expect(error!.params).toMatchObject(params);
}

describe('downloadMnist', () => {
  it('downloads, gunzips and verifies the four files, with monotone progress', async () => {
    const events: DownloadProgress[] = [];
    const files = await downloadMnist(baseUrl, (p) => events.push(p));

    for (const s of MNIST_FILES) {
      expect(files[s.key].length).toBe(s.bytes);
      expect(() => parseMnistFile(s, files[s.key])).not.toThrow();
    }
    expect(parseMnistFile(MNIST_FILES[1]!, files.trainLabels)[0]).toBe(5);

    const total = manifest.files.reduce((sum, f) => sum + f.compressedBytes, 0);
    expect(total).toBeGreaterThan(10_000_000);
    expect(events.every((e) => e.total === total)).toBe(true);
    const downloads = events.filter((e) => e.phase === 'download');
    expect(downloads[0]!.loaded).toBe(0);
    for (let i = 1; i < downloads.length; i++) {
      expect(downloads[i]!.loaded).toBeGreaterThanOrEqual(downloads[i - 1]!.loaded);
    }
    expect(downloads.at(-1)!.loaded).toBe(total);
    expect(events.at(-1)).toEqual({ phase: 'verify', loaded: total, total });
    // Throttled: not one event per network chunk.
    expect(events.length).toBeLessThan(200);
  });

  it('takes files a host already decoded as they are, and the bar still ends at the total', async () => {
    for (const key of ['trainLabels', 'testImages'] as const) {
      routes.set(`/data/mnist/${fileName(key)}.gz`, { body: raw[key] });
    }
    // The last file arrives decoded and slowly: 10,008 bytes on the wire for 4,210 in the bar.
    routes.set(`/data/mnist/${fileName('testLabels')}.gz`, { body: raw.testLabels, pieces: 6 });
    const events: DownloadProgress[] = [];
    const files = await downloadMnist(baseUrl.replace(/\/$/, ''), (p) => events.push(p));
    expect(() => parseMnistFile(MNIST_FILES[2]!, files.testImages)).not.toThrow();
    expect(() => parseMnistFile(MNIST_FILES[3]!, files.testLabels)).not.toThrow();

    const total = events[0]!.total;
    expect(Math.max(...events.map((e) => e.loaded))).toBe(total);
    expect(events.at(-1)!.loaded).toBe(total);
    // Scaled to compressed bytes, the bar moves through the last file instead of jumping to
    // its end after the first third.
    const lastFileStart = total - gz.testLabels.length;
    const during = new Set(
      events.map((e) => e.loaded).filter((n) => n > lastFileStart && n < total),
    );
    expect(during.size).toBeGreaterThanOrEqual(4);
  });

  it('rejects a truncated gzip file as DataCorrupt', async () => {
    const half = gz.trainLabels.subarray(0, gz.trainLabels.length >> 1);
    routes.set('/data/mnist/train-labels-idx1-ubyte.gz', { body: half });
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DataCorrupt.decompress',
      { file: 'train-labels-idx1-ubyte.gz', detail: expect.any(String) },
    );
  });

  it('rejects a gzip file of the wrong content as DataCorrupt', async () => {
    const flipped = raw.testLabels.slice();
    flipped[8] = flipped[8] === 0 ? 1 : 0;
    routes.set('/data/mnist/t10k-labels-idx1-ubyte.gz', { body: await gzipMnistFile(flipped) });
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DataCorrupt.checksum',
      {
        file: 't10k-labels-idx1-ubyte',
        expected: MNIST_FILES[3]!.crc32,
        actual: expect.any(Number),
      },
    );
  });

  it('rejects a missing manifest as DownloadFailed', async () => {
    routes.delete('/data/mnist/manifest.json');
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DownloadFailed.http',
      { file: 'manifest.json', url: `${baseUrl}manifest.json`, status: 404 },
    );
  });

  it('rejects a file answering 404 as DownloadFailed, naming the file', async () => {
    routes.delete('/data/mnist/t10k-images-idx3-ubyte.gz');
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DownloadFailed.http',
      { file: 't10k-images-idx3-ubyte.gz', status: 404 },
    );
  });

  it('rejects a connection that breaks off as DownloadFailed', async () => {
    const body = gz.trainImages;
    routes.set('/data/mnist/train-images-idx3-ubyte.gz', { body, cutAfter: 1_000_000 });
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DownloadFailed.brokeOff',
      { file: 'train-images-idx3-ubyte.gz' },
    );
  });

  it('rejects a manifest that does not list the files as DownloadFailed', async () => {
    routes.set('/data/mnist/manifest.json', { body: json({ files: manifest.files.slice(1) }) });
    await expectRejection(
      downloadMnist(baseUrl, () => {}),
      'DownloadFailed.manifestEntry',
      { url: `${baseUrl}manifest.json`, file: 'train-images-idx3-ubyte' },
    );
  });

  it('rejects with AbortError when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectRejection(
      downloadMnist(baseUrl, () => {}, { signal: controller.signal }),
      'AbortError',
    );
  });

  it('rejects with AbortError when aborted mid-download', async () => {
    const controller = new AbortController();
    const events: DownloadProgress[] = [];
    const download = downloadMnist(
      baseUrl,
      (p) => {
        events.push(p);
        if (p.loaded > 0) controller.abort();
      },
      { signal: controller.signal },
    );
    await expectRejection(download, 'AbortError');
    expect(events.at(-1)!.loaded).toBeLessThan(events.at(-1)!.total);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    await downloadMnist(new URL(baseUrl), () => {}, { fetch: spy });
    expect(seen).toEqual([
      `${baseUrl}manifest.json`,
      ...MNIST_FILES.map((s) => `${baseUrl}${s.file}.gz`),
    ]);
  });
});
