/**
 * Keeps TF.js' threaded WASM build working after minification.
 *
 * `@tensorflow/tfjs-backend-wasm` starts its pthread workers from a Blob made of
 * `wasmFactoryThreadedSimd.toString()`: the source text of a function. Once minified, that
 * function refers to renamed variables of the bundle around it, and every pthread worker dies
 * with "e is not defined". We hand the Blob the package's original (unminified) Emscripten
 * glue instead, as a string the minifier leaves alone. The main thread still runs the bundled,
 * minified copy. No `eval`, and no change to the Content Security Policy: workers from `blob:`
 * are what the stock build needs too.
 */
import type { Plugin } from 'vite';

/** The expression in `tfjs-backend-wasm/dist/backend_wasm.js` (4.22) that serialises the factory. */
const FACTORY_SOURCE =
  /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;
const BACKEND_FILE = /@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;

/** The Vite plugin (build only: the dev server does not minify). */
export function keepWasmThreadFactory(): Plugin {
  return {
    name: 'mnist-studio:wasm-thread-factory',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!BACKEND_FILE.test(id.split('?')[0])) return null;
      if (!FACTORY_SOURCE.test(code)) {
        this.error(
          'tfjs-backend-wasm no longer builds its pthread Blob from wasmFactoryThreadedSimd.toString(): ' +
            'review scripts/vite-plugin-wasm-threads.ts for this TF.js version.',
        );
      }
      return {
        code:
          `import threadedSimdGlueSource from '../wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';\n` +
          code.replace(FACTORY_SOURCE, 'threadedSimdGlueSource'),
        map: null,
      };
    },
  };
}
