// Instants on the command line: ms since the epoch, or an ISO 8601 date / date-time.

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Follows JavaScript's reading of ISO 8601: a date alone is UTC midnight, a date-time without an offset is this
 * machine's local time. Other formats Date.parse would guess at ("March 7") are refused rather than guessed.
 */
export function parseInstant(text: string): number | undefined {
  const s = text.trim();
  const ms = /^\d+$/.test(s) ? Number(s) : ISO.test(s) ? Date.parse(s) : NaN;
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}

export const INSTANT_HELP = 'ms since the epoch or ISO 8601 (2025-11-28T09:00:00Z)';
