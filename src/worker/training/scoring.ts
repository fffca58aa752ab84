/** Loss, accuracy and confusion counts from predicted probabilities, computed in JS. */
import { NUM_CLASSES } from '../../shared/mnist.ts';

/** Keras' epsilon: probabilities are clipped to [ε, 1 − ε] before the log. */
const EPSILON = 1e-7;

/** Running totals over batches of predictions. */
export class Scorer {
  lossSum = 0;
  correct = 0;
  count = 0;
  /** `confusion[truth * 10 + predicted]`. */
  readonly confusion = new Uint32Array(NUM_CLASSES * NUM_CLASSES);

  /**
   * Adds one batch: `probs` is `[n, 10]` row-major, `labels` the true digits. Calls `onEach`
   * with each example's position in the batch and its predicted digit.
   */
  add(
    probs: Float32Array,
    labels: ArrayLike<number>,
    onEach?: (i: number, predicted: number) => void,
  ): void {
    const n = labels.length;
    for (let i = 0; i < n; i++) {
      const row = i * NUM_CLASSES;
      let best = 0;
      let sum = 0;
      for (let c = 0; c < NUM_CLASSES; c++) {
        const p = probs[row + c];
        sum += p;
        if (p > probs[row + best]) best = c;
      }
      const truth = labels[i];
      const p = Math.min(Math.max(probs[row + truth] / sum, EPSILON), 1 - EPSILON);
      this.lossSum -= Math.log(p);
      if (best === truth) this.correct++;
      this.confusion[truth * NUM_CLASSES + best]++;
      this.count++;
      onEach?.(i, best);
    }
  }

  /** Mean categorical cross-entropy. */
  get loss(): number {
    return this.count ? this.lossSum / this.count : NaN;
  }

  /** Fraction classified correctly. */
  get accuracy(): number {
    return this.count ? this.correct / this.count : NaN;
  }

  /** Accuracy of each true digit 0–9 (NaN for a digit with no examples). */
  perDigitAccuracy(): number[] {
    const result: number[] = [];
    for (let t = 0; t < NUM_CLASSES; t++) {
      let total = 0;
      for (let p = 0; p < NUM_CLASSES; p++) total += this.confusion[t * NUM_CLASSES + p];
      result.push(total ? this.confusion[t * NUM_CLASSES + t] / total : NaN);
    }
    return result;
  }
}
