/**
 * The bigger convnet (`big`, section 4.2.5) in `npm run bench -- --big-only`: where one of its
 * training steps goes on each backend in Chromium (bench/profile/), its speed in Node on the same
 * code, and full seeded runs in the app with the Long recipe, test accuracy after every epoch.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import type { RunRecord } from '../src/shared/protocol.ts';
import { LONG_RECIPE } from '../src/shared/protocol.ts';
import { profileLabel, profileTable } from './profile/report.ts';
import { runProfiles } from './profile/run.ts';
import type { ProfileRequest, ProfileResult } from './profile/protocol.ts';
import { markdownTable } from './report.ts';

/** What `bench/node-speed.ts` prints. */
export interface NodeSpeed {
  threads: number;
  batchSize: number;
  stepMs: number;
  examplesPerSecond: number;
  node: string;
}

/** The Long recipe's batch, at which the app trains `big`. */
const BATCH = LONG_RECIPE.batchSize;
/** TF.js' CPU backend and WebGL on SwiftShader take seconds per example: a smaller batch. */
const SLOW_BATCH = 32;

/** Profiles a `big` step with TF.js' kernels and ours, one thread and every core, WebGL, CPU. */
export async function profileBig(browser: Browser): Promise<ProfileResult[]> {
  const cores = os.availableParallelism();
  const base = { model: 'big', batchSize: BATCH, steps: 5, optimizer: 'adam' } as const;
  const requests: ProfileRequest[] = [
    { ...base, backend: 'wasm', kernels: 'stock', threads: 1 },
    { ...base, backend: 'wasm', kernels: 'stock', threads: cores },
    { ...base, backend: 'wasm', kernels: 'studio', threads: 1 },
    { ...base, backend: 'wasm', kernels: 'studio', threads: cores },
    { ...base, backend: 'webgl', kernels: 'studio', threads: 1, batchSize: SLOW_BATCH, steps: 1 },
    { ...base, backend: 'cpu', kernels: 'studio', threads: 1, batchSize: SLOW_BATCH, steps: 1 },
  ];
  return runProfiles(browser, requests, (r) =>
    console.log(`big ${profileLabel(r)}: ${r.stepMs.toFixed(1)} ms per step of ${r.batchSize}`),
  );
}

/**
 * `big`'s training speed in Node (a process of its own, as `npm run train` runs), on one thread
 * and on every core (the data-parallel step, scripts/lib/parallel-step.ts).
 */
export async function nodeSpeedBig(): Promise<NodeSpeed[]> {
  const results: NodeSpeed[] = [];
  for (const threads of [...new Set([1, os.availableParallelism()])]) {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'bench/node-speed.ts', 'big', String(BATCH), 'adam', '5', String(threads)],
      { timeout: 600_000 },
    );
    results.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as NodeSpeed);
  }
  return results;
}

const percent = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const round = (x: number) => Math.round(x).toLocaleString('en-US');

/** The section: speed per backend, the per-kernel profile, the seeded runs. */
export function bigSection(
  profiles: ProfileResult[],
  node: NodeSpeed[],
  runs: RunRecord[],
  date: string,
): string {
  const speedRows = profiles.map((r) => [
    `Chromium, ${profileLabel(r)}`,
    String(r.batchSize),
    r.stepMs.toFixed(0),
    round(r.examplesPerSecond),
  ]);
  for (const r of node) {
    const how = r.threads === 1 ? '1 thread' : `${r.threads} threads sharing each batch`;
    speedRows.push([
      `Node ${r.node}, WASM, our kernels, ${how}`,
      String(r.batchSize),
      r.stepMs.toFixed(0),
      round(r.examplesPerSecond),
    ]);
  }
  speedRows.push(
    ['TensorFlow/Keras 2.21, 2 cores (issue 17, same machine kind)', '128', '—', '1,074–1,202'],
    ['TensorFlow/Keras 2.21 with oneDNN, 2 cores (issue 17)', '128', '—', '1,311'],
  );
  const epochs = Math.max(0, ...runs.map((r) => r.history?.length ?? 0));
  const runRows = runs.map((r) => [
    String(r.seed),
    r.backend,
    ...Array.from({ length: epochs }, (_, i) => percent(r.history?.[i]?.testAcc)),
    `**${percent(r.testAccuracy)}**`,
    r.bestEpoch === undefined ? '—' : `${r.bestEpoch} of ${r.epochs}`,
    `${(r.durationMs / 60_000).toFixed(1)} min`,
    round(r.examplesPerSecond),
  ]);
  const kept = runs.map((r) => r.testAccuracy).sort((a, b) => a - b);
  const spread = kept.length
    ? `Over ${kept.length} seed${kept.length === 1 ? '' : 's'}: ${percent(kept[0])} to ` +
      `${percent(kept.at(-1))}; ${kept.filter((a) => a >= 0.995).length} of ${kept.length} ` +
      `reached 99.5%.`
    : '';
  return `## The bigger convnet (\`big\`, ${date})

Section 4.2.5's bigger convnet (tfjs-examples' \`mnist-node\` model: four conv layers, 594,922
parameters, dropout), trained with Adam at batch ${BATCH} unless noted. **Speed**: median of
timed training steps after two warm-up steps, on random images in Chromium (bench/profile/) and
on MNIST in Node (\`bench/node-speed.ts\`: the app's own \`timeTrainingBatches\` on one thread;
on more, the data-parallel step of \`npm run train\`, each thread a WASM backend of its own with
a share of the batch, since TF.js runs its WASM backend single-threaded in Node). WebGL runs on
SwiftShader (software) here and TF.js' CPU backend is plain JavaScript: both at batch
${SLOW_BATCH}, one timed step.

${markdownTable(['Where', 'Batch', 'ms per step', 'Examples/s'], speedRows, ['l', 'r', 'r', 'r'])}

**Where a step goes**, milliseconds per kernel from \`tf.profile\` (all calls of a kernel summed):

${profileTable(profiles)}

**Full runs in the app**: trained through the form (model \`big\`, recipe _Long_: Adam
${LONG_RECIPE.learningRate} one-cycle, label smoothing ${LONG_RECIPE.labelSmoothing}, batch
${LONG_RECIPE.batchSize}, ${LONG_RECIPE.epochs} epochs, best epoch kept, tested after every epoch) on all 51,000 training
images, on the backend the app chose. Test accuracy on the 10,000 test images after each epoch,
then the model the run kept; time is training without pauses (each epoch's validation and test
included); examples/s is the run's own live figure.

${markdownTable(
  [
    'Seed',
    'Backend',
    ...Array.from({ length: epochs }, (_, i) => `Epoch ${i + 1}`),
    'Test, kept',
    'Best epoch',
    'Training time',
    'Examples/s',
  ],
  runRows,
  ['r', 'l', ...Array.from({ length: epochs }, () => 'r' as const), 'r', 'r', 'r', 'r'],
)}

${spread} The book: "99.5%" (section 4.2.5); tfjs-examples: 99.5–99.6% after 20 epochs with
tfjs-node; TensorFlow/Keras on this machine kind: 99.46% after 7 RMSprop epochs (issue 17).
`;
}
