/**
 * The training curves' data: points accumulated from batched progress updates, and the aligned
 * columns uPlot draws (one x axis shared by the per-batch and per-epoch series).
 */
import type { BatchPoint, EpochPoint, TrainProgress } from '../shared/protocol.ts';

/** Every point of the current run so far. */
export interface ChartPoints {
  readonly batches: readonly BatchPoint[];
  readonly epochs: readonly EpochPoint[];
}

/** No points: the charts of a run that has not started. */
export const EMPTY_CHART: ChartPoints = { batches: [], epochs: [] };

/** Which metric a chart shows. */
export type ChartMetric = 'loss' | 'acc';

/** uPlot's aligned data: x (global batch number), training per batch, validation per epoch. */
export type AlignedMetric = [x: number[], train: (number | null)[], validation: (number | null)[]];

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
      j++;
    } else {
      validation.push(null);
    }
  }
  return [x, train, validation];
}
