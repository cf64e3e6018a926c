// A past local day as the archive saw it: the engine state at the day's last instant holds every agent's timeline
// of that day (timelines keep the day and the hour before it), as the live engine holds today's. The archive covers
// the dates from its first event's up to yesterday (retention drops whole days from the oldest).
import type { Config } from '../../shared/config.ts';
import { addDays, DayClock, localWall } from '../../shared/time.ts';
import type { ArchiveStore } from '../archive/store.ts';
import type { EngineState } from '../engine/index.ts';
import { seek, type SeekQueue } from './seek.ts';

export type DayEnd =
  | { ok: true; state: EngineState }
  /** `holds`: the dates the archive covers (null: no past day yet). */
  | { ok: false; holds: { from: string; to: string } | null };

/** The state at the end of a local date (YYYY-MM-DD) before today, or the dates the archive covers instead. */
export async function dayEnd(
  store: ArchiveStore,
  config: Config,
  date: string,
  now: number,
  seeks: SeekQueue,
): Promise<DayEnd> {
  const yesterday = addDays(localWall(now, config.timezone).date, -1);
  const span = await store.span();
  const first = span && localWall(span.firstTs, config.timezone).date;
  if (!first || first > yesterday) return { ok: false, holds: null };
  if (date < first || date > yesterday) return { ok: false, holds: { from: first, to: yesterday } };
  const { end } = new DayClock(config.timezone).ofDate(date);
  const { state } = await seeks(() => seek(store, config, end - 1));
  return { ok: true, state };
}
