// Notices ingestion that has stopped: the consumer's cursor has not moved for `stallAfterMs` while the stream holds
// entries after it. Whatever the cause (an entry being retried, a command that never returns, a bug), health then
// answers 503 ("ingest stalled") and screens mark their numbers stale, instead of showing frozen figures as live.
import type { Redis } from 'ioredis';

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
  private movedAt = 0;
  private stalled = false;

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

  /** True while the cursor has stood still for stallAfterMs with newer entries in the stream. */
  isStalled(): boolean {
    return this.stalled;
  }

  /** One look: exported for tests, which drive the clock. */
  async check(): Promise<void> {
    const cursor = this.o.cursor();
    const now = this.clock();
    if (cursor !== this.seen) {
      this.seen = cursor;
      this.movedAt = now;
      this.stalled = false;
      return;
    }
    // Offline, ioredis would queue the command until Redis is back; "redis unreachable" already says enough.
    if (now - this.movedAt < this.o.stallAfterMs || this.o.redis.status !== 'ready') return;
    try {
      this.stalled = await this.newerEntries(cursor);
    } catch {
      // Lost between the status check and the reply: judged again on the next look.
    }
  }

  private async newerEntries(cursor: string | null): Promise<boolean> {
    const after = cursor === null ? '-' : `(${cursor}`;
    const next = (await this.o.redis.xrange(this.o.stream, after, '+', 'COUNT', 1)) as unknown[];
    return next.length > 0 && this.o.cursor() === cursor;
  }
}
