/**
 * The worker's state and its one subscription (PROXX's state service is the model): services
 * change it with `update`, subscribers get whole snapshots. Changes a person must see at once
 * (a job starts or ends, the model changes) go out immediately; progress is coalesced to at
 * most one snapshot per `PROGRESS_INTERVAL_MS`.
 */
import { INITIAL_WORKER_STATE, type WorkerState } from '../shared/worker-state.ts';

/** Progress snapshots are sent at most this often (a few per second is what a person sees). */
export const PROGRESS_INTERVAL_MS = 200;

/** Receives snapshots. */
export type StateListener = (state: WorkerState) => unknown;

/** Holds the state and tells subscribers. `now`/timers are injectable for tests. */
export class StateStore {
  #state: WorkerState = { ...INITIAL_WORKER_STATE };
  #listeners = new Set<StateListener>();
  #lastSent = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The current state (read-only: change it with `update`). */
  get state(): Readonly<WorkerState> {
    return this.#state;
  }

  /**
   * Applies `patch`. `progress: true` marks a change that may wait for the next throttled
   * snapshot; anything else is sent at once (with any progress still pending).
   */
  update(patch: Partial<Omit<WorkerState, 'seq'>>, { progress = false } = {}): void {
    this.#state = { ...this.#state, ...patch, seq: this.#state.seq + 1 };
    if (!progress) {
      this.#flush();
      return;
    }
    if (this.#timer !== undefined) return;
    const wait = this.#lastSent + PROGRESS_INTERVAL_MS - this.now();
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  /** Calls `listener` with the state now and with every later snapshot; returns unsubscribe. */
  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastSent = this.now();
    const snapshot = this.#state;
    for (const listener of this.#listeners) {
      // A proxied listener answers with a promise; one that fails (its page went away) is
      // dropped and must not stop the others.
      const drop = (error: unknown) => {
        console.warn('A state subscriber failed; it is dropped.', error);
        this.#listeners.delete(listener);
      };
      try {
        void Promise.resolve(listener(snapshot)).catch(drop);
      } catch (error) {
        drop(error);
      }
    }
  }
}
