// Bulletins on a real node and Redis: posting, editing and expiring over REST, who gets which, the version
// counter the update tick watches (also when a bulletin runs out by time), and a second node noticing.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bulletin } from '../../shared/bulletins.ts';
import { BulletinService } from '../../server/bulletins/service.ts';
import type { RunningNode } from '../../server/node.ts';
import { AUDIT_STREAM, BULLETINS_KEY } from '../../server/redis/keys.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, FEED_TOKEN, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../../shared/stream.ts';

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
const ev = eventFactory(Date.now() - 60_000);

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, agentTokens: ['a1', 'a2'] });
  for (const e of [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't2', queues: ['sales'] }),
  ]) {
    await client.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, JSON.stringify(e));
  }
  await waitFor('agents folded', () => node.live.state.agents.size === 2);
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

beforeEach(async () => {
  // Expire whatever an earlier test left active, through the API, so every test starts from an empty board.
  for (const b of (await (await call('GET', '/bulletins', ADMIN_TOKEN)).json()) as Bulletin[])
    await call('DELETE', `/bulletins/${b.id}`, ADMIN_TOKEN);
});

function call(method: string, path: string, token: string, body?: unknown) {
  return fetch(`${node.url}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const list = async (token: string) =>
  ((await (await call('GET', '/bulletins', token)).json()) as Bulletin[]).map((b) => b.text);

describe('REST', () => {
  it('posts, edits and expires a bulletin, each step visible at once and audited', async () => {
    const before = Date.now();
    const r = await call('POST', '/bulletins', ADMIN_TOKEN, {
      text: '  System maintenance at 18:00  ',
      severity: 'warning',
      ttlMin: 30,
    });
    expect(r.status).toBe(201);
    const b = (await r.json()) as Bulletin;
    expect(b).toMatchObject({
      text: 'System maintenance at 18:00',
      severity: 'warning',
      targets: {},
      createdBy: 'admin',
    });
    expect(b.createdAt).toBeGreaterThanOrEqual(before);
    expect(b.updatedAt).toBe(b.createdAt);
    expect(b.expiresAt).toBe(b.createdAt + 30 * 60_000);
    expect(await list(DISPLAY_TOKEN)).toEqual(['System maintenance at 18:00']);

    const e = await call('PUT', `/bulletins/${b.id}`, ADMIN_TOKEN, {
      text: 'Maintenance moved to 19:00',
      expiresAt: null,
    });
    expect(e.status).toBe(200);
    const edited = (await e.json()) as Bulletin;
    expect(edited).toMatchObject({
      id: b.id,
      text: 'Maintenance moved to 19:00',
      severity: 'warning',
      createdAt: b.createdAt,
      expiresAt: null,
    });
    expect(edited.updatedAt).toBeGreaterThanOrEqual(b.updatedAt);

    expect((await call('DELETE', `/bulletins/${b.id}`, ADMIN_TOKEN)).status).toBe(204);
    expect(await list(DISPLAY_TOKEN)).toEqual([]);
    expect((await call('DELETE', `/bulletins/${b.id}`, ADMIN_TOKEN)).status).toBe(404);
    expect((await call('PUT', `/bulletins/${b.id}`, ADMIN_TOKEN, { text: 'again' })).status).toBe(404);
    // Expired, not erased: the record stays in Redis.
    expect(JSON.parse((await client.hget(BULLETINS_KEY, b.id))!).expiresAt).toBeLessThanOrEqual(Date.now());

    const audit = (await client.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 3)) as [string, string[]][];
    expect(audit.map(([, f]) => f[f.indexOf('what') + 1]).reverse()).toEqual([
      'bulletin.post',
      'bulletin.edit',
      'bulletin.expire',
    ]);
  });

  it('refuses bad input with a message', async () => {
    const cases: [unknown, RegExp][] = [
      [{ text: '' }, /text/],
      [{ text: 'x'.repeat(501) }, /500/],
      [{ text: 'ok', severity: 'critical' }, /severity/],
      [{ text: 'ok', ttlMin: 5, expiresAt: Date.now() + 60_000 }, /not both/],
      [{ text: 'ok', expiresAt: Date.now() - 1_000 }, /past/],
      [{ text: 'ok', targets: { rooms: ['x'] } }, /rooms/],
      [{ text: 'ok', colour: 'red' }, /colour/],
    ];
    for (const [body, message] of cases) {
      const r = await call('POST', '/bulletins', ADMIN_TOKEN, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(message);
    }
    expect((await call('POST', '/bulletins', ADMIN_TOKEN, { text: 'x'.repeat(500) })).status).toBe(201);
  });

  it('agents get bulletins for everyone and for their own team; walls get all; urgent ones first', async () => {
    for (const body of [
      { text: 'everyone' },
      { text: 'team 1', targets: { teams: ['t1'] } },
      { text: 'team 2', severity: 'urgent', targets: { teams: ['t2'] } },
      { text: 'lobby wall', targets: { boards: ['lobby'] } },
    ]) {
      expect((await call('POST', '/bulletins', ADMIN_TOKEN, body)).status).toBe(201);
      // Newer first among equals: keep the creation times apart.
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await list(agentToken('a1'))).toEqual(['team 1', 'everyone']);
    expect(await list(agentToken('a2'))).toEqual(['team 2', 'everyone']);
    expect(await list(DISPLAY_TOKEN)).toEqual(['team 2', 'lobby wall', 'team 1', 'everyone']);
  });

  it('only admins and supervisors write; a feed reads nothing', async () => {
    for (const token of [DISPLAY_TOKEN, agentToken('a1')])
      expect((await call('POST', '/bulletins', token, { text: 'hi' })).status).toBe(403);
    expect((await call('GET', '/bulletins', FEED_TOKEN)).status).toBe(403);
    expect((await fetch(`${node.url}/api/v1/bulletins`)).status).toBe(401);
  });
});

describe('the version the update tick watches', () => {
  it('changes on a post and when a bulletin runs out by time, and not otherwise', async () => {
    const v0 = node.bulletins.version(Date.now());
    expect(node.bulletins.version(Date.now())).toBe(v0);
    const b = (await (
      await call('POST', '/bulletins', ADMIN_TOKEN, { text: 'brief', ttlMin: 0.01 })
    ).json()) as Bulletin;
    const v1 = node.bulletins.version(Date.now());
    expect(v1).not.toBe(v0);
    expect(node.bulletins.active(b.expiresAt! - 1).map((x) => x.id)).toEqual([b.id]);
    expect(node.bulletins.version(b.expiresAt! - 1)).toBe(v1);
    expect(node.bulletins.version(b.expiresAt!)).not.toBe(v1);
    expect(node.bulletins.active(b.expiresAt!)).toEqual([]);
  });

  it("another node's service sees a change within a second", async () => {
    const other = new BulletinService({ redis: client, log: pino({ level: 'silent' }) });
    await other.load();
    try {
      const v = other.version(Date.now());
      const b = (await (await call('POST', '/bulletins', ADMIN_TOKEN, { text: 'from node 1' })).json()) as Bulletin;
      const started = Date.now();
      await waitFor('the other node to notice', () => other.version(Date.now()) !== v);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(other.active(Date.now()).map((x) => x.text)).toEqual(['from node 1']);
      // And the other way round: a node that wrote after someone else re-reads rather than missing that write.
      await other.expire(b.id);
      await waitFor('node 1 to notice', () => node.bulletins.active(Date.now()).length === 0);
    } finally {
      await other.close();
    }
  });
});
