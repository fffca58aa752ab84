/**
 * Saying when the model is unsure (issue 14): when its top two probabilities are close, the
 * answer names both ("7 or 1?") instead of a confident wrong digit.
 *
 * The margin: the top two within 0.3 of each other (e.g. 62% and 33%). The starter model gives
 * its top digit ≥ 0.9 on nearly all clean digits, so 0.3 leaves them alone and catches the real
 * two-way readings (a 1 with a long flag, a 4 that could be a 9), where the first choice is
 * right little more often than the second.
 */

/** The top two probabilities closer than this make the answer "a or b?". */
export const UNSURE_MARGIN = 0.3;

/**
 * The runner-up digit when it is within `UNSURE_MARGIN` of the most likely one, else undefined.
 * `probabilities` holds the ten classes' probabilities.
 */
export function alternativeOf(probabilities: readonly number[]): number | undefined {
  let first = -1;
  let second = -1;
  probabilities.forEach((p, digit) => {
    if (first < 0 || p > probabilities[first]) {
      second = first;
      first = digit;
    } else if (second < 0 || p > probabilities[second]) {
      second = digit;
    }
  });
  if (second < 0) return undefined;
  return probabilities[first] - probabilities[second] < UNSURE_MARGIN ? second : undefined;
}
