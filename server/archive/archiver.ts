// The archiver: once per cluster (under the lease), appends every entry of the stream to the event archive in
// batches, from the last stream id the archive holds, so a node that takes the lease over goes on where the last
// holder stopped and an entry appended twice is still one row. After appending it keeps an engine checkpoint at
// each settled interval boundary (every 15 minutes of event time) for replay to start from.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import client from 'prom-client';
import type { Config } from '../../shared/config.ts';
import { decodeEvent } from '../../shared/events.ts';
import { eventField } from '../../shared/stream.ts';
import { DayClock } from '../../shared/time.ts';
import { foldLimits, tsInRange, type FoldLimits } from '../engine/index.ts';
import { intervalStarts } from '../engine/interval-rows.ts';
import { idTimeMs } from '../redis/ids.ts';
import { seek } from '../replay/seek.ts';
import { readAfter } from '../stream/range.ts';
import { LeaderRounds } from '../leader-rounds.ts';
import type { ArchiveStore, ArchivedEntry } from './store.ts';

const TICK_MS = 1_000;
const PAGE = 2_000;
/** Pages appended per round at most: a long backlog is archived over several rounds, the loop free between them. */
const PAGES_PER_ROUND = 25;
/** A boundary gets its checkpoint once an event this much later is archived: events stamped just before it may still come. */
export const SETTLE_MS = 60_000;
const CHECKPOINTS_PER_ROUND = 4;
const RETENTION_EVERY_MS = 24 * 3_600_000;

export interface ArchiverOptions {
  store: ArchiveStore;
  config: Config;
  redis: Redis;
  stream: string;
  leader: () => boolean;
  log: Logger;
  /** Where the lag and the count go (the node's /metrics registry). */
  registry?: client.Registry;
  clock?: () => number;
  tickMs?: number;
}

export class Archiver {
  private readonly rounds: LeaderRounds;
  /** The last stream id archived; undefined: ask the archive (at start, after a change of lease holder). */
  private cursor: string | null | undefined = undefined;
  /** The latest event time archived, and the first (checkpoints start after it). */
  private high = Number.NEGATIVE_INFINITY;
  private first: number | null = null;
  private lastRetention = 0;
  private readonly clock: () => number;
  private readonly days: DayClock;
  private readonly limits: FoldLimits;
  /** How far behind the stream's newest entry the archive is, as of the last round (0 when caught up). */
  lagMs = 0;
  readonly stats = { appended: 0, checkpoints: 0, failures: 0 };

  constructor(private readonly o: ArchiverOptions) {
    this.rounds = new LeaderRounds({
      name: 'Archiver',
      leader: o.leader,
      tickMs: o.tickMs ?? TICK_MS,
      round: () => this.round(),
      failed: (err) => {
        this.stats.failures++;
        this.cursor = undefined;
        this.o.log.warn({ err: err.message }, 'archive: appending failed; will retry');
      },
    });
    this.clock = o.clock ?? Date.now;
    this.days = new DayClock(o.config.timezone);
    this.limits = foldLimits(o.config);
    if (o.registry) this.register(o.registry);
  }

  start(): void {
    this.rounds.start();
  }

  /** A node that takes the lease cannot know how far the last holder got. */
  leaderChanged(): void {
    this.cursor = undefined;
  }

  /** Runs one round now (tests); resolves when it is done. */
  tick(): Promise<void> {
    return this.rounds.tick();
  }

  async stop(): Promise<void> {
    await this.rounds.stop();
  }

  private async round(): Promise<void> {
    if (this.cursor === undefined) {
      this.cursor = await this.o.store.lastId();
      const span = await this.o.store.span();
      this.high = span?.lastTs ?? Number.NEGATIVE_INFINITY;
      this.first = span?.firstTs ?? null;
    }
    await this.append();
    await this.checkpoints();
    const now = this.clock();
    if (now - this.lastRetention > RETENTION_EVERY_MS) {
      const days = await this.o.store.deleteBefore(now - this.o.config.history.retentionDays * 86_400_000);
      this.lastRetention = now;
      if (days) this.o.log.info({ days }, 'archive: dropped days past retention');
    }
  }

  private async append(): Promise<void> {
    for (let pages = 0; pages < PAGES_PER_ROUND; pages++) {
      if (!this.o.leader()) return;
      const page = await readAfter(this.o.redis, this.o.stream, this.cursor ?? null, PAGE);
      if (page.length === 0) {
        this.lagMs = 0;
        return;
      }
      const entries: ArchivedEntry[] = [];
      const unclean = new Set<number>();
      for (const { id, fields } of page) {
        const decoded = fields ? decodeEvent(eventField(fields), this.o.config.ingest.maxEntryBytes) : null;
        if (!decoded?.ok) continue; // dead-lettered by every node: never folded, so not archived
        const ts = decoded.event.ts;
        // Refused by every node's fold for its time (ahead of its arrival, or older than retention): never folded
        // either, and a ts decades off must not move the archive's span (every boundary in between is walked).
        if (!tsInRange(ts, { ...this.limits, arrivalMs: idTimeMs(id) })) continue;
        // Stamped before an event already archived: every boundary in between was crossed out of order.
        if (ts < this.high) for (const b of intervalStarts(this.days, ts, this.high)) unclean.add(b);
        else this.high = ts;
        this.first ??= ts;
        if (ts < this.first) this.first = ts;
        entries.push({ id, event: decoded.event });
      }
      this.stats.appended += await this.o.store.append(entries, [...unclean]);
      this.cursor = page[page.length - 1]!.id;
      this.lagMs = page.length < PAGE ? 0 : Math.max(0, this.clock() - idTimeMs(this.cursor));
      if (page.length < PAGE) return;
    }
  }

  /** Checkpoints at the boundaries after the latest one that are settled and were crossed cleanly. */
  private async checkpoints(): Promise<void> {
    if (this.first === null) return;
    const last = await this.o.store.lastCheckpointAt();
    const from = last === null ? this.first : last + 1;
    const to = this.high - SETTLE_MS + 1;
    if (to <= from) return;
    const unclean = await this.o.store.uncleanIn(from, to);
    const due = intervalStarts(this.days, from, to).filter((b) => !unclean.has(b));
    for (const b of due.slice(0, CHECKPOINTS_PER_ROUND)) {
      if (!this.o.leader()) return;
      const { state } = await seek(this.o.store, this.o.config, b);
      await this.o.store.saveCheckpoint(b, state);
      this.stats.checkpoints++;
    }
  }

  private register(registry: client.Registry): void {
    const self = this;
    new client.Gauge({
      name: 'floorboard_archive_lag_seconds',
      help: 'How far the event archive is behind the newest stream entry (on the lease holder; 0 elsewhere and when caught up).',
      registers: [registry],
      collect() {
        this.set(self.o.leader() ? self.lagMs / 1000 : 0);
      },
    });
    new client.Counter({
      name: 'floorboard_archive_entries_total',
      help: 'Stream entries this node appended to the event archive.',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(self.stats.appended);
      },
    });
  }
}
