/**
 * My digits in IndexedDB ('personal' store): the person's confirmed or corrected readings.
 * Thumbnails are shrunk to `THUMB_MAX_SIDE` before they are stored; an import is written in
 * one transaction, so a failure stores none of it.
 */
import { StudioError } from '../../shared/errors.ts';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../shared/mnist.ts';
import type { PersonalDigit, PersonalDigitDraft } from '../../shared/personal.ts';
import { THUMB_MAX_SIDE } from '../../shared/personal-files.ts';
import { fitWithin, resampleGray } from '../../shared/preprocess/resample.ts';
import type { StageImage } from '../../shared/preprocess/stages.ts';
import { openStudioDb, storage } from './db.ts';

/** `thumb` area-averaged to at most `THUMB_MAX_SIDE` a side (as it is, if already small). */
export function shrinkThumb(thumb: StageImage): StageImage {
  const { width, height } = fitWithin(thumb.width, thumb.height, THUMB_MAX_SIDE);
  if (width === thumb.width && height === thumb.height) return thumb;
  const grey = {
    data: Float32Array.from(thumb.data),
    width: thumb.width,
    height: thumb.height,
  };
  const full = { x: 0, y: 0, width: thumb.width, height: thumb.height };
  const small = resampleGray(grey, full, width, height);
  return { data: Uint8Array.from(small.data, (v) => Math.round(v)), width, height };
}

/** Throws unless `label` is a digit (the stores never hold anything else). */
function checkLabel(label: number): void {
  if (!Number.isInteger(label) || label < 0 || label >= NUM_CLASSES) {
    throw new TypeError(`A digit's label is 0–9, not ${label}.`);
  }
}

/** The record to store for `draft`: checked, with its own copy of the pixels. */
function recordOf(draft: PersonalDigitDraft): Omit<PersonalDigit, 'id'> {
  checkLabel(draft.label);
  if (draft.input.length !== IMAGE_PIXELS) {
    throw new TypeError(`A digit is ${IMAGE_PIXELS} pixels, not ${draft.input.length}.`);
  }
  const record: Omit<PersonalDigit, 'id'> = {
    label: draft.label,
    input: Uint8Array.from(draft.input),
    source: draft.source,
    createdAt: draft.createdAt,
  };
  if (draft.thumb) {
    const thumb = shrinkThumb(draft.thumb);
    record.thumb = { data: Uint8Array.from(thumb.data), width: thumb.width, height: thumb.height };
  }
  return record;
}

/** Keeps one digit and returns it with its new id. */
export function addPersonalDigit(draft: PersonalDigitDraft): Promise<PersonalDigit> {
  const record = recordOf(draft);
  return storage('savePersonalDigit', async () => {
    const id = await (await openStudioDb()).add('personal', record as PersonalDigit);
    return { ...record, id };
  });
}

/** Keeps many digits in one transaction (all or none); returns how many. */
export function addPersonalDigits(drafts: readonly PersonalDigitDraft[]): Promise<number> {
  const records = drafts.map(recordOf);
  return storage('changePersonalDigits', async () => {
    const tx = (await openStudioDb()).transaction('personal', 'readwrite');
    try {
      await Promise.all([
        ...records.map((record) => tx.store.add(record as PersonalDigit)),
        tx.done,
      ]);
    } catch (error) {
      throw tx.error ?? error;
    }
    return records.length;
  });
}

/** Every kept digit, oldest (lowest id) first. */
export function listPersonalDigits(): Promise<PersonalDigit[]> {
  return storage('readPersonalDigits', async () => (await openStudioDb()).getAll('personal'));
}

/** Says digit `id` is a `label`. */
export function relabelPersonalDigit(id: number, label: number): Promise<void> {
  checkLabel(label);
  return storage('changePersonalDigits', async () => {
    const tx = (await openStudioDb()).transaction('personal', 'readwrite');
    const digit = await tx.store.get(id);
    if (!digit) throw new StudioError('PersonalDigitMissing.id', { id });
    await Promise.all([tx.store.put({ ...digit, label }), tx.done]);
  });
}

/** Forgets digit `id` (resolves as well when it is already gone). */
export function deletePersonalDigit(id: number): Promise<void> {
  return storage('changePersonalDigits', async () => {
    await (await openStudioDb()).delete('personal', id);
  });
}

/** Forgets every kept digit. */
export function clearPersonalDigits(): Promise<void> {
  return storage('changePersonalDigits', async () => {
    await (await openStudioDb()).clear('personal');
  });
}
