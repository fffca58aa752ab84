import { describe, expect, it } from 'vitest';
import { alignMetric, appendProgress, EMPTY_CHART } from '../../src/ui/chart-data.ts';
import type { BatchPoint, EpochPoint } from '../../src/shared/protocol.ts';

const batch = (step: number): BatchPoint => ({ step, loss: 1 / step, acc: step / 10 });
const epoch = (n: number, step: number): EpochPoint => ({
  epoch: n,
  step,
  loss: 0.5,
  acc: 0.8,
  valLoss: 0.4 / n,
  valAcc: 0.9,
});

describe('appendProgress', () => {
  it('accumulates the points of successive updates', () => {
    let points = appendProgress(EMPTY_CHART, { newBatches: [batch(1), batch(2)], newEpochs: [] });
    points = appendProgress(points, { newBatches: [batch(3)], newEpochs: [epoch(1, 3)] });
    expect(points.batches.map((b) => b.step)).toEqual([1, 2, 3]);
    expect(points.epochs.map((e) => e.epoch)).toEqual([1]);
  });

  it('skips points it has already seen and keeps the same object when nothing is new', () => {
    const points = appendProgress(EMPTY_CHART, { newBatches: [batch(1), batch(2)], newEpochs: [] });
    const again = appendProgress(points, { newBatches: [batch(2)], newEpochs: [] });
    expect(again).toBe(points);
    const more = appendProgress(points, { newBatches: [batch(2), batch(3)], newEpochs: [] });
    expect(more).not.toBe(points);
    expect(more.batches.map((b) => b.step)).toEqual([1, 2, 3]);
  });

  it('never changes the points it was given (a new run starts from EMPTY_CHART)', () => {
    appendProgress(EMPTY_CHART, { newBatches: [batch(1)], newEpochs: [epoch(1, 1)] });
    expect(EMPTY_CHART.batches).toHaveLength(0);
    expect(EMPTY_CHART.epochs).toHaveLength(0);
  });
});

describe('alignMetric', () => {
  it('puts each epoch’s validation value at the batch that ended the epoch', () => {
    const points = {
      batches: [batch(1), batch(2), batch(3), batch(4)],
      epochs: [epoch(1, 2), epoch(2, 4)],
    };
    const [x, train, validation] = alignMetric(points, 'loss');
    expect(x).toEqual([1, 2, 3, 4]);
    expect(train).toEqual([1, 0.5, 1 / 3, 0.25]);
    expect(validation).toEqual([null, 0.4, null, 0.2]);
    expect(alignMetric(points, 'acc')[2]).toEqual([null, 0.9, null, 0.9]);
  });

  it('keeps an epoch point whose batch has not arrived yet', () => {
    const [x, train, validation] = alignMetric(
      { batches: [batch(1)], epochs: [epoch(1, 2)] },
      'acc',
    );
    expect(x).toEqual([1, 2]);
    expect(train).toEqual([0.1, null]);
    expect(validation).toEqual([null, 0.9]);
  });

  it('gives empty columns for no points', () => {
    expect(alignMetric(EMPTY_CHART, 'loss')).toEqual([[], [], []]);
  });
});
