// POST /api/v1/events on a real node and redis-server: roles, body errors, limits, a mixed batch written in order
// and folded by the server, and Redis being down.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.ts';
import { eventFactory } from '../helpers/events.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, FEED_TOKEN, agentToken, useTestNode, waitFor } from '../helpers/server.ts';

const stream = 'http:events';
const getRedis = useRedis();
const getNode = useTestNode(() => ({ redisUrl: getRedis().url, stream, agentTokens: ['a1'] }));
let client: Redis;
const T0 = Date.now() - 120_000;
const ev = eventFactory(T0);

beforeAll(() => {
  client = new Redis(getRedis().url, { protocol: 2 });
});

afterAll(() => {
  client?.disconnect();
});

const post = (body: string, token?: string) =>
  fetch(`${getNode().url}/api/v1/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body,
  });

const streamEntries = async (): Promise<[string, string[]][]> =>
  (await client.xrange(stream, '-', '+')) as [string, string[]][];

describe('who may post', () => {
  it('401 without a token or with an unknown one; 403 for display and agent tokens; nothing written', async () => {
    const body = JSON.stringify([ev('call.offered', 0, { callId: 'auth', queueId: 'sales' })]);
    const none = await post(body);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(body, 'not-a-known-token-at-all')).status).toBe(401);
    for (const token of [DISPLAY_TOKEN, agentToken('a1')]) {
      const r = await post(body, token);
      expect(r.status).toBe(403);
      expect((await r.json()).error).toMatch(/feed or admin/);
    }
    expect(await client.xlen(stream)).toBe(0);
  });
});

describe('bad bodies', () => {
  it('malformed JSON is a 400 that says so', async () => {
    const r = await post('[{"id": "x",', FEED_TOKEN);
    expect(r.status).toBe(400);
    expect((await r.json()).error).toMatch(/^malformed JSON: /);
  });

  it('a body that is not an array is a 400, whatever JSON it is', async () => {
    for (const [body, kind] of [
      ['{"id":"e"}', 'an object'],
      ['42', 'a number'],
      ['"events"', 'a string'],
      ['null', 'null'],
    ]) {
      const r = await post(body!, ADMIN_TOKEN);
      expect(r.status).toBe(400);
      expect((await r.json()).error).toBe(`the body must be a JSON array of events, got ${kind}`);
    }
  });

  it('more than 10,000 events is a 413 naming the limit; exactly 10,000 small ones are fine to send', async () => {
    const many = JSON.stringify(Array.from({ length: 10_001 }, () => ({})));
    const r = await post(many, FEED_TOKEN);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toBe('too many events: 10001 in one request, at most 10000; split the batch');
    // 10,000 invalid elements: the count is allowed, and every one is rejected by index without touching the stream.
    const limit = await post(JSON.stringify(Array.from({ length: 10_000 }, () => ({}))), FEED_TOKEN);
    expect(limit.status).toBe(207);
    const body = await limit.json();
    expect(body.accepted).toBe(0);
    expect(body.rejected).toHaveLength(10_000);
    expect(body.rejected[9_999]).toEqual({ index: 9_999, reason: 'missing field "type"' });
    expect(await client.xlen(stream)).toBe(0);
  });

  it('a body over 10 MB is a 413 before it is parsed', async () => {
    const huge = JSON.stringify(['x'.repeat(10 * 1024 * 1024 + 1)]);
    const r = await post(huge, FEED_TOKEN);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toMatch(/larger than 10 MB/);
  });
});

describe('a mixed batch', () => {
  it('writes the valid events in request order, rejects the rest by index with reasons, and the server folds them', async () => {
    const login = ev('agent.login', -60, { agentId: 'a1', queues: ['sales'] });
    const offer1 = ev('call.offered', 0, { callId: 'c1', queueId: 'sales' });
    const offer2 = ev('call.offered', 5, { callId: 'c2', queueId: 'sales' });
    const answer1 = ev('call.answered', 12, { callId: 'c1', agentId: 'a1' });
    const fault = ev('system.fault', 13, { faultId: 'f1', component: 'pbx', severity: 'minor' });
    // Schema-valid, but with an extra field that makes it longer than the consumer's 65,536-byte limit for one
    // entry: judged by its size before anything else, so it costs no validation.
    const tooLong = { ...ev('agent.login', 14, { agentId: 'a2' }), padding: 'x'.repeat(70_000) };
    const batch = [
      login,
      offer1,
      { id: 'bad-1', type: 'call.offered', ts: T0, queueId: 'sales' }, // no callId
      { ...offer2, carrier: 'not in the contract' },
      'not an event',
      { id: 'bad-2', type: 'call.teleported', ts: T0 },
      answer1,
      fault,
      { id: 'bad-3', type: 'call.abandoned', ts: -5, callId: 'c9' },
      tooLong,
    ];
    const folded0 = getNode().live.state.stats.folded;
    const r = await post(JSON.stringify(batch), FEED_TOKEN);
    expect(r.status).toBe(207);
    const body = await r.json();

    expect(body.accepted).toBe(5);
    expect(body.rejected.map((x: { index: number }) => x.index)).toEqual([2, 4, 5, 8, 9]);
    expect(body.rejected[0].id).toBe('bad-1');
    expect(body.rejected[0].reason).toMatch(/^call\.offered: callId: /);
    expect(body.rejected[1]).toEqual({ index: 4, reason: 'not a JSON object' });
    expect(body.rejected[2]).toEqual({ index: 5, id: 'bad-2', reason: 'unknown type "call.teleported"' });
    expect(body.rejected[3].id).toBe('bad-3');
    expect(body.rejected[3].reason).toBe('ts out of range');
    expect(body.rejected[4]).toEqual({ index: 9, id: tooLong.id, reason: 'entry larger than 65536 bytes' });

    // The ids are the stream's entries, in request order, each holding the validated event (extra fields dropped).
    const entries = await streamEntries();
    expect(body.ids).toEqual(entries.map(([id]) => id));
    expect(entries.every(([, f]) => f.length === 2 && f[0] === 'event')).toBe(true);
    const written = entries.map(([, f]) => JSON.parse(f[1]!));
    expect(written).toEqual([login, offer1, offer2, answer1, fault]);
    expect(written[2]).not.toHaveProperty('carrier');

    await waitFor('the batch folded', () => getNode().live.state.stats.folded === folded0 + 5);
    const snap = (await (
      await fetch(`${getNode().url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as Snapshot;
    const sales = snap.queues.find((q) => q.id === 'sales')!;
    // c1 answered after 12 s (within the 20 s default threshold), c2 still waiting.
    expect(sales.waiting).toBe(1);
    expect(sales.windows.today.offered).toBe(2);
    expect(sales.windows.today.answered).toBe(1);
    expect(sales.windows.today.answeredWithinSl).toBe(1);
    expect(snap.agents.find((a) => a.id === 'a1')!.state).toBe('talking');
  });

  it('an all-valid batch is a 200; an empty one writes nothing', async () => {
    const before = await client.xlen(stream);
    const r = await post(JSON.stringify([ev('call.abandoned', 30, { callId: 'c2' })]), ADMIN_TOKEN);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toEqual({ accepted: 1, rejected: [], ids: [expect.stringMatching(/^\d+-\d+$/)] });
    const empty = await post('[]', FEED_TOKEN);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ accepted: 0, rejected: [], ids: [] });
    expect(await client.xlen(stream)).toBe(before + 1);
  });
});

describe('Redis down', () => {
  it('answers 503 with nothing reported accepted, and works again once Redis is back', async () => {
    await getRedis().kill();
    await waitFor(
      'the node sees Redis down',
      async () => (await fetch(`${getNode().url}/api/v1/health`)).status === 503,
    );
    const batch = [ev('call.offered', 40, { callId: 'c3', queueId: 'sales' }), { id: 'nope', type: 'call.offered' }];
    const r = await post(JSON.stringify(batch), FEED_TOKEN);
    expect(r.status).toBe(503);
    const body = await r.json();
    expect(body.accepted).toBe(0);
    expect(body.ids).toEqual([]);
    expect(body.error).toMatch(/^Redis unavailable/);
    expect(body.rejected.map((x: { index: number; reason: string }) => [x.index, x.reason.slice(0, 12)])).toEqual([
      [0, 'not written:'],
      [1, 'call.offered'],
    ]);

    await getRedis().restart();
    await waitFor(
      'the write works again',
      async () => (await post(JSON.stringify([batch[0]]), FEED_TOKEN)).status === 200,
    );
  });
});
