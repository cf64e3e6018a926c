// "Today vs the same day last week" on the Trends charts: last week's 15-minute rows of the series the page draws,
// from the report API (CONTRACT §6), moved forward a week so they line up with today's on one time axis.
import type { QueueReportRow } from '../../../shared/history.ts';
import type { IntervalColumns } from './intervals.ts';

const WEEK_MS = 7 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** The report request for the series (`center` or a queue id): a day either side of this time last week, enough to
 *  hold the whole local day whatever the zone; `sameDay` keeps the day's rows. */
export function lastWeekUrl(seriesId: string, now: number): string {
  const scope = seriesId === 'center' ? 'scope=center' : `scope=queue&ids=${encodeURIComponent(seriesId)}`;
  const at = now - WEEK_MS;
  return `/api/v1/reports/intervals?${scope}&from=${at - DAY_MS}&to=${at + DAY_MS}&step=15m`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day of an instant in the centre's zone, as YYYY-MM-DD. */
function localDay(ts: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(ts);
}

/** Last week's columns, one per interval, moved a week forward, of the local day `now` falls in. */
export interface LastWeek {
  x: number[];
  offered: number[];
  serviceLevel: (number | null)[];
  peakWaiting: number[];
}

export function lastWeekColumns(rows: readonly QueueReportRow[], now: number, timeZone: string): LastWeek | null {
  const today = localDay(now, timeZone);
  const kept = rows
    .map((r) => ({ ...r, start: r.start + WEEK_MS }))
    .filter((r) => localDay(r.start, timeZone) === today)
    .sort((a, b) => a.start - b.start);
  if (kept.length === 0) return null;
  return {
    x: kept.map((r) => r.start / 1000),
    offered: kept.map((r) => r.offered),
    serviceLevel: kept.map((r) => (r.serviceLevel === null ? null : Math.round(r.serviceLevel * 1000) / 10)),
    peakWaiting: kept.map((r) => r.peakWaiting),
  };
}

/** Today's and last week's columns on one x axis (uPlot's aligned data): each null where it has no interval. */
export interface Compared {
  x: number[];
  today: { [K in keyof Omit<IntervalColumns, 'x'>]: (number | null)[] };
  lastWeek: { [K in keyof Omit<LastWeek, 'x'>]: (number | null)[] };
}

export function compare(today: IntervalColumns, week: LastWeek | null): Compared {
  const x = [...new Set([...today.x, ...(week?.x ?? [])])].sort((a, b) => a - b);
  const at = (xs: number[]) => new Map(xs.map((v, i) => [v, i]));
  const ti = at(today.x);
  const wi = at(week?.x ?? []);
  const col = <T>(index: Map<number, number>, values: readonly T[] | undefined) =>
    x.map((v) => {
      const i = index.get(v);
      return i === undefined || !values ? null : (values[i] ?? null);
    });
  return {
    x,
    today: {
      offered: col(ti, today.offered),
      answered: col(ti, today.answered),
      abandoned: col(ti, today.abandoned),
      serviceLevel: col(ti, today.serviceLevel),
      peakWaiting: col(ti, today.peakWaiting),
    },
    lastWeek: {
      offered: col(wi, week?.offered),
      serviceLevel: col(wi, week?.serviceLevel),
      peakWaiting: col(wi, week?.peakWaiting),
    },
  };
}
