/**
 * Whether a run holds the browser-wide training lock, in this tab or another: asked of Web
 * Locks at start, whenever a worker announces a run starting or ending (BroadcastChannel), and
 * every second while the lock is held (a worker that dies frees it without a word).
 */
import { APP_CHANNEL, TRAINING_LOCK, type TrainingAnnouncement } from '../shared/coordination.ts';

/** How often to look again while a run holds the lock. */
const POLL_MS = 1_000;

/**
 * Calls `onChange(held)` when the lock's holding changes, and `onEnded` when a run ends
 * anywhere (to re-read the run history and the checkpoint). Returns a stop function.
 */
export function watchTrainingLock(
  onChange: (held: boolean) => void,
  onEnded: () => void,
): () => void {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return () => {};
  let held = false;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const set = (now: boolean) => {
    clearTimeout(poll);
    if (stopped) return;
    if (now) poll = setTimeout(() => void check(), POLL_MS);
    if (now === held) return;
    held = now;
    onChange(now);
    if (!now) onEnded();
  };
  const check = async () => {
    const { held: all = [] } = await locks.query();
    set(all.some((lock) => lock.name === TRAINING_LOCK));
  };
  const channel =
    typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(APP_CHANNEL);
  if (channel) {
    channel.onmessage = (event: MessageEvent<TrainingAnnouncement>) => {
      if (event.data?.type === 'training') void check();
    };
  }
  void check();
  return () => {
    stopped = true;
    clearTimeout(poll);
    channel?.close();
  };
}
