// GET /metrics on a real node: Prometheus text with the node's counters and gauges, open to loopback callers
// only; anyone else (here: a client behind a local reverse proxy) needs the admin token.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../server/http/metrics.ts';
import { useRedis } from '../helpers/redis.ts';
import { lastStreamId } from '../helpers/reference.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, useTestNode, waitFor } from '../helpers/server.ts';
import { xaddRaw } from '../helpers/stream-writer.ts';

const getRedis = useRedis();
const STREAM = 'metrics:events';
const getNode = useTestNode(() => ({ redisUrl: getRedis().url, stream: STREAM }));
let client: Redis;

beforeAll(() => {
  client = new Redis(getRedis().url, { protocol: 2 });
});
afterAll(() => {
  client?.disconnect();
});

/** The value of one sample line, e.g. `floorboard_sockets{role="display"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

it('counts what the node folded, refused and serves, without a token from loopback', async () => {
  const t0 = Date.now() - 60_000;
  const ev = (id: string, type: string, fields: object) => ['event', JSON.stringify({ id, type, ts: t0, ...fields })];
  await xaddRaw(client, STREAM, [
    ev('e-1', 'agent.login', { agentId: 'a-1' }),
    ev('e-2', 'call.offered', { callId: 'c-1', queueId: 'sales' }),
    ev('e-2', 'call.offered', { callId: 'c-1', queueId: 'sales' }), // a repeat
    ['event', '{"id":"e-3","type":'], // truncated
    ev('e-4', 'call.answered', { callId: 'c-unknown', agentId: 'a-1' }), // an anomaly: no such call
    ev('e-5', 'call.offered', { callId: 'c-2' }), // no queueId
  ]);
  const last = await lastStreamId(client, STREAM);
  await waitFor('the node to fold everything', () => getNode().live.state.cursor === last);
  const screens = [
    new LiveClient(getNode().url, DISPLAY_TOKEN),
    new LiveClient(getNode().url, DISPLAY_TOKEN),
    new LiveClient(getNode().url, ADMIN_TOKEN),
  ];
  try {
    await waitFor('the screens to connect', () => screens.every((s) => s.snapshot));
    await getNode().checkpoint();
    // An update tick that sends something is timed: wait for one after the screens connected.
    const res = await waitFor('a timed tick', async () => {
      const r = await fetch(`${getNode().url}/metrics`);
      const text = await r.text();
      return (sample(text, 'floorboard_tick_duration_seconds_count') ?? 0) > 0 && { r, text };
    });
    expect(res.r.status).toBe(200);
    expect(res.r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { text } = res;
    expect(sample(text, 'floorboard_events_folded_total')).toBe(3);
    // The longest loop block since the last scrape: a number of seconds, well under the checkpoint's old 0.45 s.
    expect(sample(text, 'floorboard_eventloop_block_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'floorboard_duplicate_events_total')).toBe(1);
    expect(sample(text, 'floorboard_dead_letters_total')).toBe(2);
    expect(sample(text, 'floorboard_anomalies_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'floorboard_redis_up')).toBe(1);
    expect(sample(text, 'floorboard_lease_held')).toBe(1);
    expect(sample(text, 'floorboard_ingest_lag_seconds')).toBe(0);
    expect(sample(text, 'floorboard_sockets{role="display"}')).toBe(2);
    expect(sample(text, 'floorboard_sockets{role="admin"}')).toBe(1);
    expect(sample(text, 'floorboard_sockets{role="agent"}')).toBe(0);
    expect(sample(text, 'floorboard_checkpoint_age_seconds')).toBeLessThan(5);
    expect(text).toContain('# TYPE floorboard_tick_duration_seconds histogram');
    expect(text).toContain('floorboard_process_resident_memory_bytes');
  } finally {
    for (const s of screens) s.close();
  }
});

it('asks callers that are not on loopback for the admin token', async () => {
  // The node trusts X-Forwarded-For from a proxy on loopback: this is a remote client as the proxy reports it.
  const remote = (token?: string) =>
    fetch(`${getNode().url}/metrics`, {
      headers: { 'X-Forwarded-For': '203.0.113.9', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
  expect((await remote()).status).toBe(401);
  expect((await remote(DISPLAY_TOKEN)).status).toBe(403);
  const ok = await remote(ADMIN_TOKEN);
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('floorboard_events_folded_total');
});

it('knows loopback addresses in their IPv4, IPv6 and mapped forms', () => {
  expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([
    true,
    true,
    true,
    true,
  ]);
  expect(['10.0.0.1', '::ffff:10.0.0.1', '203.0.113.9', '', undefined].map(isLoopbackAddress)).toEqual([
    false,
    false,
    false,
    false,
    false,
  ]);
});
