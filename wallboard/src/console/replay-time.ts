// The replay bar's date and time are the centre's wall clock (its zone, not the browser's): `datetime-local` text
// to an instant and back.
import { zoneOffsetMs } from '../../../shared/time.ts';

/** "2026-12-04T10:42" in `timeZone` → ms since the epoch; null when the text is not such a date-time. */
export function localToInstant(text: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // The offset at the instant itself, found from the offset at the wall time read as UTC (one DST step at most).
  const guess = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(guess, timeZone);
}

/** ms → "2026-12-04T10:42" as the wall clock of `timeZone` reads. */
export function instantToLocal(ts: number, timeZone: string): string {
  return new Date(ts + zoneOffsetMs(ts, timeZone)).toISOString().slice(0, 16);
}

/** The local day the text's date names: [its midnight, the next midnight) in `timeZone`; null for no date. */
export function localDay(text: string, timeZone: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return null;
  const next = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + 1)).toISOString().slice(0, 10);
  const from = localToInstant(`${m[0]}T00:00`, timeZone);
  const to = localToInstant(`${next}T00:00`, timeZone);
  return from === null || to === null ? null : { from, to };
}
