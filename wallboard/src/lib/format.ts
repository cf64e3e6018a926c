// Number, duration and percent formatting for the screens. Every formatter takes a locale so an i18n layer
// (en, zh-CN) can pass its own; null always renders as an em dash (unknown, not zero).

export type Locale = 'en' | 'zh-CN';

export const NONE = '—';

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A count or amount, grouped by locale, rounded to `decimals` (default 0). */
export function formatNumber(value: number | null, locale: Locale = 'en', decimals = 0): string {
  if (value === null || !Number.isFinite(value)) return NONE;
  return numberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** A fraction 0–1 as a percent: 0.825 → "83%" (0 decimals by default). */
export function formatPercent(fraction: number | null, locale: Locale = 'en', decimals = 0): string {
  if (fraction === null || !Number.isFinite(fraction)) return NONE;
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(fraction);
}

/** A fraction as the whole percent points it is displayed with, so colours agree with the text shown. */
export function percentPoints(fraction: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.round(fraction * 100 * scale) / scale;
}

/**
 * Seconds as m:ss under an hour and h:mm:ss from an hour on, rounded to the second.
 * Negative values (a TV clock a little behind the server's) show as 0:00 rather than a minus sign.
 */
export function formatDuration(seconds: number | null, locale: Locale = 'en'): string {
  if (seconds === null || !Number.isFinite(seconds)) return NONE;
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const plain = numberFormat(locale, { useGrouping: false });
  const two = numberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(s)}` : `${plain.format(m)}:${two.format(s)}`;
}

/** Time elapsed so far, counted like a stopwatch: 59.9 s is 0:59, not 1:00. */
export function formatElapsed(seconds: number | null, locale: Locale = 'en'): string {
  return formatDuration(seconds === null ? null : Math.floor(seconds), locale);
}

/** How old something is, in the largest whole unit that fits: "12 sec", "3 min", "2 hr". */
export function formatAge(seconds: number, locale: Locale = 'en'): string {
  const s = Math.max(0, Math.floor(seconds));
  const [amount, unit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.floor(s / 60), 'minute'] : [Math.floor(s / 3600), 'hour'];
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(amount);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A wall-clock time of day, 24-hour, e.g. "14:05:09", in the browser's zone unless one is given. */
export function formatTimeOfDay(ts: number, locale: Locale = 'en', timeZone?: string): string {
  const key = `${locale}|${timeZone ?? ''}`;
  let f = timeFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    };
    if (timeZone) options.timeZone = timeZone;
    f = new Intl.DateTimeFormat(locale, options);
    timeFormats.set(key, f);
  }
  return f.format(ts);
}
