import { describe, expect, it } from 'vitest';
import type { SpeedResult } from '../../src/shared/protocol.ts';
import { speedTable } from '../../src/ui/speed-table.ts';

const result = (backend: SpeedResult['backend'], model: SpeedResult['model'], eps: number) => ({
  backend,
  model,
  batchSize: 320,
  examplesPerSecond: eps,
  batchMs: (320 * 1000) / eps,
});

describe('speedTable', () => {
  it('puts backends in rows and models in columns, marking each model’s fastest backend', () => {
    const table = speedTable([
      result('webgl', 'conv', 3000),
      result('webgl', 'dense', 9000),
      result('wasm', 'conv', 1200),
      result('wasm', 'dense', 12000),
      result('cpu', 'conv', 150),
    ]);
    expect(table.models).toEqual(['conv', 'dense']);
    expect(table.rows.map((r) => r.backend)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(table.rows[2]?.cells[1]).toBeUndefined();
    expect(table.rows[1]?.cells[0]?.examplesPerSecond).toBe(1200);
    expect(table.fastest).toEqual(['webgl', 'wasm']);
    expect(table.batchSize).toBe(320);
  });

  it('is empty for no results', () => {
    expect(speedTable([])).toEqual({ models: [], rows: [], fastest: [], batchSize: undefined });
  });
});
