// The history of one entity: a ring of one-minute tallies for the rolling windows, one tally per local day, and
// (for queues and the centre) one per 15-minute interval. The ring is one array, minute after minute: a floor of
// hundreds of teams held tens of thousands of small per-minute arrays before, each costing more than its data.
import type { DayClock } from '../../shared/time.ts';
import type { EdgeTarget } from './edge.ts';
import { FIELDS, addInto, newTally, type Tally } from './tally.ts';

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
const WIDTH = FIELDS.length;

export interface Series {
  /** minute index (ms / 60 000) held by each slot, or -1 */
  mins: Int32Array;
  /** RING × WIDTH counters: slot i's tally starts at i × WIDTH */
  ring: Float64Array;
  /** local day start (ms) → tally of that day */
  days: Map<number, Tally>;
  /** interval start (ms) → tally of that 15-minute interval (counts and state time); not kept for agents */
  intervals: Map<number, Tally> | null;
  /** How many interval tallies are kept (absent: two days' worth); teams keep only what the history writer needs. */
  intervalsKept?: number;
  /** Bumped on every write, so a view can reuse sums of minutes that nothing has written to since. */
  writes: number;
}

/** Tallies to write to, as (array, offset of the tally's first counter): a minute's lives inside its ring. The
 *  first `length` entries are in use, so a scratch set is reused without reallocating. */
export interface Cells {
  arrays: Float64Array[];
  offsets: number[];
  length: number;
  /** Also keeps each amount with its instant (edge.ts), for the minutes a rolling window cuts; null: not kept. */
  edge: EdgeTarget | null;
}

export function newCells(): Cells {
  return { arrays: [], offsets: [], length: 0, edge: null };
}

function add(c: Cells, array: Float64Array, offset: number): void {
  c.arrays[c.length] = array;
  c.offsets[c.length] = offset;
  c.length++;
}

export function newSeries(withIntervals = false, intervalsKept?: number): Series {
  return {
    mins: new Int32Array(RING).fill(-1),
    ring: new Float64Array(RING * WIDTH),
    days: new Map(),
    intervals: withIntervals ? new Map() : null,
    ...(intervalsKept === undefined ? {} : { intervalsKept }),
    writes: 0,
  };
}

export function intervalStart(ts: number, dayStart: number): number {
  return dayStart + Math.floor((ts - dayStart) / INTERVAL) * INTERVAL;
}

function intervalSlot(intervals: Map<number, Tally>, start: number, kept = INTERVALS_KEPT): Tally {
  let t = intervals.get(start);
  if (!t) {
    t = newTally();
    intervals.set(start, t);
    if (intervals.size > kept) intervals.delete(Math.min(...intervals.keys()));
  }
  return t;
}

/** Spreads the duration [from, to) of a state over the 15-minute intervals it covers (history rows need it). */
function spanIntervals(
  s: Series,
  intervals: Map<number, Tally>,
  clock: DayClock,
  from: number,
  to: number,
  field: number,
): void {
  for (let a = from; a < to; ) {
    const start = intervalStart(a, clock.dayStart(a));
    const next = Math.min(to, start + INTERVAL, clock.nextDayStart(a));
    const t = intervalSlot(intervals, start, s.intervalsKept);
    t[field] = t[field]! + (next - a);
    a = next;
  }
}

/** Offset of the minute's tally in the ring, or -1 when it is older than anything a rolling window can show. */
function minuteOffset(s: Series, minute: number): number {
  const i = minute % RING;
  const held = s.mins[i]!;
  if (held > minute) return -1;
  if (held !== minute) {
    s.ring.fill(0, i * WIDTH, (i + 1) * WIDTH);
    s.mins[i] = minute;
  }
  return i * WIDTH;
}

/** The tally of one local day, created on first use; only the last DAYS_KEPT days are kept. */
function daySlot(days: Map<number, Tally>, dayStart: number): Tally {
  let t = days.get(dayStart);
  if (!t) {
    t = newTally();
    days.set(dayStart, t);
    if (days.size > DAYS_KEPT) days.delete(Math.min(...days.keys()));
  }
  return t;
}

/**
 * The tallies an instant counts in — its minute's (while the ring still holds it), its day's and its interval's —
 * appended to out. Callers bump several fields in what this returns, so each event resolves its tallies once.
 */
export function tallies(s: Series, minute: number, dayStart: number, interval: number, out: Cells): void {
  s.writes++;
  const offset = minuteOffset(s, minute);
  if (offset >= 0) add(out, s.ring, offset);
  add(out, daySlot(s.days, dayStart), 0);
  if (s.intervals) add(out, intervalSlot(s.intervals, interval, s.intervalsKept), 0);
}

/** Adds amount to field in every cell. */
export function bump(c: Cells, field: number, amount: number): void {
  c.edge?.note(field, amount);
  for (let i = 0; i < c.length; i++) {
    const a = c.arrays[i]!;
    const at = c.offsets[i]! + field;
    a[at] = a[at]! + amount;
  }
}

/** Raises field to at least value in every cell (the maxima: longest wait, peak waiting). */
export function raise(c: Cells, field: number, value: number): void {
  c.edge?.note(field, value);
  for (let i = 0; i < c.length; i++) {
    const a = c.arrays[i]!;
    const at = c.offsets[i]! + field;
    if (a[at]! < value) a[at] = value;
  }
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
  if (s.intervals) spanIntervals(s, s.intervals, clock, from, to, field);
  const last = Math.floor((to - 1) / MINUTE);
  for (let m = Math.max(Math.floor(from / MINUTE), last - RING + 1); m <= last; m++) {
    const offset = minuteOffset(s, m);
    if (offset >= 0)
      s.ring[offset + field] = s.ring[offset + field]! + (Math.min(to, (m + 1) * MINUTE) - Math.max(from, m * MINUTE));
  }
}

/** Sums the minute slots of minutes first…last (minute indexes, both included). */
export function sumMinutes(s: Series, first: number, last: number, into: Tally = newTally()): Tally {
  for (let i = 0; i < RING; i++) {
    const m = s.mins[i]!;
    if (m >= first && m <= last) addInto(into, s.ring, i * WIDTH);
  }
  return into;
}

export function dayTally(days: Map<number, Tally>, dayStart: number): Tally {
  const t = newTally();
  const d = days.get(dayStart);
  if (d) addInto(t, d);
  return t;
}
