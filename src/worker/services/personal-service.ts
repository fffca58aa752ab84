/**
 * Personal service: My digits (keep, list, relabel, delete, clear, export, import), counted in
 * the worker state, and "Learn my handwriting": a fine-tune of the model that reads digits on
 * them, as a pausable, stoppable job that measures before and after and becomes the model in
 * use, recorded in the run history.
 */
import * as Comlink from 'comlink';
import { getBackend } from '@tensorflow/tfjs-core';
import type { BackendName } from '../../shared/backends.ts';
import { StudioError, throwIfAborted } from '../../shared/errors.ts';
import {
  checkFineTuneConfig,
  MIN_PERSONAL_DIGITS,
  summarizePersonal,
  type FineTuneConfig,
  type FineTuneOutcome,
  type FineTuneProgress,
  type PersonalDigit,
  type PersonalDigitDraft,
  type PersonalFileFormat,
} from '../../shared/personal.ts';
import type { ModelFiles, RunRecord } from '../../shared/protocol.ts';
import { disposeModel } from '../models/index.ts';
import type { StateStore } from '../state.ts';
import { addRun } from '../storage/db.ts';
import { encodeDigitsPng, encodeDigitsIdx, readDigitFiles } from '../../shared/personal-files.ts';
import {
  addPersonalDigit,
  addPersonalDigits,
  clearPersonalDigits,
  deletePersonalDigit,
  listPersonalDigits,
  relabelPersonalDigit,
} from '../storage/personal.ts';
import { fineTuneModel, withSeed } from '../training/fine-tune.ts';
import type { DataService } from './data-service.ts';
import type { ModelService } from './model-service.ts';
import type { PredictionService } from './prediction-service.ts';
import type { TrainingService } from './training-service.ts';

/** My digits and learning from them. */
export class PersonalService {
  constructor(
    private readonly store: StateStore,
    private readonly data: DataService,
    private readonly models: ModelService,
    private readonly training: TrainingService,
    private readonly prediction: PredictionService,
  ) {}

  /** Counts the stored digits and publishes the summary (a new version: views reload). */
  async refresh(): Promise<void> {
    const digits = await listPersonalDigits();
    const version = this.store.state.personal.version + 1;
    this.store.update({ personal: summarizePersonal(digits, version) });
  }

  /** Keeps a confirmed or corrected reading. */
  async keep(draft: PersonalDigitDraft): Promise<PersonalDigit> {
    try {
      return await addPersonalDigit(draft);
    } finally {
      await this.refresh();
    }
  }

  /** Every kept digit, oldest first (pixels transferred). */
  async list(): Promise<PersonalDigit[]> {
    const digits = await listPersonalDigits();
    const buffers = digits.flatMap((d) =>
      d.thumb ? [d.input.buffer, d.thumb.data.buffer] : [d.input.buffer],
    );
    return Comlink.transfer(digits, buffers as ArrayBuffer[]);
  }

  /** Says digit `id` is a `label`. */
  async relabel(id: number, label: number): Promise<void> {
    try {
      await relabelPersonalDigit(id, label);
    } finally {
      await this.refresh();
    }
  }

  /** Forgets digit `id`. */
  async delete(id: number): Promise<void> {
    try {
      await deletePersonalDigit(id);
    } finally {
      await this.refresh();
    }
  }

  /** Forgets every kept digit. */
  async clear(): Promise<void> {
    try {
      await clearPersonalDigits();
    } finally {
      await this.refresh();
    }
  }

  /** Every kept digit as files: one PNG sprite with its labels, or MNIST's IDX pair. */
  async export(format: PersonalFileFormat): Promise<ModelFiles> {
    const digits = await listPersonalDigits();
    const made = format === 'png' ? [await encodeDigitsPng(digits)] : encodeDigitsIdx(digits);
    const files = made.map(({ name, bytes }) => ({ name, bytes: bytes.slice().buffer }));
    return Comlink.transfer(
      { files },
      files.map((f) => f.bytes),
    );
  }

  /**
   * Adds the digits of an exported set (PNG or IDX pair), checked first: a bad set is refused
   * with `DigitsImportInvalid.*` and nothing is stored; the digits are written in one
   * transaction. Returns how many were added.
   */
  async import(files: ModelFiles): Promise<number> {
    const named = { files: files.files };
    const drafts = await readDigitFiles(named, Date.now());
    try {
      return await addPersonalDigits(drafts);
    } finally {
      await this.refresh();
    }
  }

  /**
   * Fine-tunes the model that reads digits (the one in use, or the starter model) on the
   * person's digits with MNIST replay; the result becomes the model in use and joins the run
   * history. Stop keeps (and measures) what it learnt so far; cancelling rejects with
   * `AbortError` and changes nothing.
   */
  fineTune(
    settings: Partial<FineTuneConfig>,
    onProgress: (p: FineTuneProgress) => void,
    signal?: AbortSignal,
  ): Promise<FineTuneOutcome> {
    const config = withSeed(checkFineTuneConfig(settings));
    return this.training.runControlled('finetune', signal, async (control, job) => {
      const digits = await listPersonalDigits();
      if (digits.length < MIN_PERSONAL_DIGITS) {
        throw new StudioError('NotEnoughDigits', {
          count: digits.length,
          min: MIN_PERSONAL_DIGITS,
        });
      }
      const data = await this.data.load();
      const reader = await this.prediction.reader();
      let result: Awaited<ReturnType<typeof fineTuneModel>>;
      try {
        result = await fineTuneModel({
          source: reader.model,
          digits,
          data,
          config,
          control,
          onProgress,
          signal: job.signal,
        });
      } finally {
        reader.release();
      }
      if (job.signal.aborted) {
        disposeModel(result.model);
        throwIfAborted(job.signal);
      }
      const { before, after } = result;
      const record = {
        from: reader.info.name,
        freezeConv: config.freezeConv,
        replay: config.replay,
        trainDigits: result.trainDigits,
        heldOutIds: result.heldOutIds,
        before,
        after,
      };
      const run: RunRecord = {
        model: reader.architecture,
        backend: getBackend() as BackendName,
        epochs: config.epochs,
        epochsCompleted: result.epochsCompleted,
        batchSize: config.batchSize,
        trainExamples: result.trainDigits,
        durationMs: result.activeMs,
        examplesPerSecond: result.activeMs > 0 ? (result.examplesDone * 1000) / result.activeMs : 0,
        testAccuracy: after.mnist,
        testLoss: result.mnistLossAfter,
        stopped: result.stopped,
        finishedAt: Date.now(),
        optimizer: 'adam',
        learningRate: config.learningRate,
        seed: config.seed,
        fineTune: record,
      };
      try {
        run.id = await addRun(run);
      } finally {
        this.models.setCurrent({ name: reader.architecture, model: result.model, run });
      }
      return { record, runId: run.id };
    });
  }
}
