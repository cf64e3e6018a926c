// An agent's desktop gets each update in two parts: the part every desktop shares (centre, queues), and a message
// of its own when its row or its team's changed. It never hears of another agent or another team.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { LiveClient, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const STREAM = 'desktop:events';
const ev = eventFactory(Date.now() - 60_000);

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let a1: LiveClient;
let a2: LiveClient;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, stream: STREAM, agentTokens: ['a1', 'a2'] });
  await xaddEvents(client, STREAM, [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't2', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a3', teamId: 't1', queues: ['sales'] }),
  ]);
  a1 = new LiveClient(node.url, agentToken('a1'));
  a2 = new LiveClient(node.url, agentToken('a2'));
  await waitFor(
    'both desktops to see the logins',
    () => a1.snapshot?.agents.length === 1 && a2.snapshot?.agents.length === 1,
  );
});

afterAll(async () => {
  a1?.close();
  a2?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

it('a desktop sees itself and its own team only, in its snapshot and in every update', async () => {
  expect(a1.snapshot!.agents.map((a) => a.id)).toEqual(['a1']);
  expect(a1.snapshot!.teams.map((t) => t.id)).toEqual(['t1']);
  expect(a1.snapshot!.queues.map((q) => q.id)).toContain('sales');

  const [offered, answered] = await xaddEvents(client, STREAM, [
    ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 15, { callId: 'c1', agentId: 'a2' }),
  ]);
  // Both desktops hear about the call waiting and answered in sales (the shared part)…
  for (const desk of [a1, a2]) {
    await waitFor('the answer in the shared part', () =>
      desk.updates.some((u) => u.cursor === answered && u.queues?.some((q) => q.id === 'sales')),
    );
  }
  expect(offered).toBeDefined();
  // …only a2's desktop hears that a2 is talking, and nobody hears of another agent or team.
  await waitFor("a2's own row", () => a2.snapshot!.agents[0]!.state === 'talking');
  expect(a1.snapshot!.agents[0]!.state).toBe('available');
  for (const [desk, me, team] of [
    [a1, 'a1', 't1'],
    [a2, 'a2', 't2'],
  ] as const) {
    for (const u of desk.updates) {
      for (const a of u.agents ?? []) expect(a.id).toBe(me);
      for (const t of u.teams ?? []) expect(t.id).toBe(team);
    }
  }
  // The shared part and the desktop's own part are separate messages of the same instant.
  const own = a2.updates.find((u) => u.agents?.some((a) => a.state === 'talking'))!;
  expect(own.center).toBeUndefined();
  expect(a2.updates.some((u) => u.asOf === own.asOf && u.center !== undefined)).toBe(true);
});
