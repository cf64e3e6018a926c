// The history of one entity: a ring of one-minute tallies for the rolling windows, and one tally per local day.
import type { DayClock } from '../../shared/time.ts';
import { addInto, newTally, type Tally } from './tally.ts';

export const MINUTE = 60_000;
/** Report intervals (手册 5.5's 15-minute traffic statistics), aligned to local midnight. */
export const INTERVAL = 15 * MINUTE;
/** Interval tallies kept: two days' worth. */
const INTERVALS_KEPT = 2 * 24 * 4;
/** Ring length in minutes: covers the longest rolling window (60 m) with room for late events. */
export const RING = 64;
/** Facts and agents' states are kept from this long before local midnight: a rolling window reaches back so far. */
export const KEPT_BEFORE_MIDNIGHT = RING * MINUTE;
/** Local days kept: today, and yesterday for events that arrive late around midnight. */
const DAYS_KEPT = 2;

export interface Series {
  /** minute index (ms / 60 000) held by each slot, or -1 */
  mins: Int32Array;
  slots: (Tally | null)[];
  /** local day start (ms) → tally of that day */
  days: Map<number, Tally>;
  /** interval start (ms) → tally of that 15-minute interval; kept for queues and the centre only */
  intervals: Map<number, Tally> | null;
  /** Bumped on every write, so a view can reuse sums of minutes that nothing has written to since. */
  writes: number;
}

export function newSeries(withIntervals = false): Series {
  return {
    mins: new Int32Array(RING).fill(-1),
    slots: new Array<Tally | null>(RING).fill(null),
    days: new Map(),
    intervals: withIntervals ? new Map() : null,
    writes: 0,
  };
}

export function intervalStart(ts: number, dayStart: number): number {
  return dayStart + Math.floor((ts - dayStart) / INTERVAL) * INTERVAL;
}

function intervalSlot(intervals: Map<number, Tally>, start: number): Tally {
  let t = intervals.get(start);
  if (!t) {
    t = newTally();
    intervals.set(start, t);
    if (intervals.size > INTERVALS_KEPT) intervals.delete(Math.min(...intervals.keys()));
  }
  return t;
}

function minuteSlot(s: Series, minute: number): Tally | null {
  const i = minute % RING;
  const held = s.mins[i]!;
  if (held === minute) return s.slots[i]!;
  if (held > minute) return null; // older than anything a rolling window can still show
  const t = s.slots[i] ?? newTally();
  if (s.slots[i]) t.fill(0);
  s.slots[i] = t;
  s.mins[i] = minute;
  return t;
}

/** The tally of one local day, created on first use; only the last DAYS_KEPT days are kept. */
export function daySlot(days: Map<number, Tally>, dayStart: number): Tally {
  let t = days.get(dayStart);
  if (!t) {
    t = newTally();
    days.set(dayStart, t);
    if (days.size > DAYS_KEPT) days.delete(Math.min(...days.keys()));
  }
  return t;
}

/**
 * The tallies an instant counts in — its minute's (while the ring still holds it) and its day's — appended to out.
 * Callers bump several fields at once in what this returns, so each event resolves its slots once.
 */
export function tallies(s: Series, minute: number, dayStart: number, interval: number, out: Tally[]): void {
  s.writes++;
  const m = minuteSlot(s, minute);
  if (m) out.push(m);
  out.push(daySlot(s.days, dayStart));
  if (s.intervals) out.push(intervalSlot(s.intervals, interval));
}

/** Spreads the duration [from, to) of a state over the minutes and days it covers. */
export function span(s: Series, clock: DayClock, from: number, to: number, field: number): void {
  if (to <= from) return;
  s.writes++;
  for (let a = from; a < to; ) {
    const next = Math.min(to, clock.nextDayStart(a));
    const day = daySlot(s.days, clock.dayStart(a));
    day[field] = day[field]! + (next - a);
    a = next;
  }
  const last = Math.floor((to - 1) / MINUTE);
  for (let m = Math.max(Math.floor(from / MINUTE), last - RING + 1); m <= last; m++) {
    const t = minuteSlot(s, m);
    if (t) t[field] = t[field]! + (Math.min(to, (m + 1) * MINUTE) - Math.max(from, m * MINUTE));
  }
}

/** Sums the last `minutes` minute slots ending with the minute that contains now. */
export function sumMinutes(s: Series, now: number, minutes: number, into: Tally = newTally()): Tally {
  const current = Math.floor(now / MINUTE);
  for (let i = 0; i < RING; i++) {
    const m = s.mins[i]!;
    if (m > current - minutes && m <= current) addInto(into, s.slots[i]!);
  }
  return into;
}

export function dayTally(days: Map<number, Tally>, dayStart: number): Tally {
  const t = newTally();
  const d = days.get(dayStart);
  if (d) addInto(t, d);
  return t;
}
