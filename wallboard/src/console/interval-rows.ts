// Today's 15-minute rows as a chart needs them: every interval from the first to the last, the quiet ones too.
import type { IntervalRow } from './types.ts';

export const INTERVAL_MS = 15 * 60_000;

/** Rows sorted by start with the missing intervals filled in as empty (no calls, no service level). */
export function contiguousIntervals(rows: readonly IntervalRow[]): IntervalRow[] {
  if (rows.length === 0) return [];
  const byStart = new Map(rows.map((r) => [r.start, r]));
  const starts = rows.map((r) => r.start);
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  const out: IntervalRow[] = [];
  for (let start = first; start <= last; start += INTERVAL_MS) {
    out.push(
      byStart.get(start) ?? {
        start,
        offered: 0,
        answered: 0,
        answeredWithinSl: 0,
        abandoned: 0,
        abandonedShort: 0,
        serviceLevel: null,
        asaSec: null,
        abandonRate: null,
        peakWaiting: 0,
      },
    );
  }
  return out;
}
