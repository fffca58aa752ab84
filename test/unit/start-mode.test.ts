/** The page's step down after a start that hung, and what it remembers. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modeAfterHang, nextStartMode } from '../../src/shared/backends.ts';
import { rememberedStartMode, START_MODE_STORAGE_KEY } from '../../src/ui/worker-client.ts';

describe('start modes', () => {
  it('steps down from threads to one thread to the CPU, then gives up', () => {
    expect(nextStartMode('threads')).toBe('single');
    expect(nextStartMode('single')).toBe('cpu');
    expect(nextStartMode('cpu')).toBeUndefined();
  });

  it('tries each mode twice before stepping down: a one-off hang keeps the threads', () => {
    expect(modeAfterHang('threads', 1)).toBe('threads');
    expect(modeAfterHang('threads', 2)).toBe('single');
    expect(modeAfterHang('single', 1)).toBe('single');
    expect(modeAfterHang('single', 2)).toBe('cpu');
    expect(modeAfterHang('cpu', 1)).toBe('cpu');
    expect(modeAfterHang('cpu', 2)).toBeUndefined();
  });

  describe('remembered for this browser version', () => {
    const items = new Map<string, string>();
    beforeEach(() => {
      items.clear();
      vi.stubGlobal('localStorage', {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => items.set(key, value),
      });
      vi.stubGlobal('navigator', { userAgent: 'Firefox/153.0' });
    });
    afterEach(() => vi.unstubAllGlobals());

    it('starts in full when nothing, or nothing readable, is remembered', () => {
      expect(rememberedStartMode()).toBe('threads');
      items.set(START_MODE_STORAGE_KEY, '{not json');
      expect(rememberedStartMode()).toBe('threads');
      items.set(
        START_MODE_STORAGE_KEY,
        JSON.stringify({ mode: 'warp', userAgent: 'Firefox/153.0' }),
      );
      expect(rememberedStartMode()).toBe('threads');
    });

    it('keeps the step down in the same browser version, and tries threads again after an update', () => {
      items.set(
        START_MODE_STORAGE_KEY,
        JSON.stringify({ mode: 'single', userAgent: 'Firefox/153.0' }),
      );
      expect(rememberedStartMode()).toBe('single');
      vi.stubGlobal('navigator', { userAgent: 'Firefox/154.0' });
      expect(rememberedStartMode()).toBe('threads');
    });
  });
});
