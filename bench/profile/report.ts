/** The per-kernel profile section of docs/BENCHMARKS.md. */
import { markdownTable } from '../report.ts';
import type { ProfileResult } from './protocol.ts';

/** A column's heading: backend, kernel set and threads. */
export function profileLabel(r: ProfileResult): string {
  const names = { webgl: 'WebGL', webgpu: 'WebGPU', cpu: 'CPU' } as const;
  if (r.backend !== 'wasm') return names[r.backend];
  const kernels = r.kernels === 'stock' ? 'TF.js kernels' : 'our kernels';
  const alone = r.kernels === 'studio' && r.kernelThreads < r.threadsUsed ? ' (ours on 1)' : '';
  return `WASM, ${kernels}, ${r.threadsUsed} thread${r.threadsUsed === 1 ? '' : 's'}${alone}`;
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');

/**
 * One table: a row per kernel (the `rows` slowest in any column, the rest summed as "other"),
 * a column per measurement, then the whole step, examples per second and one prediction.
 */
export function profileTable(results: ProfileResult[], rows = 14): string {
  const time = (r: ProfileResult, name: string) =>
    r.kernelTimes.find((k) => k.name === name)?.ms ?? 0;
  const names = [...new Set(results.flatMap((r) => r.kernelTimes.map((k) => k.name)))];
  const slowest = (name: string) => Math.max(...results.map((r) => time(r, name) || 0));
  names.sort((a, b) => slowest(b) - slowest(a));
  const shown = names.slice(0, rows);
  const other = (r: ProfileResult) =>
    r.kernelTimes.filter((k) => !shown.includes(k.name)).reduce((sum, k) => sum + k.ms, 0);
  const body = [
    ...shown.map((name) => [`\`${name}\``, ...results.map((r) => ms(time(r, name)))]),
    ['other kernels', ...results.map((r) => ms(other(r)))],
    ['**training step (median)**', ...results.map((r) => `**${ms(r.stepMs)}**`)],
    [
      '**examples/s**',
      ...results.map((r) => `**${Math.round(r.examplesPerSecond).toLocaleString('en-US')}**`),
    ],
    ['one prediction (28x28)', ...results.map((r) => `${r.predictMs.toFixed(2)}`)],
  ];
  return markdownTable(['Kernel (ms per step)', ...results.map(profileLabel)], body, [
    'l',
    ...results.map(() => 'r' as const),
  ]);
}
