/**
 * Registers the service worker (src/sw/sw.ts) with workbox-window and tells its host when a new
 * version of the app is installed and waiting. It never reloads the page by itself: `apply()` is
 * for the person's Reload, and the new version takes over only then.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Workbox } from 'workbox-window';

/** Where the build puts the service worker: next to index.html, so its scope is the app's. */
const SERVICE_WORKER_URL = `${import.meta.env.BASE_URL}sw.js`;

/** Whether this page registers a service worker: production builds only, never `vite` (dev). */
export function usesServiceWorker(): boolean {
  return import.meta.env.PROD && 'serviceWorker' in navigator;
}

/** Registers the service worker once its host connects, and follows its updates. */
export class UpdateController implements ReactiveController {
  /** Whether a new version is installed and waits for `apply()`. */
  waiting = false;
  /** Whether `apply()` was called and the page waits for the new version to take control. */
  applying = false;

  #workbox: Workbox | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#workbox || !usesServiceWorker()) return;
    const workbox = new Workbox(SERVICE_WORKER_URL);
    // Also fires for a version that was already waiting when the page loaded, and for one
    // another tab of the app installed.
    workbox.addEventListener('waiting', () => {
      this.waiting = true;
      this.host.requestUpdate();
    });
    this.#workbox = workbox;
    // workbox-window waits for the page's `load` event, so precaching never slows the first paint.
    workbox.register().catch((error: unknown) => {
      // The app works without it (online); say why offline use will not.
      console.warn('The service worker could not be registered:', error);
    });
  }

  /**
   * Lets the waiting version take over and reloads the page once it controls it. Call it only
   * when the person asks (and no training runs: the reload would end it).
   */
  async apply(): Promise<void> {
    if (!this.#workbox || !this.waiting || this.applying) return;
    this.applying = true;
    this.host.requestUpdate();
    let reloading = false;
    const reload = () => {
      if (reloading) return;
      reloading = true;
      window.location.reload();
    };
    const next = (await navigator.serviceWorker.getRegistration())?.waiting;
    // Another tab of the app already let the new version in: it is active, so just reload.
    if (!next) {
      reload();
      return;
    }
    // A page the old version controls switches to the new one (`controllerchange`); a page
    // opened before the first version was installed is not controlled: it waits for `activated`.
    navigator.serviceWorker.addEventListener('controllerchange', reload);
    next.addEventListener('statechange', () => {
      if (next.state === 'activated') reload();
    });
    // What workbox-window's messageSkipWaiting() sends; src/sw/sw.ts listens for it.
    next.postMessage({ type: 'SKIP_WAITING' });
  }
}
