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

/** Caches the current day's bounds so the hot path rarely asks Intl. */
export class DayClock {
  private start = Number.POSITIVE_INFINITY;
  private end = Number.NEGATIVE_INFINITY;
  constructor(readonly timezone: string) {}

  dayStart(ts: number): number {
    if (ts >= this.start && ts < this.end) return this.start;
    const start = localDayStart(ts, this.timezone);
    // The next day starts 24 h later except across a DST change: find it from a point safely inside it.
    const end = localDayStart(start + 30 * 3_600_000, this.timezone);
    this.start = start;
    this.end = end;
    return start;
  }

  /** The start of the day after the one containing ts. */
  nextDayStart(ts: number): number {
    this.dayStart(ts);
    return this.end;
  }
}
