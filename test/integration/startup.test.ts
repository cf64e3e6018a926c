// Startup problems are one clear line on stderr and a non-zero exit, never a stack trace or a hang.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingServer, writeTestConfig } from '../helpers/child-server.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const oneLine = (output: string) =>
  output
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('floorboard:'));

describe('the server refuses to start, in one line', () => {
  it('an unknown config key, naming it', async () => {
    const r = await failingServer({
      REDIS_URL: redis.url,
      FLOORBOARD_CONFIG: writeTestConfig({ queues: [{ id: 's', colour: 'red' }] }),
    });
    expect(r.code).not.toBe(0);
    expect(oneLine(r.output)).toEqual([expect.stringContaining('unknown config key: queues.0.colour')]);
  });

  it('a bad REDIS_URL', async () => {
    const r = await failingServer({ REDIS_URL: 'http://nope', FLOORBOARD_CONFIG: writeTestConfig() });
    expect(r.code).not.toBe(0);
    expect(oneLine(r.output)).toEqual([expect.stringContaining('REDIS_URL is not a redis:// URL')]);
  });

  it('a port that is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await failingServer({ REDIS_URL: redis.url, PORT: String(port), FLOORBOARD_CONFIG: writeTestConfig() });
      expect(r.code).not.toBe(0);
      expect(oneLine(r.output)).toEqual([expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`)]);
    } finally {
      blocker.close();
    }
  });

  it('a non-loopback HOST without an admin token', async () => {
    const r = await failingServer({
      REDIS_URL: redis.url,
      HOST: '0.0.0.0',
      FLOORBOARD_ADMIN_TOKEN: '',
      FLOORBOARD_CONFIG: writeTestConfig(),
    });
    expect(r.code).not.toBe(0);
    expect(oneLine(r.output)).toEqual([
      expect.stringContaining('refusing to listen on 0.0.0.0 without an admin credential'),
    ]);
  });

  it('a config file that cannot be read', async () => {
    const r = await failingServer({ REDIS_URL: redis.url, FLOORBOARD_CONFIG: '/nonexistent/floorboard.yaml' });
    expect(r.code).not.toBe(0);
    expect(oneLine(r.output)).toEqual([
      expect.stringContaining('cannot read config file /nonexistent/floorboard.yaml'),
    ]);
  });
});
