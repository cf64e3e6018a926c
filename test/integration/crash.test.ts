// A server killed with SIGKILL in the middle of folding comes back with exactly the numbers of an uninterrupted
// run: it resumes from its last checkpoint and refolds the rest of the stream, nothing lost, nothing twice.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSimulator } from '../../agent-sim/writer.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { spawnServer, writeTestConfig } from '../helpers/child-server.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { ADMIN_TOKEN, testConfig, waitFor } from '../helpers/server.ts';

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

const api = async (url: string, path: string) =>
  (await fetch(url + path, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json();

it('SIGKILL under load, restart: identical numbers, folded exactly once', { timeout: 120_000 }, async () => {
  const stream = 'crash:events';
  const env = {
    REDIS_URL: redis.url,
    FLOORBOARD_STREAM: stream,
    FLOORBOARD_NODE_ID: 'crashy',
    FLOORBOARD_CONFIG: writeTestConfig(),
  };
  const start = Date.now() - 60 * 60_000;
  const sim = (seed: number, from: number, sec: number) =>
    runSimulator({
      redisUrl: redis.url,
      stream,
      agents: 60,
      queues: 3,
      rate: 10,
      seed,
      curve: 'flat',
      durationSec: sec,
      speed: 1,
      fast: true,
      startTs: from,
    });

  let server = await spawnServer(env);
  const first = (await sim(1, start, 20 * 60).done).written;
  const firstLast = await lastStreamId(client, stream);
  await waitFor(
    'first part folded',
    async () => (await api(server.url, '/api/v1/snapshot')).cursor === firstLast,
    30_000,
  );
  // Let a periodic checkpoint (every 10 s) cover the first part.
  await new Promise((r) => setTimeout(r, 11_000));

  const second = sim(2, start + 21 * 60_000, 30 * 60);
  await waitFor(
    'the server to be folding the second part',
    async () => (await api(server.url, '/api/v1/snapshot')).cursor !== firstLast,
    30_000,
  );
  server.child.kill('SIGKILL');
  await server.exited;
  const secondWritten = (await second.done).written;

  server = await spawnServer(env);
  try {
    expect(server.output()).toContain('resuming from checkpoint');
    const last = await lastStreamId(client, stream);
    const snap = await waitFor(
      'refolded to the end',
      async () => {
        const s = await api(server.url, '/api/v1/snapshot');
        return s.cursor === last && s;
      },
      60_000,
    );
    const { alerts: _alerts, stale: _stale, bulletins: _bulletins, ...seen } = snap;
    expect(seen).toEqual(
      roundForWire(await referenceView(client, stream, testConfig({ redisUrl: redis.url }), snap.asOf)),
    );
    const health = await api(server.url, '/api/v1/health');
    expect(health.folded).toBe(first + secondWritten);
    expect(health.duplicates).toBe(0);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});
