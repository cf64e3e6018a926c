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
}
