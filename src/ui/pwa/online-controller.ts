/** Whether the browser says it is online (`navigator.onLine`), kept up to date on its host. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Follows the `online` and `offline` events. `navigator.onLine` false means surely offline;
 * true only means a network is connected, not that a request will succeed.
 */
export class OnlineController implements ReactiveController {
  /** The browser's latest answer. */
  online = navigator.onLine;

  readonly #handleChange = () => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#handleChange);
    window.addEventListener('offline', this.#handleChange);
    this.#handleChange();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#handleChange);
    window.removeEventListener('offline', this.#handleChange);
  }
}
