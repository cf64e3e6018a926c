// What the fold checks before it writes anything: whether an event's time can be trusted for its entry, and
// that the one computation that can fail on an event's values (the zone's day bounds) succeeds.
import type { Config } from '../../shared/config.ts';
import { MAX_EVENT_TS } from '../../shared/events.ts';
import type { DayClock } from '../../shared/time.ts';

/**
 * The time the fold judges an event's ts by. The engine has no clock of its own: the node passes, for each stream
 * entry, the instant the entry reached the log (the time part of its Redis-assigned id), so a refold of the same
 * log reaches the same state on any node, at any later time, from a checkpoint or from the start.
 */
export interface FoldContext {
  arrivalMs: number;
  /** How far ahead of its arrival an event may be stamped (`ingest.maxFutureSkewSec`). */
  maxFutureSkewMs: number;
  /** How far behind its arrival an event may be stamped: the stream's retention (`retention.streamHours`). */
  maxAgeMs: number;
}

/** What the config decides of a FoldContext; the arrival comes with each entry. */
export type FoldLimits = Omit<FoldContext, 'arrivalMs'>;

export function foldLimits(config: Config): FoldLimits {
  return { maxFutureSkewMs: config.ingest.maxFutureSkewSec * 1000, maxAgeMs: config.retention.streamHours * 3_600_000 };
}

/** Whether ts is a time the node can trust for this entry: neither ahead of its arrival nor older than retention. */
export function tsInRange(ts: number, ctx: FoldContext): boolean {
  return ts <= ctx.arrivalMs + ctx.maxFutureSkewMs && ts >= ctx.arrivalMs - ctx.maxAgeMs;
}

/** Throws, before anything is written, for an instant the fold could not finish with (the schema already refuses these). */
export function preflight(clock: DayClock, ts: number): void {
  if (!Number.isSafeInteger(ts) || ts < 0 || ts > MAX_EVENT_TS)
    throw new RangeError(`ts ${ts} is not an instant the engine can fold`);
  clock.dayStart(ts);
  clock.nextDayStart(ts);
}
