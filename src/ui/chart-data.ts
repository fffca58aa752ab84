/**
 * The training curves' data: points accumulated from batched progress updates, and the aligned
 * columns uPlot draws (one x axis shared by the per-batch and per-epoch series).
 */
import type { BatchPoint, EpochPoint, RunRecord, TrainProgress } from '../shared/protocol.ts';

/** Every point of the current run so far. */
export interface ChartPoints {
  readonly batches: readonly BatchPoint[];
  readonly epochs: readonly EpochPoint[];
}

/** No points: the charts of a run that has not started. */
export const EMPTY_CHART: ChartPoints = { batches: [], epochs: [] };

/** Which metric a chart shows. */
export type ChartMetric = 'loss' | 'acc';

/**
 * uPlot's aligned data: x (global batch number), training per batch, validation and test per
 * epoch (test `null` throughout for a run that does not test after each epoch).
 */
export type AlignedMetric = [
  x: number[],
  train: (number | null)[],
  validation: (number | null)[],
  test: (number | null)[],
];

/** Points of `fresh` that come after `seen`'s last step (updates may repeat a point). */
function newerThan<T extends { step: number }>(seen: readonly T[], fresh: readonly T[]): T[] {
  const last = seen.at(-1)?.step ?? -Infinity;
  return fresh.filter((p) => p.step > last);
}

/**
 * Adds an update's `newBatches` and `newEpochs`. Returns a new object when anything was added
 * (so Lit sees the change) and the same object otherwise.
 */
export function appendProgress(
  points: ChartPoints,
  update: Pick<TrainProgress, 'newBatches' | 'newEpochs'>,
): ChartPoints {
  const batches = newerThan(points.batches, update.newBatches);
  const epochs = newerThan(points.epochs, update.newEpochs);
  if (batches.length === 0 && epochs.length === 0) return points;
  return {
    batches: batches.length ? [...points.batches, ...batches] : points.batches,
    epochs: epochs.length ? [...points.epochs, ...epochs] : points.epochs,
  };
}

/**
 * Merges batch and epoch points on the batch axis: an epoch's validation value sits at the step
 * that ended the epoch, and the training column is `null` where only an epoch point exists.
 */
export function alignMetric(points: ChartPoints, metric: ChartMetric): AlignedMetric {
  const { batches, epochs } = points;
  const x: number[] = [];
  const train: (number | null)[] = [];
  const validation: (number | null)[] = [];
  const test: (number | null)[] = [];
  let i = 0;
  let j = 0;
  while (i < batches.length || j < epochs.length) {
    const batch = batches[i];
    const epoch = epochs[j];
    const step = Math.min(batch?.step ?? Infinity, epoch?.step ?? Infinity);
    x.push(step);
    if (batch && batch.step === step) {
      train.push(batch[metric]);
      i++;
    } else {
      train.push(null);
    }
    if (epoch && epoch.step === step) {
      validation.push(metric === 'loss' ? epoch.valLoss : epoch.valAcc);
      test.push((metric === 'loss' ? epoch.testLoss : epoch.testAcc) ?? null);
      j++;
    } else {
      validation.push(null);
      test.push(null);
    }
  }
  return [x, train, validation, test];
}

/** Whether any finished epoch was tested (so the charts draw a test curve). */
export function hasTestCurve(points: ChartPoints): boolean {
  return points.epochs.some((p) => p.testAcc !== undefined);
}

/** The learning rate of each batch, on the same batch axis as the loss (`null` where unknown). */
export function alignLearningRate(points: ChartPoints): [x: number[], rate: (number | null)[]] {
  return [points.batches.map((b) => b.step), points.batches.map((b) => b.lr ?? null)];
}

/** Whether a recorded run has per-epoch curves to compare (runs before recipes have none). */
export function isComparable(run: RunRecord): boolean {
  return (run.history?.length ?? 0) > 0;
}

/**
 * Runs' validation accuracy per epoch on one axis: x is the epoch number (1 to the longest
 * run's last), then one column per run, `null` at epochs it did not finish.
 */
export function alignComparison(
  runs: readonly RunRecord[],
): [x: number[], ...runs: (number | null)[][]] {
  const last = Math.max(0, ...runs.flatMap((r) => (r.history ?? []).map((p) => p.epoch)));
  const x = Array.from({ length: last }, (_, i) => i + 1);
  const columns = runs.map((run) => {
    const byEpoch = new Map((run.history ?? []).map((p) => [p.epoch, p.valAcc]));
    return x.map((epoch) => byEpoch.get(epoch) ?? null);
  });
  return [x, ...columns];
}
