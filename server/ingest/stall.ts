// Notices ingestion that has stopped: entries after the consumer's cursor have been seen waiting, with the cursor
// standing still, for `stallAfterMs`. Whatever the cause (an entry being retried, a command that never returns, a bug), health then
// answers 503 ("ingest stalled") and screens mark their numbers stale, instead of showing frozen figures as live.
import type { Redis } from 'ioredis';
import { idTimeMs } from '../redis/ids.ts';

export const INGEST_STALLED = 'ingest stalled';

export interface StallWatchOptions {
  /** A commands connection, owned by the caller. */
  redis: Redis;
  stream: string;
  /** The last entry the consumer processed, null before the first. */
  cursor: () => string | null;
  stallAfterMs: number;
  /** How often the cursor is looked at; the stall is reported at most this long after stallAfterMs. */
  everyMs?: number;
  clock?: () => number;
}

export class StallWatch {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private seen: string | null | undefined = undefined;
  /** When this watch first saw entries waiting after an unmoved cursor; null while none wait or it moves. */
  private waitingSince: number | null = null;
  /** The first entry after the cursor, once it has waited stallAfterMs: set means stalled. */
  private stuckAt: string | null = null;

  constructor(private readonly o: StallWatchOptions) {
    if (!(o.stallAfterMs > 0)) throw new Error(`stallAfterMs must be positive, got ${o.stallAfterMs}`);
    this.clock = o.clock ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.checking = this.check();
    }, this.o.everyMs ?? 1_000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** True once entries after an unmoved cursor have been seen waiting for stallAfterMs. */
  isStalled(): boolean {
    return this.stuckAt !== null;
  }

  /** While stalled, how long the first entry after the cursor has been in the stream; null otherwise. */
  lagMs(now: number): number | null {
    return this.stuckAt === null ? null : Math.max(0, now - idTimeMs(this.stuckAt));
  }

  /**
   * One look. A cursor that moved since the last look resets everything (and costs no command: a node folding
   * a backlog is not asked anything). Otherwise the stream is asked for the first entry after the cursor: the
   * time it was first seen waiting is kept, so an entry that arrives after a quiet hour and is folded at once
   * never counts, and a consumer stuck on one is reported stallAfterMs after it was first seen.
   */
  async check(): Promise<void> {
    const cursor = this.o.cursor();
    if (cursor !== this.seen) {
      this.seen = cursor;
      this.waitingSince = null;
      this.stuckAt = null;
      return;
    }
    // Offline, ioredis would queue the command until Redis is back; "redis unreachable" already says enough.
    if (this.o.redis.status !== 'ready') return;
    let next: string | null;
    try {
      next = await this.nextEntry(cursor);
    } catch {
      return; // lost between the status check and the reply: judged again on the next look
    }
    if (this.o.cursor() !== cursor) return; // moved meanwhile: the next look resets
    const now = this.clock();
    if (next === null) {
      this.waitingSince = null;
      this.stuckAt = null;
      return;
    }
    this.waitingSince ??= now;
    this.stuckAt = now - this.waitingSince >= this.o.stallAfterMs ? next : null;
  }

  private async nextEntry(cursor: string | null): Promise<string | null> {
    const after = cursor === null ? '-' : `(${cursor}`;
    const next = (await this.o.redis.xrange(this.o.stream, after, '+', 'COUNT', 1)) as [string, string[]][];
    return next[0]?.[0] ?? null;
  }
}
