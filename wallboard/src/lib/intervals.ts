// Today's 15-minute intervals (snapshot `intervals`, merged from updates by series id and start) and the columns
// the Trends charts draw from them.
import { mergeIntervals } from '../../../shared/intervals.ts';
import type { IntervalSeries, Snapshot, Update } from '../../../shared/snapshot.ts';

export function mergeUpdateIntervals(s: Snapshot, u: Update): IntervalSeries[] {
  // A server from before intervals sends none; the Trends page then says so.
  return mergeIntervals(s.intervals ?? [], u.intervals);
}

/** uPlot's aligned columns: x in seconds, then one column per line. A day that just began has no rows. */
export interface IntervalColumns {
  x: number[];
  offered: number[];
  answered: number[];
  abandoned: number[];
  /** Percent, null where the interval had no calls. */
  serviceLevel: (number | null)[];
  peakWaiting: number[];
}

/** The center's series; another's (a queue's) by id. */
export function intervalColumns(series: IntervalSeries[] | undefined, id = 'center'): IntervalColumns | null {
  const rows = series?.find((s) => s.id === id)?.rows;
  if (!rows || rows.length === 0) return null;
  return {
    x: rows.map((r) => r.start / 1000),
    offered: rows.map((r) => r.offered),
    answered: rows.map((r) => r.answered),
    abandoned: rows.map((r) => r.abandoned),
    serviceLevel: rows.map((r) => (r.serviceLevel === null ? null : Math.round(r.serviceLevel * 1000) / 10)),
    peakWaiting: rows.map((r) => r.peakWaiting),
  };
}
