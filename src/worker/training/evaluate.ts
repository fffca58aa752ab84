/** Test-set evaluation: accuracy, loss, confusion matrix and the figure 4.10 examples. */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { IMAGE_PIXELS, TEST_COUNT } from '../../shared/mnist.ts';
import type { Evaluation, ExampleSet, StepProgress } from '../../shared/protocol.ts';
import { range, type MnistData } from '../data/mnist-data.ts';
import { predictInBatches } from './predict.ts';
import { Scorer } from './scoring.ts';

/** Images shown in the grid, and mistakes kept for the "mistakes only" view. */
export const EXAMPLES_SHOWN = 100;

/** Collects up to `limit` test images with their labels and predictions. */
class ExampleCollector {
  readonly labels: number[] = [];
  readonly predictions: number[] = [];
  readonly indices: number[] = [];
  readonly pixels: Uint8Array;

  constructor(
    private readonly source: Uint8Array,
    private readonly limit: number,
  ) {
    this.pixels = new Uint8Array(limit * IMAGE_PIXELS);
  }

  get full(): boolean {
    return this.indices.length >= this.limit;
  }

  add(index: number, label: number, predicted: number): void {
    if (this.full) return;
    const start = index * IMAGE_PIXELS;
    this.pixels.set(
      this.source.subarray(start, start + IMAGE_PIXELS),
      this.indices.length * IMAGE_PIXELS,
    );
    this.indices.push(index);
    this.labels.push(label);
    this.predictions.push(predicted);
  }

  toExampleSet(): ExampleSet {
    return {
      pixels: this.pixels.slice(0, this.indices.length * IMAGE_PIXELS),
      labels: this.labels,
      predictions: this.predictions,
      indices: this.indices,
    };
  }
}

/**
 * Evaluates `model` on the first `count` test images (all 10,000 by default); `signal` cancels
 * it between batches (`AbortError`).
 */
export async function evaluateModel(
  model: LayersModel,
  data: MnistData,
  onProgress?: (p: StepProgress) => void,
  count = TEST_COUNT,
  signal?: AbortSignal,
): Promise<Evaluation> {
  const indices = range(0, count);
  const scorer = new Scorer();
  const examples = new ExampleCollector(data.testImages, EXAMPLES_SHOWN);
  const mistakes = new ExampleCollector(data.testImages, EXAMPLES_SHOWN);
  await predictInBatches(
    model,
    data.testImages,
    indices,
    (probs, offset, n) => {
      const labels = data.testLabels.subarray(offset, offset + n);
      scorer.add(probs, labels, (i, predicted) => {
        const index = offset + i;
        examples.add(index, labels[i], predicted);
        if (predicted !== labels[i]) mistakes.add(index, labels[i], predicted);
      });
      onProgress?.({ done: offset + n, total: count });
    },
    undefined,
    signal,
  );
  return {
    count: scorer.count,
    accuracy: scorer.accuracy,
    loss: scorer.loss,
    confusion: Array.from(scorer.confusion),
    perDigit: scorer.perDigitAccuracy(),
    examples: examples.toExampleSet(),
    mistakes: mistakes.toExampleSet(),
  };
}
