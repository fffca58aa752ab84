import { describe, expect, it } from 'vitest';
import {
  alignComparison,
  alignLearningRate,
  alignMetric,
  appendProgress,
  EMPTY_CHART,
  hasTestCurve,
  isComparable,
} from '../../src/ui/chart-data.ts';
import type { BatchPoint, EpochPoint, RunRecord } from '../../src/shared/protocol.ts';

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
    expect(alignMetric(EMPTY_CHART, 'loss')).toEqual([[], [], [], []]);
  });
});

describe('test, learning-rate and comparison columns', () => {
  it('puts each tested epoch’s test value beside its validation value', () => {
    const tested = { ...epoch(1, 2), testLoss: 0.3, testAcc: 0.95 };
    const points = { batches: [batch(1), batch(2)], epochs: [tested] };
    expect(alignMetric(points, 'acc')[3]).toEqual([null, 0.95]);
    expect(alignMetric(points, 'loss')[3]).toEqual([null, 0.3]);
    expect(hasTestCurve(points)).toBe(true);
    const untested = { batches: [batch(1), batch(2)], epochs: [epoch(1, 2)] };
    expect(alignMetric(untested, 'acc')[3]).toEqual([null, null]);
    expect(hasTestCurve(untested)).toBe(false);
  });

  it('gives the learning rate of each batch, null for batches recorded without one', () => {
    const points = {
      batches: [{ ...batch(1), lr: 0.0002 }, { ...batch(2), lr: 0.002 }, batch(3)],
      epochs: [],
    };
    expect(alignLearningRate(points)).toEqual([
      [1, 2, 3],
      [0.0002, 0.002, null],
    ]);
  });

  it('lines runs up by epoch, null where a run has no such epoch', () => {
    const run = (valAccs: number[]): RunRecord => ({
      model: 'conv',
      backend: 'wasm',
      epochs: valAccs.length,
      epochsCompleted: valAccs.length,
      batchSize: 32,
      trainExamples: 1000,
      durationMs: 1,
      examplesPerSecond: 1,
      testAccuracy: 0.9,
      testLoss: 0.3,
      stopped: false,
      finishedAt: 0,
      history: valAccs.map((valAcc, i) => ({ ...epoch(i + 1, i + 1), valAcc })),
    });
    const short = run([0.97, 0.99]);
    const long = run([0.9, 0.95, 0.98]);
    expect(alignComparison([short, long])).toEqual([
      [1, 2, 3],
      [0.97, 0.99, null],
      [0.9, 0.95, 0.98],
    ]);
    expect(isComparable(short)).toBe(true);
    expect(isComparable({ ...short, history: undefined })).toBe(false);
    expect(isComparable({ ...short, history: [] })).toBe(false);
  });
});
