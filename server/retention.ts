// Stream retention: entries older than the configured hours are trimmed from the event stream and its dead
// letters (XTRIM MINID ~), by whichever node holds the cluster's lease. Trimming by time rather than length
// keeps "today" rebuildable from the stream whatever the traffic (the config insists on at least 25 h).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { deadStream } from './redis/keys.ts';

const TRIM_EVERY_MS = 5 * 60_000;

export interface RetentionOptions {
  /** A commands connection, owned by the caller. */
  redis: Redis;
  stream: string;
  hours: number;
  /** Only the lease holder trims; absent: this node always does. */
  leader?: () => boolean;
  log: Logger;
  everyMs?: number;
  clock?: () => number;
}

export interface TrimResult {
  /** Entries removed from the event stream and from the dead-letter stream. */
  stream: number;
  dead: number;
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly clock: () => number;

  constructor(private readonly o: RetentionOptions) {
    if (!(o.hours > 0)) throw new Error(`retention hours must be positive, got ${o.hours}`);
    this.clock = o.clock ?? Date.now;
  }

  /** The oldest stream id kept: ids carry the time Redis added the entry. */
  minId(now = this.clock()): string {
    return `${Math.floor(now - this.o.hours * 3_600_000)}-0`;
  }

  /** Trims both streams now (whoever holds the lease). `~` lets Redis drop whole nodes only, which is cheap. */
  async trim(): Promise<TrimResult> {
    const min = this.minId();
    const { redis, stream } = this.o;
    const [removed, dead] = await Promise.all([
      redis.xtrim(stream, 'MINID', '~', min),
      redis.xtrim(deadStream(stream), 'MINID', '~', min),
    ]);
    const result = { stream: Number(removed), dead: Number(dead) };
    if (result.stream + result.dead > 0)
      this.o.log.info({ key: stream, minId: min, removed: result }, 'trimmed old stream entries');
    return result;
  }

  /** Trims every everyMs while this node leads. */
  start(): void {
    if (this.timer) throw new Error('Retention.start() called twice');
    this.timer = setInterval(() => {
      if (!(this.o.leader?.() ?? true)) return;
      this.running = this.trim().catch((err: Error) =>
        this.o.log.warn({ stream: this.o.stream, err: err.message }, 'stream trim failed; will retry'),
      );
    }, this.o.everyMs ?? TRIM_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
