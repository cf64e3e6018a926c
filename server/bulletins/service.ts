// Bulletins in Redis (a hash by id plus a version counter), mirrored in memory for the update tick. Every node
// polls the counter, so a bulletin posted through one node reaches the screens on all of them.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  BULLETIN_SEVERITIES,
  type Bulletin,
  type BulletinInput,
  type BulletinTargets,
} from '../../shared/bulletins.ts';
import { BULLETINS_KEY, BULLETINS_VERSION_KEY } from '../redis/keys.ts';
import { rateLimitedWarn } from '../redis/connection.ts';

const POLL_MS = 500;
/** Expired bulletins are kept this long (for the record), then dropped on the next write. */
const KEEP_EXPIRED_MS = 7 * 24 * 60 * 60 * 1000;

export interface BulletinServiceOptions {
  /** A commands connection (createRedis), owned by the caller. */
  redis: Redis;
  log: Logger;
  clock?: () => number;
  pollMs?: number;
}

export class BulletinError extends Error {}

export class BulletinService {
  private all = new Map<string, Bulletin>();
  /** The Redis counter as of our last read or write. */
  private known = 0;
  /** Changes whenever the active list may have: a write, another node's write, or an expiry passing. */
  private local = 0;
  private nextExpiry = Infinity;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly warn: (obj: object, msg: string) => void;

  constructor(private readonly o: BulletinServiceOptions) {
    this.clock = o.clock ?? Date.now;
    this.warn = rateLimitedWarn(o.log);
  }

  /** Reads the saved bulletins and starts watching for other nodes' changes. */
  async load(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => {
      this.polling = this.poll().catch((err: Error) => this.warn({ err: err.message }, 'could not check bulletins'));
    }, this.o.pollMs ?? POLL_MS);
    this.timer.unref();
  }

  /** Not expired at `now`: urgent first, then newest first. */
  active(now: number): Bulletin[] {
    return [...this.all.values()].filter((b) => b.expiresAt === null || b.expiresAt > now).sort(byPrecedence);
  }

  /** The bulletin `id` when it is active at `now`. */
  find(id: string, now: number): Bulletin | undefined {
    const b = this.all.get(id);
    return b && isActive(b, now) ? b : undefined;
  }

  /** Compare with the last value seen: when it differs, send `active(now)` again. */
  version(now: number): number {
    if (now >= this.nextExpiry) {
      this.local++;
      this.nextExpiry = this.earliestExpiryAfter(now);
    }
    return this.local;
  }

  async post(input: BulletinInput, by: string): Promise<Bulletin> {
    const now = this.clock();
    const b: Bulletin = {
      id: randomUUID(),
      text: input.text,
      severity: input.severity ?? 'info',
      targets: targetsOf(input.targets),
      createdBy: by,
      createdAt: now,
      updatedAt: now,
      expiresAt: expiryOf(input, now) ?? null,
    };
    await this.save(b, now);
    return b;
  }

  /** Fields given replace the bulletin's; those left out stay. Null when there is no active bulletin `id`. */
  async edit(id: string, input: BulletinInput): Promise<Bulletin | null> {
    const now = this.clock();
    const old = this.all.get(id);
    if (!old || !isActive(old, now)) return null;
    const expiresAt = expiryOf(input, now);
    const b: Bulletin = {
      ...old,
      text: input.text,
      severity: input.severity ?? old.severity,
      targets: input.targets ? targetsOf(input.targets) : old.targets,
      updatedAt: now,
      expiresAt: expiresAt === undefined ? old.expiresAt : expiresAt,
    };
    await this.save(b, now);
    return b;
  }

  /** Expires an active bulletin now; false when there is none with that id. */
  async expire(id: string): Promise<boolean> {
    const now = this.clock();
    const old = this.all.get(id);
    if (!old || !isActive(old, now)) return false;
    await this.save({ ...old, updatedAt: now, expiresAt: now }, now);
    return true;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  private async save(b: Bulletin, now: number): Promise<void> {
    const tx = this.o.redis.multi().hset(BULLETINS_KEY, b.id, JSON.stringify(b));
    const stale = [...this.all.values()]
      .filter((x) => x.expiresAt !== null && x.expiresAt < now - KEEP_EXPIRED_MS)
      .map((x) => x.id);
    if (stale.length) tx.hdel(BULLETINS_KEY, ...stale);
    tx.incr(BULLETINS_VERSION_KEY);
    const results = await tx.exec();
    if (!results) throw new Error('bulletin write was aborted');
    for (const [err] of results) if (err) throw err;
    const version = Number(results[results.length - 1]![1]);
    for (const id of stale) this.all.delete(id);
    this.all.set(b.id, b);
    this.changed(now);
    // Another node wrote in between: read everything rather than miss its change.
    if (version !== this.known + 1) await this.reload();
    else this.known = version;
  }

  private async poll(): Promise<void> {
    const v = Number((await this.o.redis.get(BULLETINS_VERSION_KEY)) ?? 0);
    if (v !== this.known) await this.reload();
  }

  private async reload(): Promise<void> {
    const [[, version], [, hash]] = (await this.o.redis
      .multi()
      .get(BULLETINS_VERSION_KEY)
      .hgetall(BULLETINS_KEY)
      .exec()) as [[null, string | null], [null, Record<string, string>]];
    const all = new Map<string, Bulletin>();
    for (const [id, json] of Object.entries(hash)) {
      try {
        all.set(id, JSON.parse(json) as Bulletin);
      } catch {
        this.o.log.warn({ id }, 'skipping an unreadable saved bulletin');
      }
    }
    this.all = all;
    this.known = Number(version ?? 0);
    this.changed(this.clock());
  }

  private changed(now: number): void {
    this.local++;
    this.nextExpiry = this.earliestExpiryAfter(now);
  }

  private earliestExpiryAfter(now: number): number {
    let next = Infinity;
    for (const b of this.all.values())
      if (b.expiresAt !== null && b.expiresAt > now && b.expiresAt < next) next = b.expiresAt;
    return next;
  }
}

const rank = (b: Bulletin) => BULLETIN_SEVERITIES.length - 1 - BULLETIN_SEVERITIES.indexOf(b.severity);
/** The order screens show bulletins in: urgent first, then newest first. */
export const byPrecedence = (a: Bulletin, b: Bulletin): number =>
  rank(a) - rank(b) || b.createdAt - a.createdAt || a.id.localeCompare(b.id);
export const isActive = (b: Bulletin, now: number) => b.expiresAt === null || b.expiresAt > now;

function targetsOf(t: BulletinInput['targets']): BulletinTargets {
  const out: BulletinTargets = {};
  if (t?.boards?.length) out.boards = [...new Set(t.boards)];
  if (t?.teams?.length) out.teams = [...new Set(t.teams)];
  return out;
}

/** undefined: not given (keep / none); null: never expires. */
function expiryOf(input: BulletinInput, now: number): number | null | undefined {
  if (input.ttlMin !== undefined) return now + Math.round(input.ttlMin * 60_000);
  if (input.expiresAt === undefined || input.expiresAt === null) return input.expiresAt;
  if (input.expiresAt <= now) throw new BulletinError('expiresAt is in the past');
  return input.expiresAt;
}
