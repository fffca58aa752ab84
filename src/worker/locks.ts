/** Web Locks in the worker: one training run per browser, and a lock held for the worker's life. */
import { APP_CHANNEL, TRAINING_LOCK, type TrainingAnnouncement } from '../shared/coordination.ts';
import { StudioError } from '../shared/errors.ts';

/** Tells every tab (through BroadcastChannel) that a run started or ended here. */
function announce(running: boolean): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(APP_CHANNEL);
  channel.postMessage({ type: 'training', running } satisfies TrainingAnnouncement);
  channel.close();
}

/**
 * Runs `job` holding the training lock, or refuses with `Busy.elsewhere` if another tab's worker holds it.
 * The lock is released when the job ends or the worker dies.
 */
export async function withTrainingLock<T>(job: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return job(); // No Web Locks (very old browsers): one tab is all we can check.
  return locks.request(TRAINING_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) throw new StudioError('Busy.elsewhere');
    announce(true);
    try {
      return await job();
    } finally {
      announce(false);
    }
  });
}

/** Takes `name` and never gives it back: the lock is freed only when this worker dies. */
export function holdForLife(name: string): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return Promise.resolve();
  return new Promise((granted) => {
    void locks.request(name, () => {
      granted();
      return new Promise<never>(() => {});
    });
  });
}
