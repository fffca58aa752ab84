/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { contentSecurityPolicy } from './scripts/vite-plugin-csp.ts';
import { isolationHeaders } from './src/shared/isolation.ts';
import { mnistAssets } from './scripts/vite-plugin-mnist.ts';
import { installableApp } from './scripts/vite-plugin-pwa-config.ts';
import { simdKernels } from './scripts/vite-plugin-simd-kernels.ts';
import { keepWasmThreadFactory, sizePthreadPool } from './scripts/vite-plugin-wasm-threads.ts';
import { playwright } from '@vitest/browser-playwright';
import { clickAt, drawStrokes } from './test/component/support/commands.ts';
import { CHROMIUM_ARGS } from './test/e2e/support/browser.ts';

/** Port of `npm start` (the production build served by `vite preview`); override with PORT. */
const port = Number(process.env.PORT) || 4173;

export default defineConfig({
  plugins: [simdKernels(), mnistAssets(), installableApp(), contentSecurityPolicy()],
  build: {
    target: 'es2022',
    sourcemap: true,
    // TF.js' WASM binaries are loaded by URL from our own origin; never inline them.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
    chunkSizeWarningLimit: 2_000,
  },
  // TF.js' threaded WASM build needs its pthread factory unminified: see the plugin.
  worker: { format: 'es', plugins: () => [keepWasmThreadFactory(), sizePthreadPool()] },
  // Cross-origin isolated, so that TF.js' threaded WASM build trains on every core.
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  preview: { host: '127.0.0.1', port, strictPort: true, headers: isolationHeaders },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Elements alone in a real Chromium page (vitest browser mode): none of the app's build
        // plugins (CSP, PWA, MNIST assets) and no COOP/COEP, which the test page does not need.
        // Found before the first test, so Vite never reloads the page to add one mid-run.
        optimizeDeps: {
          include: [
            'lit',
            'lit/decorators.js',
            'lit/directives/*',
            '@lit/localize',
            '@lit/context',
            'uplot',
            '@lit/task',
          ],
        },
        test: {
          name: 'component',
          include: ['test/component/**/*.test.ts'],
          setupFiles: ['test/component/support/setup.ts'],
          testTimeout: 30_000,
          // One page at a time: the machine has two cores and other browsers may be running.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                // Debian's Chromium, never a downloaded one (CHROMIUM_PATH overrides it).
                executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                // Chromium's fake camera, granted without a prompt, for <ms-camera>.
                args: [
                  ...CHROMIUM_ARGS,
                  '--use-fake-device-for-media-stream=device-count=2',
                  '--use-fake-ui-for-media-stream',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
            commands: { clickAt, drawStrokes },
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores and training needs one.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'engines',
          include: ['test/engines/**/*.test.ts'],
          environment: 'node',
          // The same build and server as the Chromium tests.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 1_200_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
