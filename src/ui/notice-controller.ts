/** A reactive controller that owns the notifier's queue: errors stay, notes fade after a while. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { addNotice, describeError, removeNotice, type Notice } from './notices.ts';

/** Notes disappear on their own after this long; errors stay until dismissed. */
export const INFO_NOTICE_MS = 8_000;

/** The notices `<ms-notifier>` shows, updated on its host. */
export class NoticeController implements ReactiveController {
  #notices: readonly Notice[] = [];
  #nextId = 1;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The notices to show, oldest first. */
  get notices(): readonly Notice[] {
    return this.#notices;
  }

  /** Shows a note that goes away by itself; `text` is called whenever it is shown. */
  info(text: () => string): void {
    const id = this.#add('info', text);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.dismiss(id);
    }, INFO_NOTICE_MS);
    this.#timers.add(timer);
  }

  /** Shows an error, unless it is a cancellation (`AbortError`). */
  report(error: unknown): void {
    if (describeError(error) === undefined) return;
    console.error(error);
    this.#add('error', () => describeError(error) ?? '');
  }

  /** Removes one notice. */
  dismiss(id: number): void {
    this.#notices = removeNotice(this.#notices, id);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #add(kind: Notice['kind'], text: () => string): number {
    const id = this.#nextId++;
    this.#notices = addNotice(this.#notices, { id, kind, text });
    this.host.requestUpdate();
    return id;
  }
}
