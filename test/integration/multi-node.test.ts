// Three server processes on one stream, as behind a load balancer: every node serves the numbers of the pure
// fold; an acknowledgement given on one node shows on the others; each alert change reaches the webhook once,
// also after the lease holder is SIGKILLed and another node takes over.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { leaseKey } from '../../server/redis/keys.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { writeTestConfig, type ChildServer } from '../helpers/child-server.ts';
import { spawnServer } from '../helpers/child-server.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddEvents } from '../helpers/stream-writer.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const STREAM = 'multi:events';
const ALERT = 'backlog:sales';

let redis: RedisProcess;
let client: Redis;
let hook: WebhookReceiver;
const servers = new Map<string, ChildServer>();
const screens = new Map<string, LiveClient>();

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  for (const s of screens.values()) s.close();
  await Promise.all(
    [...servers.values()].map(async (s) => {
      s.child.kill('SIGTERM');
      await s.exited;
    }),
  );
  client?.disconnect();
  await hook?.close();
  await redis?.stop();
});

async function get<T>(server: ChildServer, path: string): Promise<T> {
  return (await fetch(server.url + path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as Promise<T>;
}

/** Every running node's socket client got an update at the stream's end whose numbers equal the pure fold's. */
async function screensAgree(names: string[]): Promise<void> {
  const last = await lastStreamId(client, STREAM);
  const todays = [];
  for (const name of names) {
    const upd = await waitFor(`${name}'s screen to reach ${last}`, () =>
      screens.get(name)!.updates.find((u) => u.cursor === last),
    );
    const ref = roundForWire(await referenceView(client, STREAM, testConfig({ redisUrl: redis.url }), upd.asOf));
    expect(upd.center, name).toEqual(ref.center);
    const { offered, answered, answeredWithinSl, abandoned, serviceLevel, asaSec } = upd.center!.windows.today;
    todays.push({ offered, answered, answeredWithinSl, abandoned, serviceLevel, asaSec, waiting: upd.center!.waiting });
  }
  // The day's counts do not move with the clock (occupancy does): every node shows exactly the same ones.
  for (const t of todays) expect(t).toEqual(todays[0]);
}

async function restAgrees(name: string): Promise<void> {
  const last = await lastStreamId(client, STREAM);
  const snap = await waitFor(`${name} to fold to ${last}`, async () => {
    const s = await get<Snapshot>(servers.get(name)!, '/api/v1/snapshot');
    return s.cursor === last && s;
  });
  expect(numbersOf(snap)).toEqual(
    numbersOf(roundForWire(await referenceView(client, STREAM, testConfig({ redisUrl: redis.url }), snap.asOf))),
  );
}

const alertOn = (name: string) =>
  get<Alert[]>(servers.get(name)!, '/api/v1/alerts').then((list) => list.find((a) => a.id === ALERT));
const hookKinds = () => hook.posts.filter((p) => p.alert.id === ALERT).map((p) => p.kind);

it('three nodes: same numbers, shared acknowledgements, one webhook post per change across a failover', {
  timeout: 150_000,
}, async () => {
  const config = writeTestConfig({
    alerts: {
      rules: [
        {
          id: 'backlog',
          metric: 'waiting',
          scope: { kind: 'queue' },
          comparator: '>',
          threshold: 2,
          severity: 'warning',
        },
      ],
      webhookUrl: hook.url,
    },
  });
  const names = ['n1', 'n2', 'n3'];
  const started = await Promise.all(
    names.map((n) =>
      spawnServer({
        REDIS_URL: redis.url,
        FLOORBOARD_STREAM: STREAM,
        FLOORBOARD_NODE_ID: n,
        FLOORBOARD_CONFIG: config,
      }),
    ),
  );
  names.forEach((n, i) => {
    servers.set(n, started[i]!);
    screens.set(n, new LiveClient(started[i]!.url, DISPLAY_TOKEN));
  });

  const t0 = Date.now() - 5 * 60_000;
  let n = 0;
  const ev = (type: string, sec: number, fields: object) => ({ id: `m-${++n}`, type, ts: t0 + sec * 1000, ...fields });
  await xaddEvents(client, STREAM, [
    ...['a-1', 'a-2', 'a-3'].map((agentId) => ev('agent.login', 0, { agentId, queues: ['sales'] })),
    ...[1, 2, 3, 4].map((c) => ev('call.offered', 10 + c, { callId: `c-${c}`, queueId: 'sales' })),
  ]);
  await screensAgree(names);
  for (const name of names) await restAgrees(name);

  // Four waiting > 2: the lease holder fires the alert, every node shows it, the webhook hears it once.
  await waitFor('the alert on every node', async () =>
    (await Promise.all(names.map(alertOn))).every((a) => a?.state === 'firing'),
  );
  const leader = await client.get(leaseKey(STREAM));
  expect(names).toContain(leader);
  const followers = names.filter((x) => x !== leader);
  const [ackNode, otherNode] = followers as [string, string];

  // Acknowledged on a node that does not hold the lease; the other follower and the holder show it.
  const res = await fetch(`${servers.get(ackNode)!.url}/api/v1/alerts/${ALERT}/ack`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ comment: 'on it' }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ state: 'acknowledged', acknowledged: { comment: 'on it' } });
  for (const name of [otherNode, leader!]) {
    const seen = await waitFor(`the acknowledgement on ${name}`, async () => {
      const a = await alertOn(name);
      return a?.state === 'acknowledged' && a;
    });
    expect(seen.acknowledged).toMatchObject({ comment: 'on it' });
  }
  // A second acknowledgement, on another node, is refused: the first one is already everywhere.
  const again = await fetch(`${servers.get(otherNode)!.url}/api/v1/alerts/${ALERT}/ack`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(again.status).toBe(409);
  await waitFor('fired and acknowledged posted', () => hookKinds().length === 2);

  // The lease holder dies. The queue drains while another node takes over: it posts the resolution, once.
  const victim = servers.get(leader!)!;
  victim.child.kill('SIGKILL');
  await victim.exited;
  servers.delete(leader!);
  screens.get(leader!)!.close();
  screens.delete(leader!);

  await xaddEvents(
    client,
    STREAM,
    [1, 2, 3].map((c) => ev('call.answered', 30 + c, { callId: `c-${c}`, agentId: `a-${c}` })),
  );
  await screensAgree(followers);
  for (const name of followers) await restAgrees(name);
  await waitFor('the resolution posted', () => hookKinds().includes('resolved'), 20_000);
  expect(followers).toContain(await client.get(leaseKey(STREAM)));
  for (const name of followers)
    await waitFor(`the alert gone from ${name}`, async () => (await alertOn(name)) === undefined);

  // Time for a duplicate to show up if any node were going to send one.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(hookKinds()).toEqual(['fired', 'acknowledged', 'resolved']);
});
