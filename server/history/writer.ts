// The history writer: once per cluster (under the lease), each 15-minute interval's rows are written when it
// closes, from the live engine; intervals missing from the database (the node was down, the database was, another
// node held the lease and died) are refilled from the stream, folded afresh. Every write is an upsert, so an
// interval written twice is still one row per entity, with the same numbers.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../../shared/config.ts';
import { decodeEvent } from '../../shared/events.ts';
import { intervalOf, intervalStarts } from '../engine/interval-rows.ts';
import { createState, foldLimits, tsInRange, type EngineState } from '../engine/index.ts';
import { eventField } from '../../shared/stream.ts';
import { readRange } from '../stream/range.ts';
import { idTimeMs } from '../redis/ids.ts';
import { LeaderRounds } from '../leader-rounds.ts';
import { closedInterval, type ArrivedEvent, type ClosedInterval } from './recorder.ts';
import { recordEvents } from './replay.ts';
import type { HistoryStore } from './store.ts';

/** How long after an interval's end its rows are written: events stamped just before the end may still be in flight. */
export const CLOSE_GRACE_MS = 5_000;
const TICK_MS = 5_000;
/** The live engine answers for an interval only while its agents' logs still hold it (an hour of minutes). */
const LIVE_REACH_MS = 30 * 60_000;
/**
 * A stream that took no entry for this long is quiet: the intervals up to now are closed by the clock. While entries
 * arrive, an interval is closed only once an event at or after its end was folded: a replay or a simulator writing
 * the past fast must not have its intervals closed before their events are in.
 */
const QUIET_MS = 30_000;
/** An interval the live engine has not written this long after its end is refilled from the stream. */
const LIVE_MISS_MS = 60_000;
const RETENTION_EVERY_MS = 24 * 3_600_000;

export interface HistoryWriterOptions {
  store: HistoryStore;
  config: Config;
  state: () => EngineState;
  /** True while the stream consumer has folded everything there is. */
  caughtUp: () => boolean;
  /** Wall-clock time the last stream entry arrived. */
  lastEntryAt: () => number;
  leader: () => boolean;
  redis: Redis;
  stream: string;
  log: Logger;
  clock?: () => number;
  tickMs?: number;
}

export class HistoryWriter {
  private readonly rounds: LeaderRounds;
  /** The database may lack intervals (start, outage, lease change): look before trusting `written`. */
  private checkGaps = true;
  /** Starts of the recent intervals known to be in the database. */
  private readonly written = new Set<number>();
  private lastRetention = 0;
  /** The interval whose close last triggered a look for gaps. */
  private gapsLookedAfter = -1;
  /** A refill left intervals open because the stream was still active: look again once it is quiet. */
  private retryWhenQuiet = false;
  private readonly clock: () => number;
  /** Rows written, for tests and metrics. */
  readonly stats = { liveIntervals: 0, refilledIntervals: 0, failures: 0 };

  constructor(private readonly o: HistoryWriterOptions) {
    this.rounds = new LeaderRounds({
      name: 'HistoryWriter',
      leader: o.leader,
      tickMs: o.tickMs ?? TICK_MS,
      round: () => this.round(),
      failed: (err) => {
        this.stats.failures++;
        this.checkGaps = true;
        this.o.log.warn({ err: err.message }, 'history: writing failed; will retry and refill');
      },
    });
    this.clock = o.clock ?? Date.now;
  }

  start(): void {
    this.rounds.start();
  }

  /** A node that takes the lease cannot know what the last holder wrote. */
  leaderChanged(): void {
    this.checkGaps = true;
  }

  /** Runs one round now (tests); resolves when it is done. */
  tick(): Promise<void> {
    return this.rounds.tick();
  }

  async stop(): Promise<void> {
    await this.rounds.stop();
  }

  private async round(): Promise<void> {
    const now = this.clock();
    const state = this.o.state();
    const latest = intervalOf(state.clock, now - CLOSE_GRACE_MS).start;
    const last = intervalOf(state.clock, latest - 1);
    const quiet = now - this.o.lastEntryAt() >= QUIET_MS;
    // Once per interval, and whenever something may have gone missing, compare the database with the stream.
    if (last.start !== this.gapsLookedAfter || (this.retryWhenQuiet && quiet)) this.checkGaps = true;
    if (this.checkGaps) {
      await this.refill(latest, quiet);
      this.gapsLookedAfter = last.start;
    }
    if (!this.written.has(last.start)) {
      const passed = state.lastEventTs >= last.end || quiet;
      if (this.o.caughtUp() && passed && state.lastEventTs < last.end + LIVE_REACH_MS) {
        await this.write(closedInterval(state, last.start, last.end, now));
        this.stats.liveIntervals++;
      } else if (now > last.end + LIVE_MISS_MS) {
        // The live engine could not answer in time (catching up, or already past it): fold it afresh instead.
        this.checkGaps = true;
      }
    }
    if (now - this.lastRetention > RETENTION_EVERY_MS) {
      const removed = await this.o.store.deleteBefore(now - this.o.config.history.retentionDays * 86_400_000);
      this.lastRetention = now;
      if (removed)
        this.o.log.info({ removed, retentionDays: this.o.config.history.retentionDays }, 'history: deleted old rows');
    }
  }

  private async write(interval: ClosedInterval): Promise<void> {
    await this.o.store.upsertRows(interval.rows);
    await this.o.store.upsertCalls(interval.calls);
    await this.o.store.upsertFaults(interval.faults);
    this.written.add(interval.start);
    if (this.written.size > 200) this.written.delete(Math.min(...this.written));
  }

  /** Folds the stream afresh and writes the closed intervals (ending before `until`) the database lacks. */
  private async refill(until: number, quiet: boolean): Promise<void> {
    const state = this.o.state();
    const first = await this.firstEventTs();
    // An empty stream has no gaps yet; look again next round, as the first entries may well be of past intervals.
    if (first === null) return;
    // The interval of the first event is known whole only if the stream holds every entry it ever took: the live
    // engine then folded the same start, and the report must match it. Once trimmed, what came before is unknown.
    const whole = await neverTrimmed(this.o.redis, this.o.stream);
    const firstStart = intervalOf(state.clock, first).start;
    const present = await this.o.store.writtenStarts(firstStart, until);
    const missing = new Set(
      intervalStarts(state.clock, whole ? firstStart : first, until).filter(
        (s) => !present.has(s) && intervalOf(state.clock, s).end <= until,
      ),
    );
    for (const s of present) this.written.add(s);
    if (missing.size > 0) {
      this.o.log.info({ intervals: missing.size }, 'history: refilling intervals missing from the database');
      const range = quiet ? { until } : { atMost: until };
      const filled = await recordEvents(this.o.store, this.o.config, this.streamEvents(), {
        ...range,
        wanted: (s) => missing.has(s),
        // Nothing came before the first entry: a fresh engine is the state at the start of its interval.
        ...(whole ? { from: { state: createState(this.o.config), at: firstStart } } : {}),
      });
      this.stats.refilledIntervals += filled.length;
      for (const s of filled) this.written.add(s);
      this.retryWhenQuiet = filled.length < missing.size;
    }
    this.checkGaps = false;
  }

  private async *streamEvents(): AsyncGenerator<ArrivedEvent> {
    for await (const page of readRange(this.o.redis, this.o.stream, { fromMs: null, toMs: null })) {
      for (const entry of page) {
        const decoded = entry.fields ? decodeEvent(eventField(entry.fields)) : null;
        if (decoded?.ok) yield { event: decoded.event, arrivalMs: idTimeMs(entry.id) };
      }
    }
  }

  /** Event time of the stream's first entry the fold admits (judged by its arrival, as the live fold judges it). */
  private async firstEventTs(): Promise<number | null> {
    const limits = foldLimits(this.o.config);
    for await (const { event, arrivalMs } of this.streamEvents())
      if (tsInRange(event.ts, { ...limits, arrivalMs })) return event.ts;
    return null;
  }
}

/** Whether the stream still holds every entry ever added to it (XINFO's count of entries added equals its length). */
async function neverTrimmed(redis: Redis, stream: string): Promise<boolean> {
  const info = (await redis.xinfo('STREAM', stream)) as (string | number)[];
  const field = (name: string) => Number(info[info.indexOf(name) + 1]);
  return field('entries-added') === field('length');
}
