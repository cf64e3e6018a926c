// The server's REST and socket.io surface on a real Redis: auth and roles, scoping, dead letters, health.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import {
  ADMIN_TOKEN,
  DISPLAY_TOKEN,
  FEED_TOKEN,
  LiveClient,
  agentToken,
  startTestNode,
  waitFor,
} from '../helpers/server.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
const stream = DEFAULT_STREAM;
const T0 = Date.now() - 60_000;
const ev = eventFactory(T0);

const xadd = (payload: string | Record<string, string>) => {
  const fields = typeof payload === 'string' ? ['event', payload] : Object.entries(payload).flat();
  return client.xadd(stream, '*', ...fields) as Promise<string>;
};

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, agentTokens: ['a1'] });
  for (const e of [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't2', queues: ['sales'] }),
    ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
  ])
    await xadd(JSON.stringify(e));
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

const get = (path: string, token?: string) =>
  fetch(node.url + path, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

describe('REST', () => {
  it('401 without a token or with a wrong one, 403 for a feed token', async () => {
    expect((await get('/api/v1/snapshot')).status).toBe(401);
    expect((await get('/api/v1/snapshot', 'nope-nope-nope-nope')).status).toBe(401);
    expect((await get('/api/v1/snapshot', FEED_TOKEN)).status).toBe(403);
  });

  it('admin and display see every agent; an agent sees only itself', async () => {
    await waitFor('events folded', () => node.live.state.stats.folded >= 3);
    for (const token of [ADMIN_TOKEN, DISPLAY_TOKEN]) {
      const s = await (await get('/api/v1/snapshot', token)).json();
      expect(s.agents.map((a: { id: string }) => a.id).sort()).toEqual(['a1', 'a2']);
    }
    const own = await (await get('/api/v1/snapshot', agentToken('a1'))).json();
    expect(own.agents.map((a: { id: string }) => a.id)).toEqual(['a1']);
    expect(own.queues.find((q: { id: string }) => q.id === 'sales').waiting).toBe(1);
  });

  it('health is public and reports Redis up', async () => {
    const r = await get('/api/v1/health');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', redis: 'up', dead: 0 });
  });

  it('the icon answers at the path the page declares and at the one browsers guess', async () => {
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const r = await fetch(node.url + path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toMatch(/^image\/svg\+xml/);
      expect(await r.text(), path).toContain('<svg');
    }
  });

  it('/ leads to the default board, keeping the token', async () => {
    const r = await fetch(`${node.url}/?token=x`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/wall/default?token=x');
  });
});

describe('dead letters', () => {
  it('bad entries go to <stream>:dead with a reason; the cursor moves past them; good ones still fold', async () => {
    const bad = [
      await xadd('{not json'),
      await xadd(JSON.stringify({ id: 'x1', type: 'call.offered', ts: T0 })), // no callId
      await xadd(JSON.stringify({ id: 'x2', type: 'call.teleported', ts: T0 })),
      await xadd({ payload: 'no event field' }),
    ];
    const good = await xadd(JSON.stringify(ev('call.offered', 20, { callId: 'c2', queueId: 'sales' })));
    const last = await xadd(
      JSON.stringify({ id: 'x3', type: 'call.answered', ts: 'soon', callId: 'c2', agentId: 'a1' }),
    );
    await waitFor('cursor at the last entry', () => node.live.state.cursor === last);
    const dead = (await client.xrange(`${stream}:dead`, '-', '+')) as [string, string[]][];
    expect(dead.map(([id]) => id)).toEqual([...bad, last]);
    const reasons = dead.map(([, f]) => f[f.indexOf('reason') + 1]);
    expect(reasons[0]).toMatch(/JSON/);
    expect(reasons[1]).toMatch(/callId/);
    expect(reasons[2]).toMatch(/unknown type/);
    expect(reasons[3]).toMatch(/event/);
    expect(reasons[4]).toMatch(/ts/);
    const s = await (await get('/api/v1/snapshot', ADMIN_TOKEN)).json();
    expect(s.cursor).toBe(last);
    expect(s.queues.find((q: { id: string }) => q.id === 'sales').waiting).toBe(2);
    expect(good).not.toBe(last);
    await waitFor('health counts them', async () => (await (await get('/api/v1/health')).json()).dead === 5);
  });
});

describe('socket.io', () => {
  it('refuses a missing or wrong token, and a feed token', async () => {
    for (const [token, message] of [
      ['', 'unauthorized'],
      ['wrong-wrong-wrong-wrong', 'unauthorized'],
      [FEED_TOKEN, 'forbidden'],
    ] as const) {
      const c = new LiveClient(node.url, token);
      const err = await waitFor('connect_error', () => c.connectError);
      expect(err.message).toBe(message);
      c.close();
    }
  });

  it('snapshot on connect, then updates at most every 250 ms; an agent gets only its own entry', async () => {
    const display = new LiveClient(node.url, DISPLAY_TOKEN);
    const agent = new LiveClient(node.url, agentToken('a1'));
    try {
      await waitFor('snapshots', () => display.snapshot && agent.snapshot);
      expect(display.snapshot!.agents.length).toBe(2);
      expect(agent.snapshot!.agents.map((a) => a.id)).toEqual(['a1']);
      for (let i = 0; i < 6; i++) {
        await xadd(
          JSON.stringify(
            ev('agent.state', 30 + i, {
              agentId: i % 2 ? 'a1' : 'a2',
              state: i % 4 < 2 ? 'aux' : 'available',
              reason: 'break',
            }),
          ),
        );
        await new Promise((r) => setTimeout(r, 60));
      }
      await waitFor('updates', () => display.updates.length >= 2 && agent.updates.length >= 1);
      await new Promise((r) => setTimeout(r, 600));
      const gaps = display.updates.slice(1).map((u, i) => u.asOf - display.updates[i]!.asOf);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
      for (const u of agent.updates) for (const a of u.agents ?? []) expect(a.id).toBe('a1');
      expect(display.updates.some((u) => u.agents?.some((a) => a.id === 'a2'))).toBe(true);
    } finally {
      display.close();
      agent.close();
    }
  });

  it('sends an update at least every 5 s when nothing happens', async () => {
    const c = new LiveClient(node.url, DISPLAY_TOKEN);
    try {
      await waitFor('snapshot', () => c.snapshot);
      const first = await waitFor('an update', () => c.updates[0], 6_000);
      const second = await waitFor('a second update', () => c.updates[1], 6_000);
      expect(second.asOf - first.asOf).toBeLessThanOrEqual(5_100);
    } finally {
      c.close();
    }
  });
});
