// Poison through a real node and redis-server (issue 10 items 1–3, issue 11 item 7): types and ids named like
// Object.prototype members, entries that keep failing, a consumer that cannot move, clock-skewed and oversized
// entries, over the stream and over HTTP. Whatever comes in, the node moves on, says what it refused, and says so
// when it cannot move.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { view } from '../../server/engine/index.ts';
import { MAX_ATTEMPTS } from '../../server/ingest/attempts.ts';
import { StreamConsumer } from '../../server/ingest/consumer.ts';
import { StallWatch } from '../../server/ingest/stall.ts';
import { deadStream } from '../../server/redis/keys.ts';
import { PROTOTYPE_NAMES } from '../helpers/poison.ts';
import { useRedis } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { ADMIN_TOKEN, FEED_TOKEN, LiveClient, startTestNode, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddRaw } from '../helpers/stream-writer.ts';

const getRedis = useRedis();
let client: Redis;
let run = 0;
beforeAll(() => {
  client = new Redis(getRedis().url, { protocol: 2 });
});
afterAll(() => {
  client?.disconnect();
});

const T0 = Date.now() - 10 * 60_000;
const at = (sec: number) => T0 + sec * 1000;
const entry = (e: object) => ['event', JSON.stringify(e)];
const health = async (url: string) => {
  const r = await fetch(`${url}/api/v1/health`);
  return {
    status: r.status,
    body: (await r.json()) as { status: string; reasons?: string[]; dead: number; folded: number },
  };
};
const snapshot = async (url: string) =>
  (await (
    await fetch(`${url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).json()) as Snapshot;
const deadReasons = async (stream: string) =>
  ((await client.xrange(deadStream(stream), '-', '+')) as [string, string[]][]).map(
    ([, f]) => f[f.indexOf('reason') + 1],
  );

/** A call handled on queue "toString" by agent "constructor" of team "__proto__", 10 minutes ago. */
const goodDay = () => [
  entry({
    id: 'g1',
    type: 'agent.login',
    ts: at(-60),
    agentId: 'constructor',
    teamId: '__proto__',
    queues: ['toString'],
  }),
  entry({ id: 'g2', type: 'call.offered', ts: at(0), callId: 'valueOf', queueId: 'toString' }),
  entry({ id: 'g3', type: 'call.answered', ts: at(10), callId: 'valueOf', agentId: 'constructor' }),
  entry({ id: 'g4', type: 'call.ended', ts: at(70), callId: 'valueOf' }),
  entry({ id: 'g5', type: 'call.wrapup', ts: at(80), callId: 'valueOf', agentId: 'constructor' }),
  entry({ id: 'g6', type: 'agent.state', ts: at(90), agentId: 'constructor', state: 'aux', reason: 'hasOwnProperty' }),
];

describe('over the stream', () => {
  it('types named like Object.prototype members are dead-lettered; the node moves on and stays healthy', {
    timeout: 30_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const poison = PROTOTYPE_NAMES.map((type) => entry({ id: `p-${type}`, type, ts: at(5) }));
    const good = goodDay();
    await xaddRaw(client, stream, [...good.slice(0, 3), ...poison, ...good.slice(3)]);
    const last = await lastStreamId(client, stream);
    const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `poison-${run}` });
    try {
      await waitFor('the node past the poison', () => node.live.state.cursor === last, 15_000);
      expect(await deadReasons(stream)).toEqual(PROTOTYPE_NAMES.map((t) => `unknown type "${t}"`));
      const h = await waitFor('health to count them', async () =>
        (await health(node.url)).body.dead === poison.length ? health(node.url) : null,
      );
      expect(h.status).toBe(200);
      expect(h.body.folded).toBe(good.length);
      const now = Date.now();
      expect(numbersOf(view(node.live.state, now))).toEqual(
        numbersOf(await referenceView(client, stream, testConfig({ redisUrl: '' }), now)),
      );
      const agent = node.live.view(now).agents.find((a) => a.id === 'constructor')!;
      expect(agent).toMatchObject({ teamId: '__proto__', state: 'aux', reason: 'hasOwnProperty' });
      expect(agent.windows.today.handled).toBe(1);
    } finally {
      await node.close();
    }
  });

  it('events stamped in µs or days ahead are dead-lettered as "ts out of range", counted, and today keeps its numbers', {
    timeout: 30_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const now = Date.now();
    const skewed = [
      entry({ id: 's1', type: 'call.offered', ts: now * 1000, callId: 'x1', queueId: 'toString' }),
      entry({
        id: 's2',
        type: 'survey.completed',
        ts: now * 1000 + 1,
        agentId: 'constructor',
        queueId: 'toString',
        score: 1,
      }),
      entry({ id: 's3', type: 'call.offered', ts: now + 2 * 86_400_000, callId: 'x2', queueId: 'toString' }),
      entry({ id: 's4', type: 'qa.scored', ts: now + 3 * 86_400_000, agentId: 'constructor', score: 0 }),
      entry({ id: 's5', type: 'call.offered', ts: now - 49 * 3_600_000, callId: 'x3', queueId: 'toString' }),
    ];
    await xaddRaw(client, stream, [...goodDay(), ...skewed]);
    const last = await lastStreamId(client, stream);
    const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `skew-${run}` });
    try {
      await waitFor('the node at the end', () => node.live.state.cursor === last, 15_000);
      expect(await deadReasons(stream)).toEqual(skewed.map(() => 'ts out of range'));
      await waitFor('health to count them', async () => (await health(node.url)).body.dead === skewed.length);
      const metrics = await (await fetch(`${node.url}/metrics`)).text();
      expect(metrics).toContain(`floorboard_dead_letter_causes_total{cause="ts out of range"} ${skewed.length}`);
      // Hand count: one call offered and answered within T (wait 10 s), handled with talk 60 s + acw 10 s.
      const v = node.live.view(Date.now());
      expect(v.queues.find((q) => q.id === 'toString')!.windows.today).toMatchObject({
        offered: 1,
        answered: 1,
        asaSec: 10,
        ahtSec: 70,
      });
      expect(v.center.windows.today).toMatchObject({ offered: 1, answered: 1 });
      expect(v.agents.find((a) => a.id === 'constructor')!.windows.today).toMatchObject({
        handled: 1,
        ahtSec: 70,
        csat: null,
        qa: null,
      });
    } finally {
      await node.close();
    }
  });

  it('event time is judged by the entry id’s time, not the node’s clock: a refold from the start agrees', {
    timeout: 30_000,
  }, async () => {
    const stream = `poison:${++run}`;
    // Written 47 h ago (explicit ids), stamped 1.5 h before that: 48.5 h older than the node's clock, but only
    // 1.5 h older than its arrival, so folded; and an entry that was too far ahead of its arrival back then.
    const arrived = Date.now() - 47 * 3_600_000;
    await client.xadd(
      stream,
      `${arrived}-0`,
      ...entry({ id: 'old-1', type: 'call.offered', ts: arrived - 90 * 60_000, callId: 'k1', queueId: 'q' }),
    );
    await client.xadd(
      stream,
      `${arrived + 1}-0`,
      ...entry({ id: 'old-2', type: 'call.abandoned', ts: arrived - 89 * 60_000, callId: 'k1' }),
    );
    await client.xadd(
      stream,
      `${arrived + 2}-0`,
      ...entry({ id: 'old-3', type: 'call.offered', ts: arrived + 10 * 60_000, callId: 'k2', queueId: 'q' }),
    );
    const last = await lastStreamId(client, stream);
    const first = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `clock-${run}-a` });
    try {
      await waitFor('the first node at the end', () => first.live.state.cursor === last, 15_000);
      expect(first.live.state.stats.folded).toBe(2);
      expect(await deadReasons(stream)).toEqual(['ts out of range']);
    } finally {
      await first.close();
    }
    const second = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `clock-${run}-b` });
    try {
      await waitFor('the second node at the end', () => second.live.state.cursor === last, 15_000);
      expect(second.live.state.stats.folded).toBe(2);
      expect(await deadReasons(stream)).toEqual(['ts out of range']);
      const now = Date.now();
      expect(numbersOf(view(second.live.state, now))).toEqual(
        numbersOf(await referenceView(client, stream, testConfig({ redisUrl: '' }), now)),
      );
    } finally {
      await second.close();
    }
  });

  it('oversized entries are dead-lettered unparsed, keeping 1,024 characters of each; the rest is folded', {
    timeout: 60_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const big = Array.from({ length: 20 }, (_, i) =>
      entry({
        id: `big-${i}`,
        type: 'system.fault',
        ts: at(1),
        faultId: `f${i}`,
        component: 'x',
        severity: 'minor',
        message: 'x'.repeat(2 * 1024 * 1024),
      }),
    );
    await xaddRaw(client, stream, [...goodDay(), ...big]);
    const last = await lastStreamId(client, stream);
    const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `big-${run}` });
    try {
      await waitFor('the node at the end', () => node.live.state.cursor === last, 30_000);
      const dead = (await client.xrange(deadStream(stream), '-', '+')) as [string, string[]][];
      expect(dead.map(([, f]) => f[1])).toEqual(big.map(() => 'entry larger than 65536 bytes'));
      expect(dead.every(([, f]) => f[3]!.length === 1024)).toBe(true);
      expect(node.live.state.stats.folded).toBe(goodDay().length);
      expect(node.live.view(Date.now()).faults).toEqual([]);
    } finally {
      await node.close();
    }
  });

  it('a consumer that cannot move while newer entries wait: health 503 "ingest stalled", screens stale, then recovery', {
    timeout: 60_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const node = await startTestNode({
      redisUrl: getRedis().url,
      stream,
      nodeId: `stall-${run}`,
      config: { ingest: { stallAfterSec: 1 } },
    });
    const screen = new LiveClient(node.url, ADMIN_TOKEN);
    try {
      // Idle is not stalled: nothing newer than the cursor.
      await new Promise((r) => setTimeout(r, 2_500));
      expect((await health(node.url)).status).toBe(200);
      // The dead-letter stream's key holds a string: every dead letter fails (WRONGTYPE), so the bad entry can
      // never be passed, and the good ones behind it wait.
      await client.set(deadStream(stream), 'not a stream');
      await xaddRaw(client, stream, [['event', 'not json'], ...goodDay()]);
      const stalled = await waitFor('health to say stalled', async () => {
        const h = await health(node.url);
        return h.status === 503 ? h : null;
      });
      expect(stalled.body).toMatchObject({ status: 'degraded', reasons: ['ingest stalled'] });
      // The lag is the oldest waiting entry's age: at least the second it took to be called stalled.
      expect((stalled.body as unknown as { lagMs: number }).lagMs).toBeGreaterThanOrEqual(1_000);
      expect((await snapshot(node.url)).stale).toMatchObject({ reason: 'ingest stalled' });
      await waitFor('a screen update marked stale', () =>
        screen.updates.some((u) => u.stale?.reason === 'ingest stalled'),
      );

      await client.del(deadStream(stream));
      const last = await lastStreamId(client, stream);
      await waitFor('the node past the entry', () => node.live.state.cursor === last, 15_000);
      await waitFor('health ok again', async () => (await health(node.url)).status === 200);
      expect((await snapshot(node.url)).stale).toBeNull();
      expect(node.live.state.stats.folded).toBe(goodDay().length);
    } finally {
      screen.close();
      await node.close();
    }
  });
});

describe('the stall watch', () => {
  it('calls it stalled only once entries have waited stallAfterMs behind a cursor that does not move', async () => {
    const stream = `poison:${++run}`;
    let cursor: string | null = null;
    let now = 0;
    const watch = new StallWatch({
      redis: client,
      stream,
      cursor: () => cursor,
      stallAfterMs: 1_000,
      clock: () => now,
    });
    await watch.check();
    now = 60_000; // a quiet minute: nothing after the cursor
    await watch.check();
    expect(watch.isStalled()).toBe(false);
    const [first, second] = await xaddRaw(client, stream, [entry({ n: 1 }), entry({ n: 2 })]);
    await watch.check(); // first seen waiting at 60 s
    now = 60_999;
    await watch.check();
    expect(watch.isStalled()).toBe(false);
    now = 61_000;
    await watch.check();
    expect(watch.isStalled()).toBe(true);
    expect(watch.lagMs(Date.now())).toBeGreaterThanOrEqual(0);
    cursor = first!; // progress clears it at once, and the wait starts over
    await watch.check();
    expect(watch.isStalled()).toBe(false);
    now = 70_000;
    await watch.check(); // `second` first seen waiting at 70 s
    expect(watch.isStalled()).toBe(false);
    cursor = second!;
    now = 80_000;
    await watch.check();
    await watch.check();
    expect(watch.isStalled()).toBe(false);
  });
});

describe('an entry whose fold throws', () => {
  it(`is tried ${MAX_ATTEMPTS} times, then dead-lettered with the reason; one that throws once is folded`, {
    timeout: 30_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const calls = new Map<string, number>();
    const folded: string[] = [];
    const dead: { id: string; reason: string }[] = [];
    const consumer = new StreamConsumer({
      redisUrl: getRedis().url,
      stream,
      group: 'floorboard:test',
      consumer: 'node-1',
      log: pino({ level: 'silent' }),
      startAfter: null,
      blockMs: 200,
      sink: {
        fold: (_id, event: FloorEvent) => {
          const n = (calls.get(event.id) ?? 0) + 1;
          calls.set(event.id, n);
          if (event.id === 'always' || (event.id === 'once' && n === 1)) throw new Error(`cannot fold ${event.id}`);
          folded.push(event.id);
          return null;
        },
        dead: (id, reason) => dead.push({ id, reason }),
        batchDone: () => undefined,
      },
    });
    const ids = await xaddRaw(
      client,
      stream,
      ['a', 'always', 'b', 'once', 'c'].map((id) => entry({ id, type: 'call.abandoned', ts: at(0), callId: id })),
    );
    await consumer.start();
    try {
      await waitFor('all five processed', () => folded.length + dead.length === 5, 20_000);
      expect(folded).toEqual(['a', 'b', 'once', 'c']);
      expect(dead).toEqual([{ id: ids[1], reason: `fold failed after ${MAX_ATTEMPTS} attempts: cannot fold always` }]);
      expect(calls.get('always')).toBe(MAX_ATTEMPTS);
      expect(calls.get('once')).toBe(2);
      expect(await deadReasons(stream)).toEqual([`fold failed after ${MAX_ATTEMPTS} attempts: cannot fold always`]);
    } finally {
      await consumer.stop();
    }
  });
});

describe('over HTTP', () => {
  it('a batch with prototype-named types, skewed and oversized events is a 207 naming each; the good ones are folded; no alert is named like a prototype member', {
    timeout: 30_000,
  }, async () => {
    const stream = `poison:${++run}`;
    const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `http-${run}` });
    try {
      const good = goodDay().map(([, text]) => JSON.parse(text!));
      const now = Date.now();
      const batch = [
        ...good,
        ...PROTOTYPE_NAMES.map((type) => ({ id: `p-${type}`, type, ts: now })),
        { id: 'us', type: 'call.abandoned', ts: now * 1000, callId: 'c' },
        { id: 'ahead', type: 'call.abandoned', ts: now + 86_400_000, callId: 'c' },
        { id: 'big', type: 'call.abandoned', ts: now, callId: 'c', padding: 'x'.repeat(70_000) },
      ];
      const r = await fetch(`${node.url}/api/v1/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${FEED_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(r.status).toBe(207);
      const body = (await r.json()) as { accepted: number; rejected: { index: number; id?: string; reason: string }[] };
      expect(body.accepted).toBe(good.length);
      expect(body.rejected.map((x) => x.reason)).toEqual([
        ...PROTOTYPE_NAMES.map((t) => `unknown type "${t}"`),
        'ts out of range',
        'ts out of range',
        'entry larger than 65536 bytes',
      ]);
      await waitFor('the good ones folded', () => node.live.state.stats.folded === good.length, 10_000);
      expect(node.live.view(Date.now()).agents.find((a) => a.id === 'constructor')!.windows.today.handled).toBe(1);

      // Acknowledging an "alert" named like a prototype member finds none (it used to acknowledge Object's own).
      for (const id of ['constructor', '__proto__', 'toString']) {
        const ack = await fetch(`${node.url}/api/v1/alerts/${id}/ack`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
          body: '{}',
        });
        expect(ack.status).toBe(404);
      }
      expect(node.alerts.active()).toEqual([]);
    } finally {
      await node.close();
    }
  });
});
