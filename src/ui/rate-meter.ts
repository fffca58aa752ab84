/** Events per second over a sliding window, e.g. camera readings. */
export class RateMeter {
  #times: number[] = [];

  /** `windowMs`: how far back to count. */
  constructor(private readonly windowMs = 1_000) {}

  /** Notes one event at `now` (ms). */
  add(now: number): void {
    this.#times.push(now);
    this.#drop(now);
  }

  /** Events per second in the window ending at `now`. */
  rate(now: number): number {
    this.#drop(now);
    return (this.#times.length * 1_000) / this.windowMs;
  }

  /** Forgets everything (e.g. when the camera stops). */
  reset(): void {
    this.#times = [];
  }

  #drop(now: number): void {
    while (this.#times.length && this.#times[0] <= now - this.windowMs) this.#times.shift();
  }
}

/** The square region (in video pixels) inside the guide: 60% of the shorter side, centred. */
export function guideSquare(width: number, height: number, fraction = 0.6) {
  const side = Math.round(Math.min(width, height) * fraction);
  return { x: Math.round((width - side) / 2), y: Math.round((height - side) / 2), side };
}
