/**
 * User Timing marks the page sets at the turns of a training run, so that a profile (DevTools'
 * Performance panel) or a browser test can tell the training from the testing that follows, and
 * around the view inside the model, so the bench can time its opening.
 */
export const TIMING_MARKS = {
  /** The person asked for a run (or to resume one). */
  trainStart: 'mnist-studio:train-start',
  /** Training and validation are over; testing on the 10,000 test images begins. */
  testStart: 'mnist-studio:test-start',
  /** The person asked to look inside the model. */
  insideAsked: 'mnist-studio:inside-asked',
  /**
   * The frame after the view inside the model was drawn (every layer, filters, saliency): issue
   * 15 asks for at most 150 ms after `insideAsked`.
   */
  insideShown: 'mnist-studio:inside-shown',
} as const;

/** Sets mark `name` on the page's Performance timeline now. */
export function markTiming(name: (typeof TIMING_MARKS)[keyof typeof TIMING_MARKS]): void {
  performance.mark(name);
}
