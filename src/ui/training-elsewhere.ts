/**
 * Knows whether a training run holds the browser-wide training lock, in this tab or another:
 * it asks Web Locks on start and whenever a worker announces a run starting or ending.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { APP_CHANNEL, TRAINING_LOCK, type TrainingAnnouncement } from '../shared/coordination.ts';

/** How often to look again while a run holds the lock. */
const POLL_MS = 1_000;

/** A reactive controller: `running` is true while some worker of this origin trains. */
export class TrainingLockController implements ReactiveController {
  /** Whether a run holds the training lock anywhere in this browser. */
  running = false;
  #channel: BroadcastChannel | undefined;
  #poll: ReturnType<typeof setTimeout> | undefined;

  /** `onEnded` runs when a run ends anywhere (to refresh the run history and the checkpoint). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onEnded: () => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(APP_CHANNEL);
      this.#channel.onmessage = (event: MessageEvent<TrainingAnnouncement>) => {
        if (event.data?.type !== 'training') return;
        this.#set(event.data.running);
        if (!event.data.running) this.onEnded();
      };
    }
    document.addEventListener('visibilitychange', this.#check);
    void this.#check();
  }

  hostDisconnected(): void {
    clearTimeout(this.#poll);
    this.#channel?.close();
    document.removeEventListener('visibilitychange', this.#check);
  }

  /** Asks Web Locks whether the training lock is held (it is the truth; messages only hint). */
  #check = async (): Promise<void> => {
    const locks = globalThis.navigator?.locks;
    if (!locks) return;
    const { held = [] } = await locks.query();
    this.#set(held.some((lock) => lock.name === TRAINING_LOCK));
  };

  #set(running: boolean): void {
    // While a run holds the lock, keep asking: a worker that dies (a reloaded or closed tab)
    // frees the lock without announcing anything.
    clearTimeout(this.#poll);
    if (running) this.#poll = setTimeout(() => void this.#check(), POLL_MS);
    if (running === this.running) return;
    this.running = running;
    this.host.requestUpdate();
  }
}
