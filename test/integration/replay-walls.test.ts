// Replay's missing pieces (issue 18), on two real nodes sharing one Redis and one PostgreSQL as behind a load
// balancer: a console on node A puts the board's wall on node B into replay and back to live (relayed over Redis
// pub/sub); a wall whose node dies mid-replay comes back live; the past pictures carry the alerts the rules would
// have raised then and the bulletins that were up then, marked as the past and never acknowledgeable; explain
// answers about a past figure from the replayed state.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RunningNode } from '../../server/node.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ReplayAnswer } from '../../shared/socket.ts';
import { eventFactory } from '../helpers/events.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
let tries = 0;
let client: Redis;
const nodes: RunningNode[] = [];
const clients: LiveClient[] = [];
let stream = '';
let databaseUrl = '';

// Waiting ≥ 2 on a queue for 30 s is a backlog; any open major fault is one too.
const RULES = [
  {
    id: 'backlog',
    metric: 'waiting',
    scope: { kind: 'queue' },
    comparator: '>=',
    threshold: 2,
    sustainSec: 30,
    severity: 'warning',
  },
  {
    id: 'fault',
    metric: 'openFaults',
    scope: { kind: 'center' },
    faultSeverities: ['major'],
    comparator: '>=',
    threshold: 1,
    severity: 'critical',
  },
];

beforeAll(() => {
  client = new Redis(redis().url, { protocol: 2 });
});
afterAll(() => {
  client?.disconnect();
});
// A stream, a database and node ids per try, so a retry starts from nothing.
beforeEach(async () => {
  stream = `replay-walls:${++tries}`;
  databaseUrl = (await createDatabase()).url;
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const n of nodes.splice(0)) await n.close();
});

async function start(name: string): Promise<RunningNode> {
  const node = await startTestNode({
    redisUrl: redis().url,
    databaseUrl,
    stream,
    nodeId: `${name}-${tries}`,
    config: { queues: [{ id: 'sales', name: 'Sales' }], alerts: { rules: RULES } },
  });
  nodes.push(node);
  return node;
}

function connect(node: RunningNode, token: string, board?: string): LiveClient {
  const c = new LiveClient(node.url, token, { board });
  clients.push(c);
  return c;
}

function replay(c: LiveClient, request: { at: number; speed?: number; board?: string }): Promise<ReplayAnswer> {
  return new Promise((resolve) => c.socket.emit('replay', request, resolve));
}

function api(node: RunningNode, method: string, path: string, body?: object): Promise<Response> {
  return fetch(`${node.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ten minutes of the floor ending five minutes ago (all archived by the time the test replays it). */
async function writeFloor(): Promise<number> {
  const T0 = Date.now() - 15 * 60_000;
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.state', 1, { agentId: 'a1', state: 'aux', reason: 'break' }),
    ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
    ev('call.offered', 12, { callId: 'c2', queueId: 'sales' }),
    ev('system.fault', 20, { faultId: 'f1', component: 'pbx', severity: 'major', message: 'trunk down' }),
    ev('agent.state', 290, { agentId: 'a1', state: 'available' }),
    ev('call.answered', 295, { callId: 'c1', agentId: 'a1' }),
    ev('call.abandoned', 300, { callId: 'c2' }),
    ev('system.fault', 300, { faultId: 'f1', component: 'pbx', severity: 'major', resolved: true }),
    ev('call.ended', 400, { callId: 'c1' }),
    // After every moment replayed below: the live floor has a second abandon.
    ev('call.offered', 500, { callId: 'c3', queueId: 'sales' }),
    ev('call.abandoned', 600, { callId: 'c3' }),
  ];
  await xaddEvents(client, stream, events);
  await waitFor(
    'the archive to hold the stream',
    () => nodes.reduce((n, node) => n + node.archive.archiver.stats.appended, 0) === events.length,
  );
  return T0;
}

it("a console on one node replays the board's walls on another; a wall whose node died comes back live", async () => {
  const a = await start('a');
  const b = await start('b');
  const T0 = await writeFloor();
  const console_ = connect(a, ADMIN_TOKEN);
  const wallB = connect(b, DISPLAY_TOKEN, 'default');
  const wallA = connect(a, DISPLAY_TOKEN, 'default');
  const other = connect(b, DISPLAY_TOKEN, 'other');
  await waitFor('the screens', () => console_.snapshot && wallB.snapshot && wallA.snapshot && other.snapshot);
  const pictures: Snapshot[] = [];
  wallB.socket.on('snapshot', (s) => pictures.push(s));

  // 1:00: c1 and c2 wait, the fault is open; the console itself stays live.
  const at = T0 + 60_000;
  expect(await replay(console_, { at, speed: 0, board: 'default' })).toEqual({ ok: true, at, speed: 0, walls: 2 });
  await waitFor('the wall on node B in replay', () => wallB.snapshot?.replay === true);
  expect(wallB.snapshot!.asOf).toBe(at);
  expect(wallB.snapshot!.center.waiting).toBe(2);
  expect(wallA.snapshot!.replay).toBe(true);
  expect(other.snapshot!.replay).toBeUndefined();
  expect(console_.snapshot!.replay).toBeUndefined();

  console_.socket.emit('live', { board: 'default' });
  await waitFor('the wall on node B live again', () => wallB.snapshot?.replay === undefined);
  expect(wallB.snapshot!.center.windows.today.abandoned).toBe(2);
  await waitFor('the wall on node A live again', () => wallA.snapshot?.replay === undefined);

  // Into replay again, playing; then node B dies. Its wall reconnects (here to a restarted B, as a load balancer
  // would send it to any node): live, and no picture of the past follows.
  expect(await replay(console_, { at, speed: 10, board: 'default' })).toMatchObject({ ok: true, walls: 2 });
  await waitFor('the wall on node B replaying', () => wallB.snapshot?.replay === true);
  await b.close();
  nodes.splice(nodes.indexOf(b), 1);
  await waitFor('the wall on node B cut off', () => wallB.socket.disconnected);
  const b2 = await start('b');
  const back = connect(b2, DISPLAY_TOKEN, 'default');
  const after: Snapshot[] = [];
  back.socket.on('snapshot', (s) => after.push(s));
  await waitFor('the reconnected wall', () => after.length > 0);
  await sleep(2_500);
  expect(after.every((s) => s.replay === undefined)).toBe(true);
  expect(back.snapshot!.center.windows.today.abandoned).toBe(2);
  // Node A's wall still replays (the briefing goes on), and goes live when told, as does the reconnected one.
  expect(wallA.snapshot!.replay).toBe(true);
  console_.socket.emit('live', { board: 'default' });
  await waitFor('the wall on node A live again', () => wallA.snapshot?.replay === undefined);
}, 90_000);

it('past pictures carry the alerts and bulletins of their moment, marked; explain answers about the past', async () => {
  const a = await start('a');
  const T0 = await writeFloor();

  // Bulletins posted, edited and expired now; each moment is replayed after what it should show.
  const b1 = (await (await api(a, 'POST', '/bulletins', { text: 'Lunch rota v1' })).json()) as Bulletin;
  await sleep(20);
  const m1 = Date.now();
  await sleep(20);
  expect((await api(a, 'PUT', `/bulletins/${b1.id}`, { text: 'Lunch rota v2' })).status).toBe(200);
  const b2 = (await (await api(a, 'POST', '/bulletins', { text: 'Storm', severity: 'urgent' })).json()) as Bulletin;
  await sleep(20);
  const m2 = Date.now();
  await sleep(20);
  expect((await api(a, 'DELETE', `/bulletins/${b2.id}`)).status).toBe(204);
  await sleep(20);
  const m3 = Date.now();
  const past = async (at: number) => (await (await api(a, 'GET', `/snapshot?at=${at}`)).json()) as Snapshot;
  const texts = (s: Snapshot) => s.bulletins.map((b) => [b.text, b.replay]);
  expect(texts(await past(m1))).toEqual([['Lunch rota v1', true]]);
  // Urgent first.
  expect(texts(await past(m2))).toEqual([
    ['Storm', true],
    ['Lunch rota v2', true],
  ]);
  expect(texts(await past(m3))).toEqual([['Lunch rota v2', true]]);
  // Before the first post: none.
  expect((await past(T0 + 60_000)).bulletins).toEqual([]);

  // 1:00 seeked: c1 and c2 wait (2 ≥ 2; a seek shows the condition as raised), the major fault is open.
  const s1 = await past(T0 + 60_000);
  expect(s1.replay).toBe(true);
  expect(s1.alerts.map((x) => [x.id, x.state, x.value, x.replay])).toEqual([
    ['replay:fault:center', 'firing', 1, true],
    ['replay:backlog:sales', 'firing', 2, true],
  ]);
  // 6:40: c1 answered, c2 abandoned at 5:00, the fault closed at 5:00: nothing.
  expect((await past(T0 + 400_000)).alerts).toEqual([]);
  // The past cannot be acknowledged (and does not reach the live alert of the same rule).
  const ack = await api(a, 'POST', '/alerts/replay:backlog:sales/ack', {});
  expect(ack.status).toBe(409);
  expect(((await ack.json()) as { error: string }).error).toMatch(/replay/);

  // Played from 0:05 at 60×: the backlog (2 waiting from 0:12) is pending while the replay has not seen it for
  // 30 s, then fires: the rule's sustain runs on the past as it did live.
  const console_ = connect(a, ADMIN_TOKEN);
  await waitFor('the console', () => console_.snapshot);
  const pictures: Snapshot[] = [];
  console_.socket.on('snapshot', (s) => pictures.push(s));
  expect(await replay(console_, { at: T0 + 5_000, speed: 60 })).toMatchObject({ ok: true });
  await waitFor('the backlog firing in the replay', () =>
    pictures.some((s) => s.alerts.some((x) => x.id === 'replay:backlog:sales')),
  );
  const firstWith = pictures.find((s) => s.alerts.some((x) => x.id === 'replay:backlog:sales'))!;
  const backlog = firstWith.alerts.find((x) => x.id === 'replay:backlog:sales')!;
  expect(pictures[0]!.alerts.some((x) => x.id === 'replay:backlog:sales')).toBe(false);
  expect(backlog.firstSeen).toBeGreaterThanOrEqual(T0 + 12_000);
  expect(backlog.firedAt! - backlog.firstSeen).toBeGreaterThanOrEqual(30_000);
  console_.socket.emit('live');

  // Explain the queue's abandon rate today: at 6:40, 1 abandoned of 1 answered + 1 abandoned = 1/2; live, with
  // c3 abandoned at 10:00 too, 2/3.
  const explain = async (at?: number) =>
    (await (
      await api(
        a,
        'GET',
        `/explain?scope=queue&id=sales&window=today&metric=abandonRate${at === undefined ? '' : `&at=${at}`}`,
      )
    ).json()) as { numerator: number; denominator: number; value: number; at?: number; replay?: boolean };
  expect(await explain(T0 + 400_000)).toMatchObject({
    numerator: 1,
    denominator: 2,
    value: 0.5,
    at: T0 + 400_000,
    replay: true,
  });
  const liveAnswer = await explain();
  expect(liveAnswer).toMatchObject({ numerator: 2, denominator: 3 });
  expect(liveAnswer.replay).toBeUndefined();
  expect((await api(a, 'GET', `/explain?metric=abandonRate&at=${T0 - 3_600_000}`)).status).toBe(404);
  expect((await api(a, 'GET', '/explain?metric=abandonRate&at=soon')).status).toBe(400);
}, 90_000);
