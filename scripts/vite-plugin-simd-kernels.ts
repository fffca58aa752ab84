/**
 * Compiles our WASM SIMD kernels (assembly/kernels.ts) whenever Vite starts (dev server, build,
 * vitest), so src/worker/backend/wasm-kernels/simd-binaries.generated.ts matches the source.
 */
import type { Plugin } from 'vite';
import { buildSimdKernels } from './simd-kernels.ts';

/** The plugin; put it first so the generated module exists before anything imports it. */
export function simdKernels(): Plugin {
  return {
    name: 'mnist-studio-simd-kernels',
    async buildStart() {
      await buildSimdKernels();
    },
  };
}
