// The whole spine on real parts: simulator → Redis stream → server → socket.io client, checked against the pure
// engine folding the same stream; and a server restart that must neither lose nor double-count an event.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulator } from '../../agent-sim/writer.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, LiveClient, startTestNode, testConfig, waitFor } from '../helpers/server.ts';

let redis: RedisProcess;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

async function simulate(stream: string, seed: number, startTs: number, durationSec: number) {
  const run = runSimulator({
    redisUrl: redis.url,
    stream,
    agents: 40,
    queues: 3,
    rate: 6,
    seed,
    curve: 'flat',
    durationSec,
    speed: 1,
    fast: true,
    startTs,
  });
  return (await run.done).written;
}

describe('simulator → stream → server → socket.io', () => {
  it('a screen sees exactly the numbers of the pure engine folding the same stream', async () => {
    const stream = 'spine:live';
    const node = await startTestNode({ redisUrl: redis.url, stream });
    const screen = new LiveClient(node.url, DISPLAY_TOKEN);
    try {
      // Half an hour of floor, ending a minute ago, so every window has something in it.
      const written = await simulate(stream, 42, Date.now() - 31 * 60_000, 30 * 60);
      expect(written).toBeGreaterThan(500);
      const last = await lastStreamId(client, stream);
      await waitFor('the server to reach the end of the stream', () => node.live.state.cursor === last, 30_000);

      // Every queue and agent is resent within 5 s; each copy must equal the pure engine's at that update's instant.
      await new Promise((r) => setTimeout(r, 5_500));
      const settled = screen.updates.filter((u) => u.cursor === last);
      const config = testConfig({ redisUrl: redis.url });
      const checked = new Set<string>();
      for (const upd of settled.slice(-22)) {
        const ref = roundForWire(await referenceView(client, stream, config, upd.asOf));
        expect(upd.center).toEqual(ref.center);
        for (const q of upd.queues ?? []) {
          expect(q).toEqual(ref.queues.find((r) => r.id === q.id));
          checked.add(`q:${q.id}`);
        }
        for (const a of upd.agents ?? []) {
          expect(a).toEqual(ref.agents.find((r) => r.id === a.id));
          checked.add(`a:${a.id}`);
        }
        expect(ref.center.windows['60m'].offered).toBeGreaterThan(50);
      }
      expect([...checked].filter((k) => k.startsWith('q:')).length).toBe(4);
      expect([...checked].filter((k) => k.startsWith('a:')).length).toBe(40);

      const rest = await (
        await fetch(`${node.url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
      ).json();
      const { alerts: _alerts, stale, bulletins, ...restView } = rest;
      expect(bulletins).toEqual([]);
      expect(stale).toBeNull();
      expect(restView).toEqual(
        roundForWire(await referenceView(client, stream, testConfig({ redisUrl: redis.url }), rest.asOf)),
      );
    } finally {
      screen.close();
      await node.close();
    }
  });
});

describe('restarts', () => {
  it('a graceful restart resumes from the checkpoint: nothing lost, nothing counted twice', async () => {
    const stream = 'spine:restart';
    const start = Date.now() - 40 * 60_000;
    let node = await startTestNode({ redisUrl: redis.url, stream, nodeId: 'r1' });
    const first = await simulate(stream, 7, start, 15 * 60);
    await waitFor(
      'first half folded',
      async () => node.live.state.cursor === (await lastStreamId(client, stream)),
      30_000,
    );
    await node.close();
    // Written while the server is down: the restarted node must fold exactly these on top of its checkpoint.
    const second = await simulate(stream, 8, start + 16 * 60_000, 15 * 60);
    node = await startTestNode({ redisUrl: redis.url, stream, nodeId: 'r1' });
    try {
      const last = await lastStreamId(client, stream);
      await waitFor('second half folded', () => node.live.state.cursor === last, 30_000);
      expect(node.live.state.stats.folded).toBe(first + second);
      expect(node.live.state.stats.duplicates).toBe(0);
      const seen = node.live.view(Date.now());
      expect(seen).toEqual(await referenceView(client, stream, testConfig({ redisUrl: redis.url }), seen.asOf));
    } finally {
      await node.close();
    }
  });
});
