import { describe, expect, it } from 'vitest';
import { guideSquare, RateMeter } from '../../src/ui/rate-meter.ts';

describe('the camera reading rate', () => {
  it('counts the events of the last second', () => {
    const meter = new RateMeter();
    for (let t = 0; t < 2_000; t += 80) meter.add(t); // 12.5 per second
    expect(meter.rate(1_999)).toBe(12); // 1,040 … 1,920 ms
    expect(meter.rate(3_500)).toBe(0);
  });

  it('puts the guide square in the middle of the frame', () => {
    expect(guideSquare(640, 480)).toEqual({ x: 176, y: 96, side: 288 });
    expect(guideSquare(480, 640)).toEqual({ x: 96, y: 176, side: 288 });
  });
});
