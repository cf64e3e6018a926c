// The reports page's periods in the centre's zone (the server's periods.ts cuts the same ones: local days, ISO
// weeks from Monday, calendar months, DST days of 23 or 25 hours), and the pure figures the page derives from the
// report rows: the weekday × hour heatmap, best and worst intervals. Pure.
import { serviceLevel } from '../../../shared/metrics.ts';
import { localDayStart, zoneOffsetMs } from '../../../shared/time.ts';

export const PERIOD_KINDS = ['day', 'week', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** The local date picked, YYYY-MM-DD. */
  date: string;
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/** A calendar date as UTC fields (no zone): y, m (0-based), d. */
function parseDate(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The start of a local calendar date in the zone: from its noon, safely inside the day whatever DST does. */
function dateStart(d: Date, tz: string): number {
  const noon = d.getTime() + 12 * 3_600_000;
  return localDayStart(noon - zoneOffsetMs(noon, tz), tz);
}

export function isDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && isoDate(parseDate(date)) === date;
}

/** Today's local date in the zone. */
export function localToday(now: number, tz: string): string {
  return new Date(now + zoneOffsetMs(now, tz)).toISOString().slice(0, 10);
}

/** The day, ISO week (from Monday) or calendar month holding the date. */
export function periodOf(kind: PeriodKind, date: string, tz: string): Period {
  const d = parseDate(date);
  let first = d;
  let next: Date;
  if (kind === 'day') next = new Date(d.getTime() + DAY_MS);
  else if (kind === 'week') {
    first = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
    next = new Date(first.getTime() + 7 * DAY_MS);
  } else {
    first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  return { kind, date, from: dateStart(first, tz), to: dateStart(next, tz) };
}

/** The period compared with: the same weekday last week, last week, or last month. */
export function comparisonOf(p: Period, tz: string): Period {
  const d = parseDate(p.date);
  const back =
    p.kind === 'month'
      ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1))
      : new Date(d.getTime() - 7 * DAY_MS);
  return periodOf(p.kind, isoDate(back), tz);
}

/** The counts a service level is recomputed from (the centre's formula: answered + abandoned). */
interface SlRow {
  start: number;
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  abandonedShort: number;
  serviceLevel: number | null;
}

export interface HeatCell {
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
  hour: number;
  offered: number;
  /** Recomputed from the summed counts of the hours in the cell, never averaged. */
  serviceLevel: number | null;
}

/** Hourly rows summed into weekday × local hour cells (a month has four or five of each). */
export function heatCells(rows: readonly SlRow[], tz: string): HeatCell[] {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const cells = new Map<string, SlRow & { weekday: number; hour: number }>();
  for (const r of rows) {
    const p = parts.formatToParts(r.start);
    const weekday = days.indexOf(p.find((x) => x.type === 'weekday')!.value);
    const hour = Number(p.find((x) => x.type === 'hour')!.value);
    const key = `${weekday}:${hour}`;
    const c = cells.get(key) ?? {
      weekday,
      hour,
      start: r.start,
      offered: 0,
      answered: 0,
      answeredWithinSl: 0,
      abandoned: 0,
      abandonedShort: 0,
      serviceLevel: null,
    };
    c.offered += r.offered;
    c.answered += r.answered;
    c.answeredWithinSl += r.answeredWithinSl;
    c.abandoned += r.abandoned;
    c.abandonedShort += r.abandonedShort;
    cells.set(key, c);
  }
  return [...cells.values()].map((c) => ({
    weekday: c.weekday,
    hour: c.hour,
    offered: c.offered,
    serviceLevel: serviceLevel('answered+abandoned', { ...c, abandonedWithinSl: 0 }),
  }));
}

/** The n intervals with the highest and the lowest service level (those with calls), best first / worst first. */
export function bestAndWorst<T extends SlRow>(rows: readonly T[], n: number): { best: T[]; worst: T[] } {
  const judged = rows.filter((r) => r.serviceLevel !== null);
  const bySl = judged.toSorted((a, b) => b.serviceLevel! - a.serviceLevel! || b.offered - a.offered);
  const worst = judged.toSorted((a, b) => a.serviceLevel! - b.serviceLevel! || b.offered - a.offered);
  return { best: bySl.slice(0, n), worst: worst.slice(0, n) };
}

/** The change from the compared period, or null when either side has no figure. */
export function delta(now: number | null | undefined, before: number | null | undefined): number | null {
  return now === null || now === undefined || before === null || before === undefined ? null : now - before;
}
