import { describe, expect, it } from 'vitest';
import {
  durationParts,
  formatBytes,
  formatDuration,
  formatEpochs,
  formatInteger,
  formatLearningRate,
  formatList,
  formatLoss,
  formatPercent,
  formatPointChange,
  formatTime,
  roundRemainingMs,
  setFormatLocale,
} from '../../src/ui/format.ts';

describe('number formatting', () => {
  it('signs a change of accuracy in points, and a change that rounds away reads 0.0', () => {
    expect(formatPointChange(0.9, 0.95)).toBe('+5.0');
    expect(formatPointChange(0.99, 0.985)).toBe('-0.5');
    expect(formatPointChange(0.5, 0.50004)).toBe('0.0');
    expect(formatPointChange(0.5, 0.49996)).toBe('0.0');
  });

  it('groups integers as the model table prints parameter counts', () => {
    expect(formatInteger(56714)).toBe('56,714');
    expect(formatInteger(51000)).toBe('51,000');
  });

  it('prints accuracy with two decimals and loss with four', () => {
    expect(formatPercent(0.98874)).toBe('98.87%');
    expect(formatPercent(0.9712)).toBe('97.12%');
    expect(formatPercent(1)).toBe('100.00%');
    expect(formatPercent(0.42, 0)).toBe('42%');
    expect(formatLoss(0.034512)).toBe('0.0345');
    expect(formatLoss(2.3)).toBe('2.3000');
  });
});

describe('formatEpochs', () => {
  it('keeps a stopped run’s fraction of an epoch visible', () => {
    expect(formatEpochs(5 / 160)).toBe('0.03');
    expect(formatEpochs(33 / 160)).toBe('0.2');
    expect(formatEpochs(3.4)).toBe('3.4');
    expect(formatEpochs(10)).toBe('10');
    expect(formatEpochs(0)).toBe('0');
  });
});

describe('formatBytes', () => {
  it('truncates to one decimal so a size is never overstated', () => {
    // The four uncompressed MNIST files.
    expect(formatBytes(47_040_016 + 60_008 + 7_840_016 + 10_008)).toBe('54.9 MB');
    expect(formatBytes(999_999)).toBe('999.9 kB');
    expect(formatBytes(1_000_000)).toBe('1.0 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
  });

  it('writes sizes under a kilobyte as a fraction of one', () => {
    expect(formatBytes(0)).toBe('0.0 kB');
    expect(formatBytes(512)).toBe('0.5 kB');
  });
});

describe('durations', () => {
  it('keeps the two largest units', () => {
    expect(durationParts(3_725_000)).toEqual([
      { unit: 'hour', value: 1 },
      { unit: 'minute', value: 2 },
    ]);
    expect(durationParts(3_600_000)).toEqual([{ unit: 'hour', value: 1 }]);
    expect(durationParts(125_000)).toEqual([
      { unit: 'minute', value: 2 },
      { unit: 'second', value: 5 },
    ]);
    expect(durationParts(400)).toEqual([{ unit: 'second', value: 0 }]);
  });

  it('writes durations in words', () => {
    expect(formatDuration(125_000)).toBe('2 min 5 sec');
    expect(formatDuration(45_000)).toBe('45 sec');
    expect(formatDuration(3_725_000)).toBe('1 hr 2 min');
  });

  it('rounds time left up to steps that do not flicker', () => {
    expect(roundRemainingMs(1_000)).toBe(5_000);
    expect(roundRemainingMs(31_000)).toBe(35_000);
    expect(roundRemainingMs(61_000)).toBe(70_000);
    expect(roundRemainingMs(601_000)).toBe(660_000);
    expect(roundRemainingMs(3_601_000)).toBe(3_900_000);
    expect(roundRemainingMs(0)).toBe(5_000);
  });
});

describe('formatters follow the locale', () => {
  it('formats in Chinese after a switch and in English after switching back (formatters are reused, not stale)', () => {
    const noon = Date.UTC(2026, 10, 26, 12, 5);
    const english = [formatDuration(125_000), formatList(['a', 'b']), formatTime(noon)];
    expect(english.slice(0, 2)).toEqual(['2 min 5 sec', 'a and b']);
    try {
      setFormatLocale('zh-Hans');
      expect(formatDuration(125_000)).toMatch(/2\s*分钟.*5\s*秒/);
      expect(formatList(['a', 'b'])).toBe('a和b');
      expect(formatTime(noon)).not.toBe(english[2]);
      expect(formatInteger(56714)).toBe('56,714');
    } finally {
      setFormatLocale('en');
    }
    expect([formatDuration(125_000), formatList(['a', 'b']), formatTime(noon)]).toEqual(english);
  });
});

describe('formatLearningRate', () => {
  it('writes rates plainly down to 0.0001 and in scientific notation below', () => {
    expect(formatLearningRate(0.002)).toBe('0.002');
    expect(formatLearningRate(0.00025)).toBe('0.00025');
    expect(formatLearningRate(0.0001)).toBe('0.0001');
    expect(formatLearningRate(0.000005)).toBe('5E-6');
    expect(formatLearningRate(0)).toBe('0');
    expect(formatLearningRate(0.0012345)).toBe('0.001235');
  });
});
