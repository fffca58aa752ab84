import { describe, expect, it } from 'vitest';
import { FrameThrottle, type ThrottleClock } from '../../src/ui/frame-throttle.ts';

/** A hand-driven clock: timers and frames run only when the test says so. */
function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  const frames: (() => void)[] = [];
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (run, ms) => timers.push({ at: now + ms, run }),
    clearTimeout: () => timers.splice(0),
    requestFrame: (run) => frames.push(run),
    cancelFrame: () => frames.splice(0),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0)) {
      if (t.at <= now) t.run();
      else timers.push(t);
    }
  };
  const frame = () => frames.splice(0).forEach((run) => run());
  return { clock, advance, frame };
}

describe('FrameThrottle', () => {
  it('turns many requests into one run inside an animation frame', () => {
    const { clock, advance, frame } = fakeClock();
    let runs = 0;
    const throttle = new FrameThrottle(() => runs++, 250, clock);
    for (let i = 0; i < 10; i++) throttle.request();
    advance(0);
    expect(runs).toBe(0);
    frame();
    expect(runs).toBe(1);
  });

  it('waits out the interval after a run', () => {
    const { clock, advance, frame } = fakeClock();
    let runs = 0;
    const throttle = new FrameThrottle(() => runs++, 250, clock);
    throttle.request();
    advance(0);
    frame();
    throttle.request();
    advance(100);
    frame();
    expect(runs).toBe(1);
    advance(150);
    frame();
    expect(runs).toBe(2);
  });

  it('drops a pending run when cancelled', () => {
    const { clock, advance, frame } = fakeClock();
    let runs = 0;
    const throttle = new FrameThrottle(() => runs++, 250, clock);
    throttle.request();
    throttle.cancel();
    advance(1000);
    frame();
    expect(runs).toBe(0);
    throttle.request();
    advance(0);
    frame();
    expect(runs).toBe(1);
  });
});
