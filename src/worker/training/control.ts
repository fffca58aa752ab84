/** Pause, resume and stop for a running loop, checked at batch boundaries. */

/** Lets queued messages (Comlink calls such as `pause` or `stop`) run between batches. */
export function yieldToEventLoop(): Promise<void> {
  // WASM kernels resolve `data()` without ever leaving the microtask queue, so without a
  // macrotask turn the worker would never see a Stop. MessageChannel avoids setTimeout's 4 ms
  // clamp for nested timers; Node (unit tests) has setImmediate.
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The intents a person can send to a running loop, and the time it spent paused. */
export class TrainingControl {
  #stopRequested = false;
  #paused = false;
  #pausedSince = 0;
  #pausedTotal = 0;
  #wake: (() => void) | undefined;
  #onPauseChange: ((paused: boolean) => void) | undefined;

  /** `now` is injectable so tests can count paused time without waiting. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether a Stop was requested. */
  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  /** Whether the loop is (or will be, at the next boundary) paused. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Milliseconds spent paused so far. */
  get pausedMs(): number {
    return this.#pausedTotal + (this.#paused ? this.now() - this.#pausedSince : 0);
  }

  /** Called with the new state whenever the loop actually pauses or resumes. */
  onPauseChange(listener: (paused: boolean) => void): void {
    this.#onPauseChange = listener;
  }

  /** Requests a pause at the next batch boundary. */
  pause(): void {
    if (this.#paused || this.#stopRequested) return;
    this.#paused = true;
    this.#pausedSince = this.now();
  }

  /** Resumes a paused loop. */
  resume(): void {
    if (!this.#paused) return;
    this.#pausedTotal += this.now() - this.#pausedSince;
    this.#paused = false;
    this.#wake?.();
  }

  /** Requests a stop at the next batch boundary (also ends a pause). */
  stop(): void {
    this.#stopRequested = true;
    this.resume();
  }

  /**
   * Called between batches: yields to the event loop, waits while paused, and answers whether
   * the loop should go on.
   */
  async checkpoint(): Promise<'continue' | 'stop'> {
    await yieldToEventLoop();
    if (this.#paused) {
      this.#onPauseChange?.(true);
      while (this.#paused) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
      }
      this.#wake = undefined;
      if (!this.#stopRequested) this.#onPauseChange?.(false);
    }
    return this.#stopRequested ? 'stop' : 'continue';
  }
}
