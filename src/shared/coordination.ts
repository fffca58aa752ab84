/**
 * Names the tabs and threads of one browser use to coordinate (Web Locks, BroadcastChannel).
 * Only one tab trains at a time: its worker holds `TRAINING_LOCK` for the whole run.
 */

/** Held by the worker that is training, in whichever tab. */
export const TRAINING_LOCK = 'mnist-studio:training';

/** Where workers announce that a run started or ended, so other tabs can update at once. */
export const APP_CHANNEL = 'mnist-studio';

/** A message on `APP_CHANNEL`. */
export interface TrainingAnnouncement {
  type: 'training';
  running: boolean;
}

/**
 * A lock a worker holds for as long as it lives: its page asks for the same lock and is
 * granted it only when the worker has died (crashed, closed itself or was terminated).
 */
export function workerLifeLock(workerId: string): string {
  return `mnist-studio:worker:${workerId}`;
}
