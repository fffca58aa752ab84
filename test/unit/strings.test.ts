import { describe, expect, it } from 'vitest';
import { MODEL_FACTS, MODEL_NAMES } from '../../src/shared/models.ts';
import type { RunRecord } from '../../src/shared/protocol.ts';
import { newestFirst } from '../../src/ui/runs.ts';
import { strings as s } from '../../src/ui/strings.ts';

describe('English catalogue', () => {
  it('writes the results exactly as the tests and the book do', () => {
    expect(s.testAccuracy(0.98874)).toBe('Test accuracy: 98.87%');
    expect(s.testLoss(0.034512)).toBe('Test loss: 0.0345');
    expect(s.validationAccuracy(0.9712)).toBe('Validation accuracy: 97.12%');
    expect(s.epochLine(2, 10)).toBe('Epoch 2 of 10');
    expect(s.batchLine(37, 160)).toBe('Batch 37 of 160');
    expect(s.dataStored(54_950_048)).toBe('Stored in this browser · 54.9 MB');
  });

  it('names every model in its option with its parameter count', () => {
    for (const model of MODEL_NAMES) {
      const option = s.modelOption(model, MODEL_FACTS[model].params);
      expect(option.startsWith(`${model} — `)).toBe(true);
    }
    expect(s.modelOption('conv', 56_714)).toBe('conv — listing 4.1 convnet (56,714 params)');
  });

  it('marks wrong predictions with more than colour', () => {
    expect(s.digitWrong(3, 5)).toBe('✗ pred 3 · true 5');
    expect(s.digitRight(7)).toBe('✓ 7');
  });

  it('words composite messages by their arguments', () => {
    expect(s.runFinished(1, 65_000)).toBe('Trained 1 epoch in 1 min 5 sec.');
    expect(s.runFinished(3, 65_000)).toBe('Trained 3 epochs in 1 min 5 sec.');
    expect(s.trainPhase('evaluating')).toBe('Testing');
    expect(s.backendChoice('auto')).toBe('Auto (fastest)');
    expect(s.speedProgressLine({ done: 2, total: 9 })).toBe('2 of 9 measured');
    expect(
      s.speedProgressLine({ done: 2, total: 9, measuring: { model: 'conv', backend: 'wasm' } }),
    ).toBe('2 of 9 measured · now: conv on WASM');
    expect(s.predictionModel({ kind: 'starter', name: 'starter', testAccuracy: 0.9894 })).toBe(
      'Read by the starter model (98.94% on the test set), shipped with the app. Train or load a model to use your own.',
    );
    expect(s.predictionModel({ kind: 'saved', name: 'mine' })).toBe(
      'Read by your saved model “mine”.',
    );
    expect(s.modelExported(['a.json', 'a.weights.bin'])).toBe(
      'Downloading a.json and a.weights.bin.',
    );
  });
});

describe('newestFirst', () => {
  it('orders runs by finish time, newest first, without touching the input', () => {
    const run = (id: number, finishedAt: number) => ({ id, finishedAt }) as RunRecord;
    const runs = [run(1, 100), run(2, 300), run(3, 200)];
    expect(newestFirst(runs).map((r) => r.id)).toEqual([2, 3, 1]);
    expect(runs.map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
