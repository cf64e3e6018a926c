// Local-day boundaries in an IANA time zone, without a tz library: Intl gives the wall-clock parts.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of the zone from UTC at instant ts, in ms (positive east of Greenwich). */
export function zoneOffsetMs(ts: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ts))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(ts / 1000) * 1000;
}

/** The instant local midnight began for the day containing ts. */
export function localDayStart(ts: number, tz: string): number {
  const offset = zoneOffsetMs(ts, tz);
  const wall = ts + offset;
  const wallMidnight = wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000);
  // The offset at midnight can differ from the offset at ts across a DST change.
  let start = wallMidnight - zoneOffsetMs(wallMidnight - offset, tz);
  if (start > ts) start = wallMidnight - offset;
  return start;
}

/** Caches the bounds of the last few days asked about, so the hot path rarely asks Intl. */
export class DayClock {
  /** [start, end) of recently used days, most recent first */
  private readonly days: [number, number][] = [];
  constructor(readonly timezone: string) {}

  private bounds(ts: number): [number, number] {
    for (const d of this.days) if (ts >= d[0] && ts < d[1]) return d;
    const start = localDayStart(ts, this.timezone);
    // The next day starts 24 h later except across a DST change: find it from a point safely inside it.
    const day: [number, number] = [start, localDayStart(start + 30 * 3_600_000, this.timezone)];
    this.days.unshift(day);
    if (this.days.length > 3) this.days.pop();
    return day;
  }

  dayStart(ts: number): number {
    return this.bounds(ts)[0];
  }

  /** The start of the day after the one containing ts. */
  nextDayStart(ts: number): number {
    return this.bounds(ts)[1];
  }

  /** A local date's (YYYY-MM-DD) [start, end). Found from its noon: no zone changes its offset at noon. */
  ofDate(date: string): { start: number; end: number } {
    const noonUtc = Date.parse(`${date}T12:00:00Z`);
    const [start, end] = this.bounds(noonUtc - zoneOffsetMs(noonUtc, this.timezone));
    return { start, end };
  }
}

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → the UTC midnight of that calendar date (a wall-clock reading, not an instant in any zone). */
function wallDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** The calendar date `days` after a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return new Date(wallDay(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant a local date's wall-clock time (minutes after its midnight, up to 1440) happens in the zone; null
 * when the zone skips it (the hour a spring-forward day loses). A time a fall-back day repeats is its first.
 */
export function localInstant(date: string, minutes: number, tz: string): number | null {
  const wall = wallDay(date) + minutes * 60_000;
  // The zone's offsets a day either side cover both readings of a day with a change.
  let first: number | null = null;
  for (const offset of [zoneOffsetMs(wall - DAY_MS, tz), zoneOffsetMs(wall + DAY_MS, tz)]) {
    const ts = wall - offset;
    if (ts + zoneOffsetMs(ts, tz) === wall && (first === null || ts < first)) first = ts;
  }
  return first;
}

/** An instant as the zone's wall clock: its local date and the minutes since that date's midnight. */
export function localWall(ts: number, tz: string): { date: string; minutes: number } {
  const wall = ts + zoneOffsetMs(ts, tz);
  const day = Math.floor(wall / DAY_MS) * DAY_MS;
  return { date: new Date(day).toISOString().slice(0, 10), minutes: Math.floor((wall - day) / 60_000) };
}
