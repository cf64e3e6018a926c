// A Redis lease: one node of a cluster at a time does the things that must happen once (alert notifications
// and history, stream trims). Taken with SET NX PX, renewed and released with compare-and-set scripts, so a
// node only ever extends or drops a lease it still owns; when the holder dies the lease expires and another
// node takes it.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { rateLimitedWarn } from './redis/connection.ts';

const LEASE_TTL_MS = 5_000;

// Extend the lease only if it is still ours; 1 = extended, 0 = someone else's (or gone).
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  /** A commands connection, owned by the caller. */
  redis: Redis;
  key: string;
  /** This node's id: the lease's value, so the holder can be seen with GET. */
  owner: string;
  ttlMs?: number;
  /** How often to renew (when held) or try to take it (when not); default a fifth of the TTL. */
  renewEveryMs?: number;
  log: Logger;
}

export class Lease {
  private readonly ttlMs: number;
  private readonly everyMs: number;
  /** Local end of validity: measured from when the command was sent, so it never outlasts Redis' expiry. */
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private attempt: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly warn: (obj: object, msg: string) => void;
  private readonly listeners: ((held: boolean) => void)[] = [];
  private wasHeld = false;

  constructor(private readonly o: LeaseOptions) {
    this.ttlMs = o.ttlMs ?? LEASE_TTL_MS;
    this.everyMs = o.renewEveryMs ?? Math.max(50, Math.floor(this.ttlMs / 5));
    if (!(this.everyMs * 2 < this.ttlMs))
      throw new Error(`lease renewEveryMs (${this.everyMs}) must be under half its ttlMs (${this.ttlMs})`);
    this.warn = rateLimitedWarn(o.log);
  }

  /** Tries to take the lease now, then keeps renewing or retrying in the background. */
  async start(): Promise<void> {
    if (this.timer) throw new Error('Lease.start() called twice');
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    await this.tick();
  }

  /** True while this node holds the lease with time to spare; check right before each once-per-cluster action. */
  held(): boolean {
    return Date.now() < this.validUntil;
  }

  /** Called with true when this node takes the lease, false when it loses or gives it up. */
  onChange(listener: (held: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Stops renewing and releases the lease if held, so another node takes over at once instead of after the TTL. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.attempt;
    const wasHeld = this.held();
    this.validUntil = 0;
    this.notify();
    if (wasHeld) await this.o.redis.eval(RELEASE, 1, this.o.key, this.o.owner).catch(() => undefined);
  }

  private tick(): Promise<void> {
    // One attempt at a time: a slow Redis must not stack them up.
    this.attempt = this.attempt.then(() => (this.stopped ? undefined : this.renewOrTake()));
    return this.attempt;
  }

  private async renewOrTake(): Promise<void> {
    const sentAt = Date.now();
    // The reply may come after a pause; the margin keeps our view of the lease inside Redis' one.
    const until = sentAt + this.ttlMs - this.everyMs;
    try {
      const { redis, key, owner } = this.o;
      let ours: boolean;
      if (this.held()) {
        ours = (await redis.eval(RENEW, 1, key, owner, String(this.ttlMs))) === 1;
        if (!ours) this.o.log.warn({ key }, 'lease lost to another node');
      } else {
        ours = (await redis.set(key, owner, 'PX', this.ttlMs, 'NX')) === 'OK';
        // Our own lease from before a restart of this node (same id) is still ours.
        if (!ours) ours = (await redis.eval(RENEW, 1, key, owner, String(this.ttlMs))) === 1;
      }
      if (this.stopped) return;
      this.validUntil = ours ? until : 0;
    } catch (err) {
      this.warn({ key: this.o.key, err: (err as Error).message }, 'could not renew the lease');
      // Not renewed: the lease lapses at the time already known, as it does in Redis.
    }
    this.notify();
  }

  private notify(): void {
    const now = this.held();
    if (now === this.wasHeld) return;
    this.wasHeld = now;
    this.o.log.info(
      { key: this.o.key, owner: this.o.owner, held: now },
      now ? 'took the lease' : 'no longer holds the lease',
    );
    for (const l of this.listeners) l(now);
  }
}
