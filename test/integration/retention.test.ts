// Stream retention on a real redis-server: the config key, XTRIM MINID ~ of the stream and its dead letters,
// done only by the lease holder; and the lease itself (one holder, compare-and-set renewal, failover).
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { Lease } from '../../server/lease.ts';
import { deadStream } from '../../server/redis/keys.ts';
import { Retention } from '../../server/retention.ts';
import { useRedis } from '../helpers/redis.ts';
import { waitFor } from '../helpers/server.ts';

const getRedis = useRedis();
const silent = pino({ level: 'silent' });
const HOUR = 3_600_000;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(getRedis().url, { protocol: 2 });
});
beforeEach(async () => {
  await redis.flushdb();
});
afterAll(() => {
  redis.disconnect();
});

describe('retention config', () => {
  it('defaults to 48 hours and refuses less than 25', () => {
    expect(parseConfig({}).retention).toEqual({ streamHours: 48 });
    expect(parseConfig({ retention: { streamHours: 72 } }).retention.streamHours).toBe(72);
    expect(parseConfig({ retention: {} }).retention.streamHours).toBe(48);
    expect(() => parseConfig({ retention: { streamHours: 24 } })).toThrow(
      'config retention.streamHours: must be at least 25 (a whole local day must stay in the stream)',
    );
    expect(() => parseConfig({ retention: { streamHours: '48' } })).toThrow(/retention\.streamHours/);
    expect(() => parseConfig({ retention: { streamMinutes: 5 } })).toThrow(
      'unknown config key: retention.streamMinutes',
    );
  });
});

/** `count` entries one second apart from `fromMs`, with ids carrying those times, as Redis would have given them. */
async function fill(key: string, fromMs: number, count: number): Promise<void> {
  const p = redis.pipeline();
  for (let i = 0; i < count; i++) p.xadd(key, `${fromMs + i * 1000}-0`, 'event', `{"n":${i}}`);
  await p.exec();
}

const idsAfter = async (key: string, ms: number) => (await redis.xrange(key, `${ms}-0`, '+')).length;

describe('Retention', () => {
  const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
  const stream = 'ret:events';

  it('trims entries older than the retention from the stream and its dead letters, keeping every newer one', async () => {
    // 500 entries from 50 h ago, 60 from 1 h ago; dead letters likewise 300 and 20.
    await fill(stream, NOW - 50 * HOUR, 500);
    await fill(stream, NOW - HOUR, 60);
    await fill(deadStream(stream), NOW - 50 * HOUR, 300);
    await fill(deadStream(stream), NOW - HOUR, 20);

    const r = new Retention({ redis, stream, hours: 48, log: silent, clock: () => NOW });
    expect(r.minId()).toBe(`${NOW - 48 * HOUR}-0`);
    const removed = await r.trim();

    // `~` removes whole stream nodes only (100 entries each by default): some old entries may stay, never a new one.
    const keptOld = (await redis.xlen(stream)) - 60;
    expect(await idsAfter(stream, NOW - 48 * HOUR)).toBe(60);
    expect(keptOld).toBeGreaterThanOrEqual(0);
    expect(keptOld).toBeLessThan(100);
    expect(removed.stream).toBe(500 - keptOld);
    const keptDead = (await redis.xlen(deadStream(stream))) - 20;
    expect(await idsAfter(deadStream(stream), NOW - 48 * HOUR)).toBe(20);
    expect(keptDead).toBeLessThan(100);
    expect(removed.dead).toBe(300 - keptDead);

    // A stream younger than the retention loses nothing.
    expect(await new Retention({ redis, stream, hours: 100, log: silent, clock: () => NOW }).trim()).toEqual({
      stream: 0,
      dead: 0,
    });
  });

  it('trims on its timer only while its node holds the lease', async () => {
    await fill(stream, NOW - 50 * HOUR, 300);
    let leader = false;
    const r = new Retention({
      redis,
      stream,
      hours: 48,
      log: silent,
      clock: () => NOW,
      everyMs: 30,
      leader: () => leader,
    });
    r.start();
    try {
      await new Promise((res) => setTimeout(res, 200));
      expect(await redis.xlen(stream)).toBe(300);
      leader = true;
      await waitFor('the trim', async () => (await redis.xlen(stream)) < 100, 5_000);
    } finally {
      await r.stop();
    }
  });

  it('refuses a non-positive retention', () => {
    expect(() => new Retention({ redis, stream, hours: 0, log: silent })).toThrow(
      'retention hours must be positive, got 0',
    );
  });
});

describe('Lease', () => {
  const key = 'floorboard:lease:test';
  const leases: Lease[] = [];
  const lease = (owner: string, r: Redis = redis) => {
    const l = new Lease({ redis: r, key, owner, ttlMs: 600, renewEveryMs: 100, log: silent });
    leases.push(l);
    return l;
  };
  afterAll(async () => {
    await Promise.all(leases.map((l) => l.stop()));
  });

  it('has one holder at a time, renews it past its TTL, and hands it over at once when released', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.start();
    await b.start();
    expect([a.held(), b.held()]).toEqual([true, false]);
    // Well past one TTL: renewed by a, never taken by b.
    await new Promise((r) => setTimeout(r, 1_500));
    expect([a.held(), b.held()]).toEqual([true, false]);
    expect(await redis.get(key)).toBe('a');
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(600);

    await a.stop();
    expect(a.held()).toBe(false);
    await waitFor('b to take the released lease', () => b.held(), 1_000);
    expect(await redis.get(key)).toBe('b');
  });

  it('fails over when the holder dies: the lease expires and another node takes it', async () => {
    const own = new Redis(getRedis().url, { protocol: 2 });
    const a = lease('a', own);
    const b = lease('b');
    const changes: boolean[] = [];
    b.onChange((held) => changes.push(held));
    await a.start();
    await b.start();
    expect(a.held()).toBe(true);
    // a's connection goes away, as with a killed process: it can no longer renew, and b waits out the TTL.
    own.disconnect();
    const lostAt = Date.now();
    await waitFor('a to see its lease lapse', () => !a.held(), 1_000);
    await waitFor('b to take over', () => b.held(), 2_000);
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(300);
    expect(changes).toEqual([true]);
    expect(await redis.get(key)).toBe('b');
  });

  it("a holder whose lease was taken (it stalled past the TTL) does not renew someone else's", async () => {
    const a = lease('a');
    await a.start();
    await redis.set(key, 'intruder', 'PX', 10_000);
    await waitFor('a to notice', () => !a.held(), 1_000);
    expect(await redis.get(key)).toBe('intruder');
    expect(await redis.pttl(key)).toBeGreaterThan(9_000);
  });
});
