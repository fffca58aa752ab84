/** Speed measurements arranged as a table: one row per backend, one column per model. */
import type { BackendName } from '../shared/backends.ts';
import type { ModelName } from '../shared/models.ts';
import type { SpeedResult } from '../shared/protocol.ts';

/** The table of `SpeedResult`s. */
export interface SpeedTable {
  models: ModelName[];
  rows: { backend: BackendName; cells: (SpeedResult | undefined)[] }[];
  /** The fastest backend of each model (same order as `models`). */
  fastest: (BackendName | undefined)[];
  batchSize: number | undefined;
}

/** Arranges results in the order they were measured, marking each model's fastest backend. */
export function speedTable(results: readonly SpeedResult[]): SpeedTable {
  const models = [...new Set(results.map((r) => r.model))];
  const backends = [...new Set(results.map((r) => r.backend))];
  const find = (backend: BackendName, model: ModelName) =>
    results.find((r) => r.backend === backend && r.model === model);
  const fastest = models.map((model) => {
    let best: SpeedResult | undefined;
    for (const r of results) {
      if (r.model === model && (!best || r.examplesPerSecond > best.examplesPerSecond)) best = r;
    }
    return best?.backend;
  });
  return {
    models,
    rows: backends.map((backend) => ({
      backend,
      cells: models.map((model) => find(backend, model)),
    })),
    fastest,
    batchSize: results[0]?.batchSize,
  };
}
