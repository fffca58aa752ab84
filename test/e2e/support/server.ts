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

/** Starts `vite preview` on `dist/` and returns the server with its base URL. */
export async function serveBuild(): Promise<{ server: PreviewServer; baseUrl: string }> {
  if (!existsSync('dist/index.html')) {
    throw new Error('No production build: run `vite build` first.');
  }
  const port = await freePort();
  const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true } });
  return { server, baseUrl: `http://127.0.0.1:${port}/` };
}
