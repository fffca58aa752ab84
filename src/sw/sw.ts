/// <reference lib="webworker" />
/**
 * MNIST Studio's service worker, built from this file by vite-plugin-pwa (`injectManifest`,
 * configured in scripts/vite-plugin-pwa-config.ts), which writes the list of files to precache
 * into `self.__WB_MANIFEST`: the app shell, the training worker's chunk and TF.js' three `.wasm`
 * binaries. Not MNIST: the app downloads it once into IndexedDB.
 *
 * - Install: precaches that list (Workbox checks each file's revision or hashed name).
 * - Activate: deletes what the previous version precached and caches of older Workbox formats.
 *   It does not claim pages already open (no `clients.claim()`): the page that installed the
 *   first version keeps loading from the network, as it started, and is served from the cache
 *   from its next load on.
 * - Fetch: precached files come from the cache; any navigation gets the precached index.html,
 *   so an offline reload shows the whole app. Everything else goes to the network untouched.
 *   What it serves carries the COOP/COEP headers (src/shared/isolation.ts), so that the app is
 *   cross-origin isolated, and TF.js' WASM trains on every core, even on a static host that
 *   sends no headers (from the second visit on: the first is served before this worker runs).
 * - Updates: a new version installs and then waits while a page uses the old one. It takes
 *   over only when a page sends `{type: 'SKIP_WAITING'}`, which the page does when the person
 *   presses Reload (src/ui/pwa/update-controller.ts), never by itself and never during a
 *   training run. (With no page using the old version, browsers activate the new one at once.)
 */
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, Router } from 'workbox-routing';
import { isolationHeaders } from '../shared/isolation.ts';

declare const self: ServiceWorkerGlobalScope;

/** The message a page sends to let a waiting version take over (workbox-window's format). */
const SKIP_WAITING = 'SKIP_WAITING';

/**
 * Navigations to a path whose last segment has a file extension (`/data/mnist/x.gz`,
 * `/manifest.webmanifest`) are requests for that file, not for the app.
 */
const FILE_PATH = /\/[^/?]+\.[^/?]+$/;

const precache = new PrecacheController();
precache.precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const router = new Router();
router.registerRoute(new PrecacheRoute(precache));
router.registerRoute(
  new NavigationRoute(precache.createHandlerBoundToURL('index.html'), { denylist: [FILE_PATH] }),
);

/** `response` with the cross-origin isolation headers added (opaque responses cannot be). */
function isolated(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value);
  const { status, statusText } = response;
  return new Response(response.body, { status, statusText, headers });
}

// The one fetch listener: every response this worker serves is returned here.
self.addEventListener('fetch', (event) => {
  const response = router.handleRequest({ event, request: event.request });
  if (response) event.respondWith(response.then(isolated));
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
