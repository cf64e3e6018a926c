// Redis (appendonly, as the embedded one) stops for 30 s and comes back on the same port and data: meanwhile the
// node keeps serving its last numbers marked stale and reports 503 with the reason; afterwards it reconnects on
// its own, folds what was written since, reports healthy, and the open screen recovers without reconnecting.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Health, Snapshot } from '../../shared/snapshot.ts';
import type { RunningNode } from '../../server/node.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, startTestNode, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddEvents } from '../helpers/stream-writer.ts';

const STREAM = 'outage:events';
const OUTAGE_MS = 30_000;

let dir: string;
let redis: RedisProcess;
let node: RunningNode | undefined;
let screen: LiveClient | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-outage-'));
  redis = await startRedis({ appendonly: true, dir });
});
afterAll(async () => {
  screen?.close();
  await node?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function get<T>(p: string): Promise<{ status: number; body: T }> {
  const res = await fetch(node!.url + p, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as T };
}

async function write(events: object[]): Promise<string> {
  const c = new Redis(redis.url, { protocol: 2 });
  try {
    await xaddEvents(c, STREAM, events);
    return await lastStreamId(c, STREAM);
  } finally {
    c.disconnect();
  }
}

async function reference(asOf: number) {
  const c = new Redis(redis.url, { protocol: 2 });
  try {
    return await referenceView(c, STREAM, testConfig({ redisUrl: redis.url }), asOf);
  } finally {
    c.disconnect();
  }
}

it('serves the last state marked stale through a 30 s outage, then reconnects and catches up', {
  timeout: 120_000,
}, async () => {
  node = await startTestNode({ redisUrl: redis.url, stream: STREAM });
  screen = new LiveClient(node.url, DISPLAY_TOKEN);
  const t0 = Date.now() - 10 * 60_000;
  let n = 0;
  const ev = (type: string, sec: number, fields: object) => ({ id: `o-${++n}`, type, ts: t0 + sec * 1000, ...fields });

  const before = await write([
    ev('agent.login', 0, { agentId: 'a-1', queues: ['sales'] }),
    ev('call.offered', 5, { callId: 'c-1', queueId: 'sales' }),
    ev('call.offered', 6, { callId: 'c-2', queueId: 'sales' }),
    ev('call.answered', 15, { callId: 'c-1', agentId: 'a-1' }),
  ]);
  await waitFor(
    'the first events folded',
    async () => (await get<Snapshot>('/api/v1/snapshot')).body.cursor === before,
  );
  expect((await get<Health>('/api/v1/health')).status).toBe(200);

  await redis.stop();
  const downAt = Date.now();
  const socketId = screen.socket.id;
  // Sampled through the outage: last numbers, marked stale with the reason; health 503 saying why.
  let samples = 0;
  await waitFor(
    'health to report the outage',
    async () => (await get<Health>('/api/v1/health')).status === 503,
    10_000,
  );
  while (Date.now() - downAt < OUTAGE_MS) {
    const snap = await get<Snapshot>('/api/v1/snapshot');
    expect(snap.status).toBe(200);
    expect(snap.body.cursor).toBe(before);
    expect(snap.body.center.windows.today).toMatchObject({ offered: 2, answered: 1 });
    expect(snap.body.center.waiting).toBe(1);
    expect(snap.body.stale).toMatchObject({ reason: 'redis unreachable' });
    const health = await get<Health>('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', redis: 'down' });
    expect(health.body.reasons?.some((r) => r.includes('redis'))).toBe(true);
    samples++;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  expect(samples).toBeGreaterThanOrEqual(10);
  // The screen heard about it too, without losing its connection.
  expect(screen.updates.some((u) => u.stale?.reason === 'redis unreachable')).toBe(true);

  await redis.restart();
  const after = await write([
    ev('call.answered', 40, { callId: 'c-2', agentId: 'a-1' }),
    ev('call.offered', 50, { callId: 'c-3', queueId: 'sales' }),
  ]);
  await waitFor('health back to 200', async () => (await get<Health>('/api/v1/health')).status === 200, 30_000);
  const snap = await waitFor(
    'the events written after the restart folded',
    async () => {
      const s = (await get<Snapshot>('/api/v1/snapshot')).body;
      return s.cursor === after && s;
    },
    30_000,
  );
  // AOF kept the stream: the node's numbers are the pure fold of everything, before and after the outage.
  expect(numbersOf(snap)).toEqual(numbersOf(roundForWire(await reference(snap.asOf))));
  expect(snap.center.windows.today).toMatchObject({ offered: 3, answered: 2 });
  expect(snap.stale).toBeNull();

  const upd = await waitFor('the screen to see the new numbers', () =>
    screen!.updates.find((u) => u.cursor === after && u.stale === null),
  );
  expect(upd.center!.windows.today).toMatchObject({ offered: 3, answered: 2 });
  expect(screen.socket.connected).toBe(true);
  expect(screen.socket.id).toBe(socketId);
  expect(node.consumer.status().reconnects).toBeGreaterThan(0);
});
