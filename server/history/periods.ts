// Report periods in the centre's zone: 15/30/60-minute steps from local midnight, local days, ISO weeks (from
// Monday) and calendar months, DST-aware (a day has 92, 96 or 100 quarter hours). Pure.
import type { ReportStep } from '../../shared/history.ts';
import { zoneOffsetMs, type DayClock } from '../../shared/time.ts';
import { intervalOf } from '../engine/interval-rows.ts';

const MINUTE = 60_000;
const STEP_MINUTES: Partial<Record<ReportStep, number>> = { '15m': 15, '30m': 30, '60m': 60 };

/** The local calendar date of an instant, as UTC fields. */
function localDate(ts: number, tz: string): Date {
  return new Date(ts + zoneOffsetMs(ts, tz));
}

/** The start of the step's period containing ts. */
function periodStart(clock: DayClock, step: ReportStep, ts: number): number {
  const day = clock.dayStart(ts);
  const minutes = STEP_MINUTES[step];
  if (minutes) {
    // Quarter hours are counted from local midnight; longer steps gather whole ones.
    let start = day;
    for (let s = day; s <= ts; s = intervalOf(clock, s).end) if (((s - day) / MINUTE) % minutes === 0) start = s;
    return start;
  }
  if (step === 'day') return day;
  let start = day;
  const back = (n: number) => {
    for (let i = 0; i < n; i++) start = clock.dayStart(start - 1);
  };
  const date = localDate(day + 12 * 3_600_000, clock.timezone);
  if (step === 'week') back((date.getUTCDay() + 6) % 7);
  else back(date.getUTCDate() - 1);
  return start;
}

/** The start of the next period after the one starting at `start`. */
function periodEnd(clock: DayClock, step: ReportStep, start: number): number {
  const minutes = STEP_MINUTES[step];
  if (minutes) {
    let end = start;
    for (let i = 0; i < minutes / 15; i++) end = intervalOf(clock, end).end;
    return Math.min(end, clock.nextDayStart(start));
  }
  if (step === 'day') return clock.nextDayStart(start);
  if (step === 'week') {
    let end = start;
    for (let i = 0; i < 7; i++) end = clock.nextDayStart(end);
    return end;
  }
  let end = clock.nextDayStart(start);
  while (localDate(end + 12 * 3_600_000, clock.timezone).getUTCDate() !== 1) end = clock.nextDayStart(end);
  return end;
}

/** The periods that overlap [from, to): their starts, then the end of the last one. */
export function periodBounds(clock: DayClock, step: ReportStep, from: number, to: number): number[] {
  const bounds = [periodStart(clock, step, from)];
  while (bounds[bounds.length - 1]! < to) bounds.push(periodEnd(clock, step, bounds[bounds.length - 1]!));
  return bounds;
}

/** Local days a period spans (for daily averages); null for periods shorter than a day. */
export function localDays(clock: DayClock, step: ReportStep, start: number, end: number): number | null {
  if (STEP_MINUTES[step]) return null;
  let n = 0;
  for (let d = start; d < end; d = clock.nextDayStart(d)) n++;
  return n;
}

/** The instant in the zone's local time, ISO 8601 with its offset: 2026-11-27T08:00:00+08:00. */
export function localIso(ts: number, tz: string): string {
  const offset = zoneOffsetMs(ts, tz);
  const wall = new Date(ts + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / MINUTE;
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
