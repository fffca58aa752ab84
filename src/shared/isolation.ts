/**
 * The response headers that make a page cross-origin isolated, which SharedArrayBuffer and so
 * TF.js' threaded WASM build need. Sent by `vite` and `vite preview` (vite.config.ts) and the
 * test and bench servers, and added by the service worker (src/sw/sw.ts) to what it serves, for
 * static hosts that send no headers of their own.
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
