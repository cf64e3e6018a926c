// Closing with Redis already gone — as when Ctrl-C reaches a private redis-server along with the server — must end:
// the node's last writes and the simulator's last batch are given up on within their budgets.
import { afterEach, expect, it } from 'vitest';
import { runSimulator } from '../../agent-sim/writer.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { startTestNode, waitFor } from '../helpers/server.ts';

let redis: RedisProcess | undefined;

afterEach(async () => {
  await redis?.stop();
  redis = undefined;
});

it('a node closes within its budget when Redis died first', { timeout: 30_000 }, async () => {
  redis = await startRedis();
  const node = await startTestNode({ redisUrl: redis.url, stream: 'shutdown:events' });
  await redis.kill();
  const started = Date.now();
  await node.close();
  // The budget is 6 s; the stream consumer alone may take 3 s of it.
  expect(Date.now() - started).toBeLessThan(8_000);
});

it('the simulator stops within its grace when Redis died first', { timeout: 30_000 }, async () => {
  redis = await startRedis();
  const sim = runSimulator({
    redisUrl: redis.url,
    stream: 'shutdown:sim',
    agents: 20,
    queues: 2,
    rate: 30,
    seed: 1,
    curve: 'flat',
    timezone: 'UTC',
    speed: 50,
  });
  const client = (await import('ioredis')).Redis;
  const probe = new client(redis.url, { protocol: 2 });
  await waitFor('the simulator to write', async () => (await probe.xlen('shutdown:sim')) > 0);
  probe.disconnect();
  await redis.kill();
  const started = Date.now();
  await sim.stop();
  expect(Date.now() - started).toBeLessThan(4_000);
});
