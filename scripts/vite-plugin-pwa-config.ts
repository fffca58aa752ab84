/**
 * MNIST Studio as an installable, offline app: vite-plugin-pwa builds our own service worker
 * (src/sw/sw.ts, `injectManifest`) with the list of files to precache, and writes the web app
 * manifest and its `<link>` into index.html. The page registers the worker itself
 * (src/ui/pwa/update-controller.ts), in production builds only; `vite` (dev) has none.
 */
import type { PluginOption } from 'vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';

/**
 * The web app manifest. URLs are relative to the manifest, so a build for a sub-path
 * (`vite build --base=/studio/`) is a separate app with its own start URL and scope; its `id`
 * is set to the base path at build time (see `installableApp`). Colours are the light theme's
 * `--ms-accent` and `--ms-bg` (src/ui/styles/tokens.css).
 */
export const APP_MANIFEST: Partial<ManifestOptions> = {
  name: 'MNIST Studio',
  short_name: 'MNIST Studio',
  description:
    'Train the MNIST convnet of Deep Learning with JavaScript §4.2 on your own device, in the browser, offline, and watch it learn.',
  lang: 'en',
  dir: 'ltr',
  start_url: './',
  scope: './',
  display: 'standalone',
  theme_color: '#4f46e5',
  background_color: '#f4f5f9',
  categories: ['education', 'productivity'],
  // Made from public/favicon.svg (any) and public/icon.svg (maskable: full bleed, the glyph
  // within the central 80% safe zone) by scripts/make-icons.ts.
  icons: [
    { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    {
      src: 'icons/icon-maskable-512.png',
      sizes: '512x512',
      type: 'image/png',
      purpose: 'maskable',
    },
  ],
  // Taken by scripts/make-screenshots.ts from the production build after a short training run.
  screenshots: [
    {
      src: 'screenshots/wide.png',
      sizes: '1280x800',
      type: 'image/png',
      form_factor: 'wide',
      label: 'Training curves, test accuracy and the model beside the data and training controls',
    },
    {
      src: 'screenshots/narrow.png',
      sizes: '390x844',
      type: 'image/png',
      form_factor: 'narrow',
      label: 'Training a model on a phone, with live loss and accuracy curves',
    },
  ],
};

/**
 * Files copied from public/ that the service worker precaches besides the manifest's icons:
 * the shell's icons, and the starter model (~230 KB) so digits can be read offline at once.
 */
const PUBLIC_SHELL = [
  'favicon.svg',
  'icon.svg',
  'icons/apple-touch-icon.png',
  'models/starter/model.json',
  'models/starter/weights.bin',
  'models/starter/starter.json',
];

/** The worker chunk is ~1.7 MB; the limit leaves room to grow while catching a runaway bundle. */
const MAX_PRECACHED_FILE_BYTES = 4 * 1024 * 1024;

/** The vite-plugin-pwa plugins, configured for MNIST Studio. */
export function installableApp(): PluginOption {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/sw',
    filename: 'sw.ts',
    // src/ui/pwa/update-controller.ts registers the worker with workbox-window.
    injectRegister: false,
    manifest: APP_MANIFEST,
    integration: {
      // Browsers resolve `id` against the start URL's origin, not the manifest: a relative id
      // would make every deploy on one origin the same app. The base path ('/', '/studio/')
      // names this deploy.
      configureOptions(config, options) {
        if (options.manifest) options.manifest = { id: config.base, ...options.manifest };
      },
    },
    includeAssets: PUBLIC_SHELL,
    injectManifest: {
      // A classic script: module service workers are not in every browser we support.
      rollupFormat: 'iife',
      // The app shell (index.html, the page's and the worker's chunks, CSS) and TF.js' .wasm
      // binaries. Not data/mnist/* (11 MB that IndexedDB keeps after the one download), not
      // screenshots/ (only install dialogs show them) and not source maps.
      globPatterns: ['**/*.{html,js,css,wasm}'],
      globIgnores: ['data/**', 'screenshots/**', 'sw.js'],
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
    },
    devOptions: { enabled: false },
  });
}
