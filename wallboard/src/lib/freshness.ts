// How old the numbers on screen are, measured from the data's own time (issue 16 item 4): the server time the last
// update was computed for, or — while the server says its feed is cut off — the time of the last event it folded
// (the stream id of the cursor), since everything it computed after that repeats old facts.
import type { StaleInfo } from '../../../shared/snapshot.ts';

/** A Redis stream id's millisecond part (`1700000000000-3` → 1700000000000); null for the empty cursor `0-0`. */
export function streamIdMs(cursor: string): number | null {
  const m = /^(\d+)-\d+$/.exec(cursor);
  if (!m) throw new Error(`not a stream id: ${cursor}`);
  const ms = Number(m[1]);
  return ms > 0 ? ms : null;
}

export interface HeldData {
  /** Server time (ms) the last snapshot or update received was computed for. */
  asOf: number;
  /** Its cursor (stream id of the last event folded). */
  cursor: string;
  stale: StaleInfo | null;
}

/** Server time (ms) of the newest facts the screen holds. */
export function dataTime(held: HeldData): number {
  if (!held.stale) return held.asOf;
  const last = streamIdMs(held.cursor);
  return last === null ? held.stale.since : Math.min(last, held.asOf);
}

/** Seconds between the newest facts held and the server time `now` (never negative). */
export function dataAgeSec(held: HeldData, now: number): number {
  return Math.max(0, (now - dataTime(held)) / 1000);
}
