// The action store's compare-and-set transitions on a real redis-server: one taker, one settlement, one audit
// entry, whatever races; deadlines read against Redis's own clock.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionCommand } from '../../shared/actions.ts';
import { ActionStore, EXPIRED_MESSAGE, NO_OUTCOME_MESSAGE } from '../../server/actions/store.ts';
import { AUDIT_STREAM, actionKey, commandsStream } from '../../server/redis/keys.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';

let redis: RedisProcess;
let client: Redis;
let store: ActionStore;
let n = 0;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  store = new ActionStore(client, 's');
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const command = (ts = Date.now()): ActionCommand => ({
  id: `act-${++n}`,
  agentId: 'a-1',
  action: 'pause',
  reason: 'break',
  by: 'sam',
  ts,
});
const audited = async (id: string) =>
  ((await client.xrange(AUDIT_STREAM, '-', '+')) as Array<[string, string[]]>)
    .filter(([, f]) => JSON.parse(f[7]!).id === id)
    .map(([, f]) => f[3]);

describe('ActionStore', () => {
  it('appends the command and records it pending', async () => {
    const cmd = command();
    await store.create(cmd);
    const [latest] = (await client.xrevrange(commandsStream('s'), '+', '-', 'COUNT', 1)) as Array<[string, string[]]>;
    expect(latest![1]).toEqual(['command', JSON.stringify(cmd)]);
    expect(await store.status(cmd.id)).toEqual({ id: cmd.id, state: 'pending' });
  });

  it('of two adapters only the first takes a command; only the taker settles it, once, with one audit entry', async () => {
    const cmd = command();
    await store.create(cmd);
    const [a, b] = await Promise.all([store.claim(cmd.id, 'a'), store.claim(cmd.id, 'b')]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const taker = a ? 'a' : 'b';
    const other = a ? 'b' : 'a';
    expect(await store.status(cmd.id)).toEqual({ id: cmd.id, state: 'pending' });
    expect(await store.finish(cmd.id, other, { ok: true, message: 'x' })).toBe(false);
    expect(await store.finish(cmd.id, taker, { ok: false, message: 'Interface not found' })).toBe(true);
    expect(await store.finish(cmd.id, taker, { ok: true, message: 'again' })).toBe(false);
    expect(await store.status(cmd.id)).toEqual({ id: cmd.id, state: 'failed', message: 'Interface not found' });
    expect(await audited(cmd.id)).toEqual(['action.failed']);
  });

  it('a command past its 10 s is no longer taken, and reads as expired', async () => {
    const cmd = command(Date.now() - 10_001);
    await store.create(cmd);
    expect(await store.claim(cmd.id, 'a')).toBe(false);
    expect(await store.status(cmd.id)).toEqual({ id: cmd.id, state: 'expired', message: EXPIRED_MESSAGE });
    expect(await store.sweep(Date.now())).toBe(0);
    expect(await audited(cmd.id)).toEqual(['action.expired']);
  });

  it('a taken command whose adapter reports nothing in 60 s fails; a late outcome is refused', async () => {
    const cmd = command();
    await store.create(cmd);
    expect(await store.claim(cmd.id, 'a')).toBe(true);
    expect(await store.sweep(Date.now() + 120_000)).toBe(0); // not due by Redis's clock yet
    await client.hset(actionKey(cmd.id), 'takenAt', Date.now() - 60_001);
    expect(await store.sweep(Date.now() + 120_000)).toBe(1);
    expect(await store.status(cmd.id)).toEqual({ id: cmd.id, state: 'failed', message: NO_OUTCOME_MESSAGE });
    expect(await store.finish(cmd.id, 'a', { ok: true, message: 'late' })).toBe(false);
    expect(await audited(cmd.id)).toEqual(['action.failed']);
  });

  it('an unknown id has no status', async () => {
    expect(await store.status('act-none')).toBeNull();
  });
});
