/** Serves the production build (`dist/`) with `vite preview` on a free loopback port. */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { preview, type PreviewServer } from 'vite';

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export { isolationHeaders } from '../../../src/shared/isolation.ts';

/**
 * Starts `vite preview` on `dist/` (with extra response headers; `plainHost`: without the
 * config's COOP/COEP) and returns it with its URL.
 */
export async function serveBuild(
  headers: Record<string, string> = {},
  { plainHost = false } = {},
): Promise<{ server: PreviewServer; baseUrl: string }> {
  // DIST_DIR: a build elsewhere than dist/ (e.g. `vite build --outDir /tmp/other`).
  const outDir = process.env.DIST_DIR ?? 'dist';
  if (!existsSync(`${outDir}/index.html`)) {
    throw new Error(`No production build in ${outDir}/: run \`vite build\` first.`);
  }
  const port = await freePort();
  const server = await preview({
    // A plain static host: none of vite.config.ts' response headers (COOP/COEP).
    ...(plainHost ? { configFile: false as const } : {}),
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, headers },
  });
  return { server, baseUrl: `http://127.0.0.1:${port}/` };
}
