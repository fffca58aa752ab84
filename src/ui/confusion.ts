/** The evaluation's confusion matrix and per-digit accuracies, shaped for tables. */
import { NUM_CLASSES } from '../shared/mnist.ts';

/** One cell of the confusion matrix. */
export interface ConfusionCell {
  predicted: number;
  count: number;
  /** Whether this is a right answer (true digit = predicted digit). */
  diagonal: boolean;
  /**
   * Shade from 0 to 1. Right answers: the share of the row. Mistakes: relative to the largest
   * mistake, square-rooted so that a single confusion is still visible.
   */
  shade: number;
}

/** One row of the confusion matrix: the images of one true digit. */
export interface ConfusionRow {
  truth: number;
  total: number;
  cells: ConfusionCell[];
}

/** Splits `confusion[truth * 10 + predicted]` into rows with a shade per cell. */
export function confusionRows(confusion: readonly number[], classes = NUM_CLASSES): ConfusionRow[] {
  let maxMistake = 0;
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < classes; p++) {
      if (t !== p) maxMistake = Math.max(maxMistake, confusion[t * classes + p] ?? 0);
    }
  }
  return Array.from({ length: classes }, (_, truth) => {
    const counts = Array.from(
      { length: classes },
      (_, predicted) => confusion[truth * classes + predicted] ?? 0,
    );
    const total = counts.reduce((sum, c) => sum + c, 0);
    return {
      truth,
      total,
      cells: counts.map((count, predicted) => {
        const diagonal = predicted === truth;
        const shade = diagonal
          ? total > 0
            ? count / total
            : 0
          : maxMistake > 0
            ? Math.sqrt(count / maxMistake)
            : 0;
        return { predicted, count, diagonal, shade };
      }),
    };
  });
}

/** The digit with the lowest accuracy, or `undefined` for no digits. */
export function lowestDigit(perDigit: readonly number[]): number | undefined {
  let lowest: number | undefined;
  perDigit.forEach((accuracy, digit) => {
    if (lowest === undefined || accuracy < (perDigit[lowest] ?? Infinity)) lowest = digit;
  });
  return lowest;
}

/** Images the model got right: the sum of the confusion matrix's diagonal. */
export function rightCount(confusion: readonly number[], classes = NUM_CLASSES): number {
  let right = 0;
  for (let d = 0; d < classes; d++) right += confusion[d * classes + d] ?? 0;
  return right;
}
