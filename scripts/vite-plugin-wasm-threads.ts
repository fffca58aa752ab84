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

const GLUE_FILE =
  /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
/** The glue's pool: eight Workers made in one synchronous loop as the module starts. */
const POOL_SIZE = /var pthreadPoolSize=8;/;
/**
 * As many as the threads TF.js will use: its C++ starts XNNPACK's pool with half the logical
 * cores, the count `startWasmBackend` sets for the start (twice the threads it wants).
 */
const POOL_SIZE_NEEDED =
  'var pthreadPoolSize=Math.max(1,Math.min(8,Math.floor((navigator.hardwareConcurrency||2)/2)));';

/**
 * Makes TF.js' threaded WASM build create only the pthread Workers it uses (issue 18).
 *
 * The Emscripten glue creates a pool of eight Workers, one after another in a synchronous loop,
 * before it starts. In Firefox (ESR 153 here), creating that many nested Workers from our
 * worker in one go sometimes never returns: start-up phases posted from the worker showed the
 * 7th `new Worker()` not returning, and the worker's thread blocked for good (5 of 12 and 1 of
 * 8 fresh-profile starts). Training on a 2-core device uses two threads, so six of the eight
 * were never used anyway. With the pool sized to the threads, 16 of 16 starts were threaded and
 * ready in under 2 s. Build only, like the plugin above; `vite` (dev) serves the
 * pre-bundled package as it is.
 */
export function sizePthreadPool(): Plugin {
  return {
    name: 'mnist-studio:pthread-pool-size',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      const [path, query] = id.split('?');
      if (!GLUE_FILE.test(path) || query === 'raw') return null;
      if (!POOL_SIZE.test(code)) {
        this.error(
          'tfjs-backend-wasm threaded glue no longer sets pthreadPoolSize=8: ' +
            'review scripts/vite-plugin-wasm-threads.ts for this TF.js version.',
        );
      }
      return { code: code.replace(POOL_SIZE, POOL_SIZE_NEEDED), map: null };
    },
  };
}
