/**
 * The browser's offer to install the app: Chromium-based browsers fire `beforeinstallprompt`
 * when the app is installable; we keep the event (instead of the browser's own mini-infobar)
 * so an Install button can show the prompt when the person asks.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Chromium's `beforeinstallprompt` event (not in TypeScript's DOM library). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

declare global {
  interface WindowEventMap {
    beforeinstallprompt: BeforeInstallPromptEvent;
  }
}

/** The kept offer, if the browser made one; a prompt can be shown once. */
let offer: BeforeInstallPromptEvent | undefined;
const hosts = new Set<ReactiveControllerHost>();
const notify = () => hosts.forEach((host) => host.requestUpdate());

// Listening from the moment this module loads, not when an element connects: the browser may
// make its offer before the page has rendered.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  offer = event;
  notify();
});
window.addEventListener('appinstalled', () => {
  offer = undefined;
  notify();
});

/** Tells its host whether the browser offers installation, and shows the browser's prompt. */
export class InstallController implements ReactiveController {
  /** Matches while the app runs installed, in its own window. */
  readonly #standalone = window.matchMedia('(display-mode: standalone)');
  readonly #handleChange = () => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Whether the browser offers to install the app (and it does not run installed already). */
  get canInstall(): boolean {
    return offer !== undefined && !this.#standalone.matches;
  }

  hostConnected(): void {
    hosts.add(this.host);
    this.#standalone.addEventListener('change', this.#handleChange);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    this.#standalone.removeEventListener('change', this.#handleChange);
  }

  /** Shows the browser's install prompt; resolves with whether the person accepted. */
  async install(): Promise<boolean> {
    const event = offer;
    if (!event) return false;
    // The event can prompt once; the browser makes a new offer later if the person declines.
    offer = undefined;
    notify();
    await event.prompt();
    return (await event.userChoice).outcome === 'accepted';
  }
}
