// What the real server writes to its output (captured from the child process) holds no secret: a Redis password
// is redacted in every startup error, and a failed login logs a bounded name, and no name at all that is not a user.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../server/auth/users.ts';
import { failingServer, spawnServer, writeTestConfig, type ChildServer } from '../helpers/child-server.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';

const SECRET = 'Tr0ub4dor-redis-secret';
let redis: RedisProcess;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('a failing start does not print the Redis password', () => {
  it('a wrong password: the error names the Redis with the password hidden', async () => {
    const c = new Redis(redis.url, { protocol: 2 });
    await c.config('SET', 'requirepass', 'the-right-one-0123');
    try {
      const r = await failingServer({
        REDIS_URL: `redis://:${SECRET}@127.0.0.1:${redis.port}`,
        FLOORBOARD_CONFIG: writeTestConfig(),
      });
      expect(r.code).not.toBe(0);
      expect(r.output).toContain(`cannot reach Redis at redis://:***@127.0.0.1:${redis.port}`);
      expect(r.output).not.toContain(SECRET);
    } finally {
      await c.config('SET', 'requirepass', '');
      c.disconnect();
    }
  });

  // Three server processes, started side by side: each loads the whole server (seconds apiece on a loaded machine).
  it('a URL that does not parse, one with a bad database, one of another scheme, with a user name and password', {
    timeout: 90_000,
  }, async () => {
    const urls = [
      `redis://admin:${SECRET}@127.0.0.1:99999`,
      `redis://admin:${SECRET}@127.0.0.1:${redis.port}/zero`,
      `http://admin:${SECRET}@host`,
    ];
    const runs = await Promise.all(
      urls.map((url) => failingServer({ REDIS_URL: url, FLOORBOARD_CONFIG: writeTestConfig() })),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.code, urls[i]).not.toBe(0);
      expect(r.output, urls[i]).toContain('REDIS_URL is not a redis:// URL');
      expect(r.output, urls[i]).not.toContain(SECRET);
    }
  });
});

describe('failed logins in the log', () => {
  let server: ChildServer;
  beforeAll(async () => {
    const c = new Redis(redis.url, { protocol: 2 });
    await new UserStore(c).add({ username: 'mei', role: 'supervisor' }, 'correct horse');
    c.disconnect();
    server = await spawnServer({ REDIS_URL: redis.url, FLOORBOARD_CONFIG: writeTestConfig() });
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  const login = (username: string, password: string) =>
    fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('a 60 KB name, a password typed as the name, a name forging a log line: none of them reaches the log', async () => {
    const long = 'x'.repeat(60_000);
    const typedPassword = 'hunter2-my-real-password';
    const forged = 'mallory\n{"level":30,"msg":"floorboard server ready"}';
    for (const name of [long, typedPassword, forged]) expect((await login(name, 'whatever')).status).toBe(401);
    expect((await login('mei', 'wrong password')).status).toBe(401);
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('failed login'));
    await new Promise((r) => setTimeout(r, 200));
    expect(lines()).toHaveLength(4);
    const out = server.output();
    expect(out).not.toContain(typedPassword);
    expect(out).not.toContain('x'.repeat(100));
    expect(out).not.toContain('mallory');
    for (const line of out.split('\n')) expect(line.length).toBeLessThan(1_000);
    const logged = lines().map((l) => JSON.parse(l) as { username?: string; unknownUser?: boolean; ip: string });
    expect(logged.map((l) => l.username ?? (l.unknownUser ? '(unknown user)' : '?'))).toEqual([
      '(unknown user)',
      '(unknown user)',
      '(unknown user)',
      'mei',
    ]);
    expect(logged[3]!.ip).toBe('127.0.0.1');
  });
});
