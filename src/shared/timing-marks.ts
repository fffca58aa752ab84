/**
 * User Timing marks the page sets at the turns of a training run, so that a profile (DevTools'
 * Performance panel) or a browser test can tell the training from the testing that follows.
 */
export const TIMING_MARKS = {
  /** The person asked for a run (or to resume one). */
  trainStart: 'mnist-studio:train-start',
  /** Training and validation are over; testing on the 10,000 test images begins. */
  testStart: 'mnist-studio:test-start',
  /**
   * A measure, not a mark: from the worker's "Inside the model" answer to the frame after the
   * view has drawn it (issue 15 asks for at most 150 ms).
   */
  insideDrawn: 'mnist-studio:inside-drawn',
} as const;

/** Sets mark `name` on the page's Performance timeline now. */
export function markTiming(name: (typeof TIMING_MARKS)[keyof typeof TIMING_MARKS]): void {
  performance.mark(name);
}
