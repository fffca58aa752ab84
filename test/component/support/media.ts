/**
 * Watches the camera from inside the test page: every stream `getUserMedia` gives (Chromium's
 * fake camera, so the tracks are real), held back until the test releases it when it asks, and
 * every interval timer started and not cleared. "The camera is off" means every track of every
 * stream given is `ended`.
 */
import { afterEach } from 'vitest';

/** One `getUserMedia` call as the page made it. */
interface Request {
  /** The stream the browser gave (the camera is on from here), or why it refused. */
  stream?: MediaStream;
  error?: unknown;
}

const restores: (() => void)[] = [];

afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore();
});

/** Replaces `getUserMedia` for this test; `hold()` keeps its answers back until `release()`. */
export function watchCamera(options: { refuse?: string } = {}) {
  const media = navigator.mediaDevices;
  const real = media.getUserMedia.bind(media);
  const requests: Request[] = [];
  let held: (() => void)[] | undefined;
  media.getUserMedia = async (constraints) => {
    const request: Request = {};
    requests.push(request);
    if (options.refuse) {
      request.error = new DOMException('refused by the test', options.refuse);
      throw request.error;
    }
    // The camera opens now; the page hears of it only when the test lets it (a slow prompt).
    request.stream = await real(constraints);
    if (held) await new Promise<void>((resolve) => held?.push(resolve));
    return request.stream;
  };
  restores.push(() => {
    delete (media as Partial<MediaDevices>).getUserMedia; // the prototype's method again
    for (const r of requests) for (const track of r.stream?.getTracks() ?? []) track.stop();
  });
  return {
    requests,
    /** Answers wait from now on. */
    hold(): void {
      held ??= [];
    },
    /** Lets every waiting answer through, and those after it. */
    release(): void {
      const waiting = held ?? [];
      held = undefined;
      for (const resolve of waiting) resolve();
    },
    /** How many answers are waiting. */
    get waiting(): number {
      return held?.length ?? 0;
    },
    /** Tracks of the streams given that are still live (the camera light is on for them). */
    liveTracks(): MediaStreamTrack[] {
      return requests
        .flatMap((r) => r.stream?.getTracks() ?? [])
        .filter((t) => t.readyState === 'live');
    },
  };
}

/** Counts interval timers started on this page and not cleared, from now to the test's end. */
export function watchIntervals() {
  const realSet = window.setInterval;
  const realClear = window.clearInterval;
  const active = new Set<number>();
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...args: unknown[]) => {
    const id = realSet(handler, timeout, ...args);
    active.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) active.delete(id);
    realClear(id);
  }) as typeof window.clearInterval;
  restores.push(() => {
    window.setInterval = realSet;
    window.clearInterval = realClear;
    for (const id of active) realClear(id);
  });
  return {
    /** Intervals running now. */
    get active(): number {
      return active.size;
    },
  };
}
