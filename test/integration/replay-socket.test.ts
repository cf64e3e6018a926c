// Replay over the socket (CONTRACT §9): a console asks `replay: { at, speed }` and is sent the past floor moving at
// that speed, each picture equal to a fresh fold of the events up to its moment; `live` brings it back. A screen that
// never asks sees only the live floor; an agent's desktop may not replay.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ReplayAnswer } from '../../shared/socket.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { eventFactory } from '../helpers/events.ts';
import { readStream, referenceViewAt } from '../helpers/reference.ts';
import { useRedis } from '../helpers/redis.ts';
import {
  ADMIN_TOKEN,
  DISPLAY_TOKEN,
  LiveClient,
  agentToken,
  startTestNode,
  testConfig,
  waitFor,
} from '../helpers/server.ts';
import { numbersOf, xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
let tries = 0;
let client: Redis;
let node: RunningNode | undefined;
const clients: LiveClient[] = [];
beforeAll(() => {
  client = new Redis(redis().url, { protocol: 2 });
});
afterAll(() => {
  client?.disconnect();
});
// A node and a stream per try, so a retry starts from an empty stream and archive.
beforeEach(async () => {
  node = await startTestNode({ redisUrl: redis().url, stream: `replay-socket:${++tries}`, agentTokens: ['a1'] });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await node?.close();
});

function connect(token: string): LiveClient {
  const c = new LiveClient(node!.url, token);
  clients.push(c);
  return c;
}

function replay(c: LiveClient, request: { at: number | string; speed?: number }): Promise<ReplayAnswer> {
  return new Promise((resolve) => c.socket.emit('replay', request, resolve));
}

it('replay streams the past at its speed, exactly the fold up to each moment; live goes back', async () => {
  const stream = `replay-socket:${tries}`;
  const T0 = Date.now() - 2 * 3_600_000;
  const ev = eventFactory(T0);
  await xaddEvents(client, stream, [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 75, { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', 400, { callId: 'c1' }),
    ev('call.offered', 900, { callId: 'c2', queueId: 'sales' }),
    ev('call.abandoned', 960, { callId: 'c2' }),
    ev('agent.state', 1800, { agentId: 'a1', state: 'aux', reason: 'break' }),
  ]);
  await waitFor('the archive to hold the stream', async () => node!.archive.archiver.stats.appended === 7);
  const entries = await readStream(client, stream);
  const config = testConfig({ redisUrl: '' });
  const wall = connect(DISPLAY_TOKEN);
  const desk = connect(agentToken('a1'));
  const console_ = connect(ADMIN_TOKEN);
  await waitFor('the screens to connect', () => wall.snapshot && desk.snapshot && console_.snapshot);

  expect(await replay(desk, { at: T0 + 100_000 })).toEqual({ ok: false, error: 'forbidden' });
  expect(await replay(console_, { at: T0 + 100_000, speed: 4000 })).toMatchObject({ ok: false });
  expect(await replay(console_, { at: T0 - 100_000 })).toEqual({ ok: false, error: 'replay: at: outside the archive' });

  const pictures: Snapshot[] = [];
  console_.socket.on('snapshot', (s) => pictures.push(s));
  // 600×: ten minutes of the floor a second; at 1:05 c1 waits (offered 1:00, answered 1:15); by 20:05 c2 (offered
  // 15:00) was abandoned at 16:00.
  const at = T0 + 65_000;
  expect(await replay(console_, { at: new Date(at).toISOString(), speed: 600 })).toEqual({ ok: true, at, speed: 600 });
  await waitFor('two minutes of replay', () => pictures.some((s) => s.asOf >= at + 1_200_000), 20_000);
  expect(pictures[0]!.asOf).toBe(at);
  for (const s of pictures) {
    expect(s.replay).toBe(true);
    expect(numbersOf(s), new Date(s.asOf).toISOString()).toEqual(
      numbersOf({ ...roundForWire(referenceViewAt(entries, config, s.asOf)), replay: true }),
    );
  }
  // Measured between pictures: ≈ 600 s of the past per real second (a picture a second).
  const [p1, p2] = [pictures[1]!, pictures.at(-1)!];
  expect(p2.asOf - p1.asOf).toBeGreaterThanOrEqual((pictures.length - 2) * 500_000);
  expect(pictures[0]!.center.waiting).toBe(1);
  expect(pictures.at(-1)!.center.windows.today.abandoned).toBe(1);

  // The replay bar scrubbing, paused: forward (the node folds on from the replay it stopped), forward again, back
  // (from the checkpoint): each picture exactly the fold up to its moment. 30:00 is after the aux at 30:00 (ts ≤ at).
  for (const m of [T0 + 1_500_000, T0 + 1_800_000, T0 + 300_000]) {
    expect(await replay(console_, { at: m, speed: 0 })).toEqual({ ok: true, at: m, speed: 0 });
    await waitFor('the scrubbed picture', () => pictures.at(-1)!.asOf === m);
    expect(numbersOf(pictures.at(-1)!), new Date(m).toISOString()).toEqual(
      numbersOf({ ...roundForWire(referenceViewAt(entries, config, m)), replay: true }),
    );
  }
  expect(pictures.at(-1)!.center.windows.today.abandoned).toBe(0);

  // The wall never asked: it got no picture of the past, and still gets the live floor.
  expect(wall.snapshot!.replay).toBeUndefined();
  const liveBefore = wall.updates.length;
  console_.socket.emit('live');
  await waitFor('the console back on the live floor', () => pictures.at(-1)!.replay === undefined);
  const back = console_.updates.length;
  await xaddEvents(client, stream, [ev('call.offered', 7000, { callId: 'c3', queueId: 'sales' })]);
  await waitFor('a live update on both', () => wall.updates.length > liveBefore && console_.updates.length > back);
  await waitFor('c3 waiting on the console', () => console_.snapshot!.center.waiting === 1);
  expect(console_.snapshot!.replay).toBeUndefined();
}, 60_000);
