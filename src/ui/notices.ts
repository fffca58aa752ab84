/** The messages `<ms-notifier>` shows: how errors become words, and the queue of notices. */
import { isAbort } from '../shared/errors.ts';
import { strings } from './strings.ts';

/** One message for the person. */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  /** The words, in the locale shown when they are read (a notice outlives a language switch). */
  text: () => string;
}

/** At most this many notices are shown; older ones make room for new ones. */
export const MAX_NOTICES = 4;

/**
 * Turns anything the worker threw (which crossed Comlink as `{name, code, params, message}`)
 * into words in the page's language, or `undefined` for an `AbortError`, which is a
 * cancellation the person asked for.
 */
export function describeError(error: unknown): string | undefined {
  return isAbort(error) ? undefined : strings.errorMessage(error);
}

/** Adds a notice, dropping the oldest beyond `max` and an identical one already shown. */
export function addNotice(notices: readonly Notice[], notice: Notice, max = MAX_NOTICES): Notice[] {
  const text = notice.text();
  const others = notices.filter((n) => n.kind !== notice.kind || n.text() !== text);
  return [...others, notice].slice(-max);
}

/** Removes the notice with `id`. */
export function removeNotice(notices: readonly Notice[], id: number): Notice[] {
  return notices.filter((n) => n.id !== id);
}
