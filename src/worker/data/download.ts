/**
 * Downloads the four MNIST files the build emits (`data/mnist/*.gz` and their manifest),
 * streaming: counts compressed bytes for the progress bar, gunzips with `DecompressionStream`,
 * and collects each file into one preallocated buffer. Free of `import.meta.env` so Node tests
 * can call it with a real HTTP server.
 */
import { StudioError } from '../../shared/errors.ts';
import { parseMnistFile } from '../../shared/idx.ts';
import {
  MNIST_FILES,
  MNIST_MANIFEST_FILE,
  type MnistFileKey,
  type MnistFileSpec,
  type MnistManifest,
} from '../../shared/mnist.ts';
import type { DownloadProgress } from '../../shared/protocol.ts';
import type { MnistFiles } from './mnist-data.ts';

/** Options of `downloadMnist`. */
export interface DownloadOptions {
  /** Cancels the download; the call then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** The fetch to use (tests, or a service-worker-aware fetch); the global one by default. */
  fetch?: typeof fetch;
}

/** Progress is reported at most this often, plus once at the end of each phase. */
const PROGRESS_INTERVAL_MS = 100;

type ManifestEntry = MnistManifest['files'][number];
/** A chunk of a fetch body (backed by an `ArrayBuffer`, as `DecompressionStream` wants). */
type Bytes = Uint8Array<ArrayBuffer>;

const cancelled = (): StudioError => new StudioError('AbortError');
/** The browser's own words for a failure: a `detail` for logs, never shown to the person. */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Fetches `url` (file `file`), turning network failures and HTTP errors into `DownloadFailed`. */
async function fetchOk(
  fetchImpl: typeof fetch,
  url: URL,
  file: string,
  signal: AbortSignal | undefined,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new StudioError('DownloadFailed.network', { file, url: url.href, detail: reason(error) });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new StudioError('DownloadFailed.http', {
      file,
      url: url.href,
      status: response.status,
    });
  }
  return response;
}

/** Reads and checks the build's manifest: one entry for each of the four files. */
async function readManifest(
  fetchImpl: typeof fetch,
  url: URL,
  signal: AbortSignal | undefined,
): Promise<Map<MnistFileKey, ManifestEntry>> {
  const response = await fetchOk(fetchImpl, url, MNIST_MANIFEST_FILE, signal);
  let manifest: MnistManifest;
  try {
    manifest = (await response.json()) as MnistManifest;
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new StudioError('DownloadFailed.manifestJson', { url: url.href, detail: reason(error) });
  }
  const entries = new Map<MnistFileKey, ManifestEntry>();
  for (const spec of MNIST_FILES) {
    const entry = Array.isArray(manifest?.files)
      ? manifest.files.find((f) => f?.key === spec.key)
      : undefined;
    if (
      !entry ||
      typeof entry.url !== 'string' ||
      !(Number.isSafeInteger(entry.compressedBytes) && entry.compressedBytes > 0) ||
      entry.bytes !== spec.bytes
    ) {
      throw new StudioError('DownloadFailed.manifestEntry', { url: url.href, file: spec.file });
    }
    entries.set(spec.key, entry);
  }
  return entries;
}

/**
 * Streams one file into a buffer of exactly `spec.bytes`, gunzipping it if it starts with the
 * gzip magic 0x1f 0x8b (a host that already decoded it sends the raw file: taken as it is).
 * `onReceived(n, gzipped)` is told of each chunk of `n` bytes as it arrives on the wire.
 * Returns the filled part of the buffer; `parseMnistFile` judges whether it is complete.
 */
async function readBody(
  response: Response,
  spec: MnistFileSpec,
  name: string,
  onReceived: (bytes: number, gzipped: boolean) => void,
): Promise<Uint8Array> {
  if (!response.body) throw new StudioError('DownloadFailed.noBody', { file: name });
  const source = response.body.getReader();
  let networkError = false;
  const readSource = async (): Promise<ReadableStreamReadResult<Bytes>> => {
    try {
      return await source.read();
    } catch (error) {
      networkError = true;
      throw error;
    }
  };

  // Peek at the first two bytes to tell gzip from an already-decoded file.
  const head: Bytes[] = [];
  let headBytes = 0;
  let sourceDone = false;
  while (headBytes < 2) {
    const { done, value } = await readSource();
    if (done) {
      sourceDone = true;
      break;
    }
    head.push(value);
    headBytes += value.length;
  }
  const byteAt = (index: number): number => {
    for (const chunk of head) {
      if (index < chunk.length) return chunk[index];
      index -= chunk.length;
    }
    return -1;
  };
  const gzipped = byteAt(0) === 0x1f && byteAt(1) === 0x8b;
  onReceived(headBytes, gzipped);

  const counted = new ReadableStream<Bytes>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
      if (sourceDone) controller.close();
    },
    async pull(controller) {
      const { done, value } = await readSource();
      if (done) {
        controller.close();
      } else {
        onReceived(value.length, gzipped);
        controller.enqueue(value);
      }
    },
    cancel: (reason) => source.cancel(reason),
  });
  const decoded = gzipped ? counted.pipeThrough(new DecompressionStream('gzip')) : counted;

  const out = new Uint8Array(spec.bytes);
  let offset = 0;
  const reader = decoded.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > out.length) {
        await reader.cancel().catch(() => {});
        throw new StudioError('DataCorrupt.tooLarge', { file: name, expected: spec.bytes });
      }
      out.set(value, offset);
      offset += value.length;
    }
  } catch (error) {
    if (error instanceof StudioError) throw error;
    if (networkError) {
      throw new StudioError('DownloadFailed.brokeOff', { file: name, detail: reason(error) });
    }
    throw new StudioError('DataCorrupt.decompress', { file: name, detail: reason(error) });
  }
  return out.subarray(0, offset);
}

/**
 * Downloads, decompresses and verifies the four MNIST files from `baseUrl` (the directory of
 * the build's `data/mnist/` assets). Progress counts compressed bytes against the manifest's
 * total. Rejects with `DownloadFailed`, `DataCorrupt`, or `AbortError` when `signal` aborts.
 */
export async function downloadMnist(
  baseUrl: string | URL,
  onProgress: (p: DownloadProgress) => void,
  options: DownloadOptions = {},
): Promise<MnistFiles> {
  const { signal } = options;
  const fetchImpl = options.fetch ?? fetch;
  if (signal?.aborted) throw cancelled();
  // A directory URL must end in '/', or relative URLs would replace its last segment.
  const base = new URL(String(baseUrl), globalThis.location?.href);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const manifestUrl = new URL(MNIST_MANIFEST_FILE, base);

  try {
    const entries = await readManifest(fetchImpl, manifestUrl, signal);
    const total = [...entries.values()].reduce((sum, e) => sum + e.compressedBytes, 0);
    let done = 0;
    let lastReport = -Infinity;
    const report = (phase: DownloadProgress['phase'], loaded: number, force: boolean): void => {
      const now = Date.now();
      if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
      lastReport = now;
      onProgress({ phase, loaded, total });
    };
    report('download', 0, true);

    const raw: Partial<MnistFiles> = {};
    for (const spec of MNIST_FILES) {
      const entry = entries.get(spec.key)!;
      const url = new URL(entry.url, manifestUrl);
      const name = entry.url.split('/').pop() || spec.file;
      const response = await fetchOk(fetchImpl, url, name, signal);
      let received = 0;
      raw[spec.key] = await readBody(response, spec, name, (bytes, gzipped) => {
        received += bytes;
        // A host that decoded the file sends more bytes than the manifest counts: scale them,
        // so the bar still moves smoothly towards the compressed total and never overshoots.
        const onWire = gzipped ? received : (received * entry.compressedBytes) / spec.bytes;
        report('download', done + Math.min(Math.round(onWire), entry.compressedBytes), false);
      });
      done += entry.compressedBytes;
      report('download', done, false);
    }
    report('download', total, true);

    report('verify', total, true);
    const files = {} as MnistFiles;
    for (const spec of MNIST_FILES) {
      if (signal?.aborted) throw cancelled();
      parseMnistFile(spec, raw[spec.key]!);
      files[spec.key] = raw[spec.key]!;
    }
    return files;
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw error;
  }
}
