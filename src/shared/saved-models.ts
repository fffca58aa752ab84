/**
 * Saved models, as both threads need them: where TF.js keeps a saved model, and what its name
 * may be. (The record itself is `SavedModelInfo` in `protocol.ts`.)
 */
import { StudioError } from './errors.ts';

/**
 * Prefix of the keys under which TF.js keeps saved models' topology and weights in its own
 * IndexedDB database ('tensorflowjs'); our 'models' store holds the description.
 */
export const SAVED_MODEL_KEY_PREFIX = 'indexeddb://mnist-studio-model-';

/** The TF.js storage key of saved model `id`: `indexeddb://mnist-studio-model-<id>`. */
export function savedModelKey(id: number): string {
  return `${SAVED_MODEL_KEY_PREFIX}${id}`;
}

/** Longest model name kept, in characters. */
export const MODEL_NAME_MAX_LENGTH = 80;

/**
 * A model name as it is stored: trimmed, runs of white space made one space. Throws
 * `InvalidName` for an empty or over-long name.
 */
export function cleanModelName(name: unknown): string {
  const clean = typeof name === 'string' ? name.replace(/\s+/g, ' ').trim() : '';
  if (!clean) throw new StudioError('InvalidName.empty');
  const length = [...clean].length;
  if (length > MODEL_NAME_MAX_LENGTH) {
    throw new StudioError('InvalidName.tooLong', { max: MODEL_NAME_MAX_LENGTH, length });
  }
  return clean;
}

/**
 * A file name made from a model name: letters, digits, dots, dashes and underscores only, so it
 * is safe on every file system: "conv · 98.87% · Nov 26, 11:02" → "conv-98.87-Nov-26-11-02".
 */
export function modelFileBaseName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');
  return base || 'model';
}
