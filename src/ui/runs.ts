/** The run history's ordering. */
import type { RunRecord } from '../shared/protocol.ts';

/** Runs newest first (by `finishedAt`, then by id), without changing the given array. */
export function newestFirst(runs: readonly RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => b.finishedAt - a.finishedAt || (b.id ?? 0) - (a.id ?? 0));
}
