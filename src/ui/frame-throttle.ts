/**
 * Runs a redraw at most once per `interval` and always inside an animation frame, however often
 * it is requested: progress arrives a few times a second and must not cost more than that.
 */

/** The clocks a throttle uses; injectable so tests can drive them. */
export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  requestFrame(run: () => void): unknown;
  cancelFrame(handle: unknown): void;
}

const browserClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  requestFrame: (run) => requestAnimationFrame(run),
  cancelFrame: (handle) => cancelAnimationFrame(handle as number),
};

/** Coalesces `request()` calls into at most one `run` per `interval` milliseconds. */
export class FrameThrottle {
  #last = -Infinity;
  #timer: unknown;
  #frame: unknown;
  #pending = false;

  constructor(
    private readonly run: () => void,
    private readonly interval = 250,
    private readonly clock: ThrottleClock = browserClock,
  ) {}

  /** Asks for a run; many requests before it happens make one run. */
  request(): void {
    if (this.#pending) return;
    this.#pending = true;
    const wait = Math.max(0, this.#last + this.interval - this.clock.now());
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      this.#frame = this.clock.requestFrame(() => {
        this.#frame = undefined;
        this.#pending = false;
        this.#last = this.clock.now();
        this.run();
      });
    }, wait);
  }

  /** Drops a pending run (when the element goes away). */
  cancel(): void {
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    if (this.#frame !== undefined) this.clock.cancelFrame(this.#frame);
    this.#timer = this.#frame = undefined;
    this.#pending = false;
  }
}
