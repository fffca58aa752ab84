/**
 * Locale-aware formatting of numbers, percentages, sizes, rates, dates, durations and lists.
 * Everything goes through `Intl` in the locale the UI shows (src/ui/locale.ts sets it).
 */

let locale = 'en';
/** Formatters made for the current locale, by a key naming their options. */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

/** Switches the locale every formatter uses (called when the UI's locale changes). */
export function setFormatLocale(next: string): void {
  locale = next;
  formats.clear();
}

/**
 * Makes, when the page is idle, the formatters a training run's readout uses. The first unit
 * format of a page loads its unit data: 9 ms of the frame that started a run, in a profile on
 * this 2-core machine.
 */
export function prepareRunFormats(): void {
  const prepare = () => {
    formatDuration(3_725_000); // hours, minutes, seconds, and the list joining them
    formatPercent(0.5);
    formatDecimal(1.5, 1);
    formatInteger(1000);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prepare, { timeout: 2000 });
  else setTimeout(prepare, 0);
}

/** The locale the formatters use. */
export function formatLocale(): string {
  return locale;
}

/**
 * The formatter `key` for the current locale, made by `make` the first time: creating an `Intl`
 * formatter takes far longer than using one (milliseconds on a slow phone, in every progress
 * update that shows a duration).
 */
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
  key: string,
  make: (locale: string) => T,
): T {
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make(locale);
    formats.set(key, format);
  }
  return format;
}

/** A cached `Intl.NumberFormat`. */
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`number ${key}`, (l) => new Intl.NumberFormat(l, options));
}

/** A cached `Intl.DateTimeFormat`. */
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`date ${key}`, (l) => new Intl.DateTimeFormat(l, options));
}

/** A cached `Intl.ListFormat`. */
function listFormat(type: Intl.ListFormatType, style: Intl.ListFormatStyle): Intl.ListFormat {
  return cached(`list ${type} ${style}`, (l) => new Intl.ListFormat(l, { type, style }));
}

/** A whole number with grouping: 56714 → "56,714". */
export function formatInteger(value: number): string {
  return numberFormat('integer', { maximumFractionDigits: 0 }).format(value);
}

/** A number with exactly `digits` decimals: (3.4, 1) → "3.4"; (-0.00001, 3) → "0.000", not "-0.000". */
export function formatDecimal(value: number, digits: number): string {
  return numberFormat(`decimal${digits}`, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: 'negative',
  }).format(value);
}

/**
 * A change of accuracy in percentage points, signed, one decimal: (0.9, 0.95) → "+5.0",
 * (0.99, 0.985) → "-0.5", no change → "0.0".
 */
export function formatPointChange(before: number, after: number): string {
  // Rounded first, so a change that rounds to nothing reads "0.0", not "+0.0" or "-0.0".
  const points = Math.round((after - before) * 1000) / 10;
  return numberFormat('points', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(points === 0 ? 0 : points);
}

/** A number with at most `digits` decimals, trailing zeros dropped: (3, 1) → "3". */
export function formatCompactDecimal(value: number, digits: number): string {
  return numberFormat(`compact${digits}`, { maximumFractionDigits: digits }).format(value);
}

/**
 * Epochs completed, fractional after a Stop, with one decimal unless that would read "0":
 * 0.03125 → "0.03", 0.2 → "0.2", 3.4 → "3.4", 10 → "10".
 */
export function formatEpochs(epochs: number): string {
  return formatCompactDecimal(epochs, epochs > 0 && epochs < 0.05 ? 2 : 1);
}

/** A layer's value (an activation, a weight, a product) to four decimals: 0.123456 → "0.1235". */
export function formatValue(value: number): string {
  return formatDecimal(value, 4);
}

/** A fraction as a percentage with fixed decimals: 0.98874 → "98.87%". */
export function formatPercent(fraction: number, digits = 2): string {
  return numberFormat(`percent${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

/**
 * A learning rate as people write it: up to four significant digits, plain down to 0.0001
 * (0.002 → "0.002", 0.00025 → "0.00025"), in scientific notation below (0.000005 → "5E-6").
 */
export function formatLearningRate(rate: number): string {
  if (rate !== 0 && Math.abs(rate) < 1e-4) {
    return numberFormat('rate-scientific', {
      notation: 'scientific',
      maximumSignificantDigits: 4,
    }).format(rate);
  }
  return numberFormat('rate', { maximumSignificantDigits: 4 }).format(rate);
}

/** A loss value with four decimals, as the book prints them: 0.034512 → "0.0345". */
export function formatLoss(loss: number): string {
  return formatDecimal(loss, 4);
}

const BYTE_UNITS = [
  { unit: 'gigabyte', size: 1e9 },
  { unit: 'megabyte', size: 1e6 },
  { unit: 'kilobyte', size: 1e3 },
] as const;

/**
 * A size in decimal units with one decimal, truncated so a size or a download is never
 * overstated: 54,950,048 → "54.9 MB"; anything under a kilobyte is a fraction of one ("0.5 kB"),
 * since CLDR's short form of `byte` reads "0 byte".
 */
export function formatBytes(bytes: number): string {
  const { unit, size } = BYTE_UNITS.find((u) => bytes >= u.size) ?? BYTE_UNITS[2];
  const value = Math.floor((Math.max(0, bytes) / size) * 10) / 10;
  return numberFormat(unit, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** Splits a duration into the two largest non-zero units of hours, minutes and seconds. */
export function durationParts(ms: number): { unit: 'hour' | 'minute' | 'second'; value: number }[] {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) {
    return minutes > 0
      ? [
          { unit: 'hour', value: hours },
          { unit: 'minute', value: minutes },
        ]
      : [{ unit: 'hour', value: hours }];
  }
  if (minutes > 0) {
    return seconds > 0
      ? [
          { unit: 'minute', value: minutes },
          { unit: 'second', value: seconds },
        ]
      : [{ unit: 'minute', value: minutes }];
  }
  return [{ unit: 'second', value: seconds }];
}

/** A duration in words, two units at most: 125,000 → "2 min 5 sec". */
export function formatDuration(ms: number): string {
  const parts = durationParts(ms).map(({ unit, value }) =>
    numberFormat(`duration-${unit}`, { style: 'unit', unit, unitDisplay: 'short' }).format(value),
  );
  return listFormat('unit', 'narrow').format(parts);
}

/**
 * Rounds a time-left estimate up to a step a person can read without it flickering: 5 s under a
 * minute, 10 s under ten minutes, a minute under an hour, then five minutes.
 */
export function roundRemainingMs(ms: number): number {
  const seconds = Math.max(0, ms / 1000);
  const step = seconds < 60 ? 5 : seconds < 600 ? 10 : seconds < 3600 ? 60 : 300;
  return Math.max(step, Math.ceil(seconds / step) * step) * 1000;
}

/** A date and time, medium date and short time: "26 Nov 2025, 10:31" in en-GB. */
export function formatDateTime(ms: number): string {
  return dateFormat('date-time', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** A day and time without the year, for names: "Nov 26, 11:02 AM" in en. */
export function formatDayTime(ms: number): string {
  return dateFormat('day-time', {
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(ms);
}

/** A time of day: "11:02 AM" in en. */
export function formatTime(ms: number): string {
  return dateFormat('time', { timeStyle: 'short' }).format(ms);
}

/** A list of names joined as the locale joins them: ["a", "b"] → "a and b" in en, "a和b" in zh. */
export function formatList(items: readonly string[]): string {
  return listFormat('conjunction', 'long').format(items);
}

/** A number in hex as file headers write it, zero-padded: (2051) → "0x00000803", (8, 2) → "0x08". */
export function formatHex(value: number, digits = 8): string {
  return `0x${(value >>> 0).toString(16).padStart(digits, '0')}`;
}
