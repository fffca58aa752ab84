/**
 * The person's own digits ("My digits"): readings they confirmed or corrected, kept on the
 * device only, and what fine-tuning on them takes and gives. Pure: the hold-out and the
 * replay mix are decided here, from a seed, so a test can check them without TF.js.
 */
import { StudioError } from './errors.ts';
import { IMAGE_PIXELS, NUM_CLASSES } from './mnist.ts';
import type { StageImage } from './preprocess/stages.ts';
import { deriveSeed, mulberry32 } from './random.ts';

/** Where a personal digit came from. */
export const PERSONAL_SOURCES = ['draw', 'image', 'camera', 'practice', 'import'] as const;
/** One of `PERSONAL_SOURCES`. */
export type PersonalSource = (typeof PERSONAL_SOURCES)[number];

/** One of the person's digits, as stored. */
export interface PersonalDigit {
  id: number;
  /** 0–9: what the person says it is. */
  label: number;
  /** The 28 × 28 image the model reads (0–255, row-major, ink bright), as preprocessing made it. */
  input: Uint8Array;
  /** A small grey view of the photo or frame it was read from (absent for drawings). */
  thumb?: StageImage;
  source: PersonalSource;
  /** When it was kept (ms since epoch). */
  createdAt: number;
}

/** A digit to keep: everything but the id the store gives it. */
export type PersonalDigitDraft = Omit<PersonalDigit, 'id'>;

/** What the page shows about the personal dataset without loading it. */
export interface PersonalSummary {
  /** How many of each digit, 0–9. */
  counts: number[];
  total: number;
  /** Bytes the digits take in IndexedDB (images, thumbnails, labels; an estimate). */
  bytes: number;
  /** Grows with every change (kept, relabelled, deleted, imported), so views reload. */
  version: number;
}

/** No digits yet. */
export const EMPTY_PERSONAL: PersonalSummary = {
  counts: new Array<number>(NUM_CLASSES).fill(0),
  total: 0,
  bytes: 0,
  version: 0,
};

/** Bytes one stored digit takes: its 784 pixels, its thumbnail and ~64 bytes of record. */
export function personalDigitBytes(digit: Pick<PersonalDigit, 'thumb'>): number {
  return IMAGE_PIXELS + (digit.thumb?.data.length ?? 0) + 64;
}

/** The summary of `digits`. */
export function summarizePersonal(
  digits: readonly Pick<PersonalDigit, 'label' | 'thumb'>[],
  version = 0,
): PersonalSummary {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  let bytes = 0;
  for (const digit of digits) {
    counts[digit.label]++;
    bytes += personalDigitBytes(digit);
  }
  return { counts, total: digits.length, bytes, version };
}

/** The digit with the fewest examples (the lowest on ties): what Practice asks for next. */
export function nextPracticeDigit(counts: readonly number[]): number {
  let best = 0;
  for (let d = 1; d < NUM_CLASSES; d++) if (counts[d] < counts[best]) best = d;
  return best;
}

/** Fisher–Yates with a seeded generator (in place). */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The smallest share of each digit held out for the before/after measurement. */
export const HELD_OUT_FRACTION = 0.2;

/** Positions (into the digits given) used to fine-tune and held out to measure. */
export interface PersonalSplit {
  train: number[];
  heldOut: number[];
}

/**
 * Holds out `ceil(fraction × n)` of each digit's `n` examples, chosen at random from `seed`, so
 * every digit is measured in proportion. A digit with a single example is only trained on (it
 * cannot be both learnt and measured). Positions come back in ascending order.
 */
export function stratifiedHoldOut(
  labels: ArrayLike<number>,
  seed: number,
  fraction = HELD_OUT_FRACTION,
): PersonalSplit {
  const byDigit: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  for (let i = 0; i < labels.length; i++) byDigit[labels[i]].push(i);
  const train: number[] = [];
  const heldOut: number[] = [];
  byDigit.forEach((positions, digit) => {
    const held = positions.length < 2 ? 0 : Math.ceil(positions.length * fraction);
    shuffle(positions, mulberry32(deriveSeed(seed, digit)));
    heldOut.push(...positions.slice(0, held));
    train.push(...positions.slice(held));
  });
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), heldOut: heldOut.sort(ascending) };
}

/**
 * One fine-tuning epoch's examples: every personal training digit once, `replay` MNIST
 * training images for each of them (drawn afresh each epoch from `mnistCount`, so the model
 * keeps seeing the digits it already reads), shuffled together. Entries ≥ 0 are MNIST
 * indices; entry `-1 - k` is the k-th personal training digit.
 */
export function replayEpoch(
  personalCount: number,
  replay: number,
  mnistCount: number,
  seed: number,
  epoch: number,
): Int32Array {
  const random = mulberry32(deriveSeed(seed, 1000 + epoch));
  const mnist = Math.min(mnistCount, Math.round(personalCount * replay));
  const order = new Int32Array(personalCount + mnist);
  for (let k = 0; k < personalCount; k++) order[k] = -1 - k;
  // Distinct MNIST indices: a partial Fisher–Yates over a lazily filled permutation.
  const swapped = new Map<number, number>();
  for (let i = 0; i < mnist; i++) {
    const j = i + Math.floor(random() * (mnistCount - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    order[personalCount + i] = atJ;
  }
  const list = Array.from(order);
  shuffle(list, random);
  order.set(list);
  return order;
}

/** How to fine-tune the model in use on the person's digits. */
export interface FineTuneConfig {
  /** Passes over the person's training digits (each with its replay). */
  epochs: number;
  /** Train the dense head only: conv layers keep their weights to the bit. */
  freezeConv: boolean;
  /** MNIST training images mixed in per personal digit, so the model does not forget. */
  replay: number;
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Fixes the hold-out, the replay draw and the shuffles; drawn when absent. */
  seed?: number;
}

/**
 * The defaults: a few seconds for a few hundred digits on a phone. Replay 6 at 3e-4 rather than
 * 3 at 5e-4: over 6 seeds each of 60 and 200 digits of another hand (Node, WASM, from the
 * starter), held-out digits 90 → 100% with either, but MNIST moved −0.53…+0.04 points with the
 * latter and −0.19…+0.21 with these.
 */
export const FINE_TUNE_DEFAULTS: FineTuneConfig = {
  epochs: 5,
  freezeConv: false,
  replay: 6,
  batchSize: 32,
  learningRate: 3e-4,
};

/** Fewest personal digits to fine-tune on: some to learn from and some to measure with. */
export const MIN_PERSONAL_DIGITS = 10;

/** Accuracy on the held-out personal digits and on the 10,000 MNIST test images. */
export interface FineTuneScores {
  /** Share of held-out personal digits read right, 0–1. */
  personal: number;
  /** Share of the MNIST test set read right, 0–1. */
  mnist: number;
  /** Which held-out digits were read right (in `heldOutIds` order). */
  right: boolean[];
}

/** What a fine-tuning did, as the run history keeps it. */
export interface FineTuneRecord {
  /** The model it started from (a saved model's name, the architecture, or "starter"). */
  from: string;
  freezeConv: boolean;
  replay: number;
  trainDigits: number;
  /** Ids of the held-out personal digits. */
  heldOutIds: number[];
  before: FineTuneScores;
  after: FineTuneScores;
}

/** What a running fine-tune reports a few times a second. */
export interface FineTuneProgress {
  phase: 'measuring' | 'training' | 'paused' | 'done';
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  /** The last batch's loss and accuracy. */
  loss?: number;
  acc?: number;
  /** The measurement before training, once known. */
  before?: FineTuneScores;
}

/** What `fineTune` returns: the record (also in the run history) of the new model in use. */
export interface FineTuneOutcome {
  record: FineTuneRecord;
  /** The run as the history keeps it (`run.fineTune` is `record`). */
  runId: number;
}

/** The file formats My digits exports and imports. */
export type PersonalFileFormat = 'png' | 'idx';

/** Limits of each fine-tuning setting. */
export const FINE_TUNE_LIMITS = {
  epochs: { min: 1, max: 50 },
  replay: { min: 0, max: 10 },
  batchSize: { min: 8, max: 512 },
  learningRate: { min: 1e-6, max: 0.1 },
  seed: { min: 0, max: 2 ** 32 - 1 },
} as const;

/**
 * `FINE_TUNE_DEFAULTS` overridden by `settings`, checked: `InvalidConfig.*` for an unknown
 * setting, a value out of `FINE_TUNE_LIMITS`, a fraction where a whole number belongs, or a
 * `freezeConv` that is not a boolean.
 */
export function checkFineTuneConfig(settings: Partial<FineTuneConfig>): FineTuneConfig {
  const config = { ...FINE_TUNE_DEFAULTS, ...settings };
  for (const key of Object.keys(config)) {
    if (!(key in FINE_TUNE_DEFAULTS) && key !== 'seed') {
      throw new StudioError('InvalidConfig.unknownSetting', { setting: key.slice(0, 40) });
    }
  }
  if (typeof config.freezeConv !== 'boolean') {
    throw new StudioError('InvalidConfig.flag', { setting: 'freezeConv' });
  }
  const whole = new Set(['epochs', 'batchSize', 'seed']);
  const codes = {
    epochs: 'InvalidConfig.epochs',
    replay: 'InvalidConfig.replay',
    batchSize: 'InvalidConfig.batchSize',
    learningRate: 'InvalidConfig.learningRate',
    seed: 'InvalidConfig.seed',
  } as const;
  for (const key of Object.keys(FINE_TUNE_LIMITS) as (keyof typeof FINE_TUNE_LIMITS)[]) {
    const value = config[key];
    if (key === 'seed' && value === undefined) continue;
    const { min, max } = FINE_TUNE_LIMITS[key];
    const ok =
      typeof value === 'number' &&
      value >= min &&
      value <= max &&
      (!whole.has(key) || Number.isInteger(value));
    if (!ok) throw new StudioError(codes[key], { min, max });
  }
  return config;
}
