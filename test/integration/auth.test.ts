// Sign-in on a real node and Redis: login, the session cookie on REST and socket.io, logout, the login rate
// limit, and the audit lines they leave.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { SESSION_RECHECK_MS } from '../../server/realtime/hub.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.ts';
import { SessionStore } from '../../server/auth/sessions.ts';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { AUDIT_STREAM, LOGIN_ATTEMPTS_PREFIX, sessionKey } from '../../server/redis/keys.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let users: UserStore;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  users = new UserStore(client);
  // The tests pose as clients at other addresses through X-Forwarded-For, as a reverse proxy on this host would.
  node = await startTestNode({ redisUrl: redis.url, config: { http: { trustProxy: 'loopback' } } });
  await users.add(
    { username: 'mei', name: 'Mei Chen', role: 'supervisor', teams: ['t1'], queues: ['sales'] },
    'correct horse',
  );
  await users.add({ username: 'ann', role: 'agent', agentId: 'a-7' }, 'battery staple');
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${node.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

const attemptsKey = (kind: string, key: string) => `${LOGIN_ATTEMPTS_PREFIX}:${kind}:${key}`;

/** `fb_session=<id>` from a login response. */
const cookieOf = (r: Response) => r.headers.getSetCookie()[0]!.split(';')[0]!;
const withCookie = (cookie: string, init: RequestInit = {}) => ({
  ...init,
  headers: { ...(init.headers as object), cookie },
});

describe('login', () => {
  it('refuses a wrong password and an unknown user with the same answer', async () => {
    for (const [u, p] of [
      ['mei', 'wrong password'],
      ['nobody', 'correct horse'],
    ]) {
      const r = await login(u!, p!);
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ error: 'invalid username or password' });
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    expect((await login('mei', '')).status).toBe(401);
    const bad = await fetch(`${node.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"username":',
    });
    expect(bad.status).toBe(400);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie for 12 h and answers with Me', async () => {
    const r = await login('mei', 'correct horse');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      user: { username: 'mei', name: 'Mei Chen', role: 'supervisor', teams: ['t1'], queues: ['sales'] },
    });
    const [set] = r.headers.getSetCookie();
    expect(set).toMatch(
      /^fb_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
    );
    const id = cookieOf(r).slice('fb_session='.length);
    expect(await client.get(sessionKey(id))).toBe('mei');
    const ttl = await client.ttl(sessionKey(id));
    expect(ttl).toBeGreaterThan(43_190);
    expect(ttl).toBeLessThanOrEqual(43_200);
  });

  it('marks the cookie Secure when a proxy on this host says the request came over HTTPS', async () => {
    const r = await login('ann', 'battery staple', { 'X-Forwarded-Proto': 'https' });
    expect(r.status).toBe(200);
    expect(r.headers.getSetCookie()[0]).toMatch(/; Secure/);
  });
});

describe('the session cookie', () => {
  it('authenticates REST: /me, and a snapshot scoped to the user', async () => {
    const cookie = cookieOf(await login('ann', 'battery staple'));
    const me = await fetch(`${node.url}/api/v1/me`, withCookie(cookie));
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ username: 'ann', name: 'ann', role: 'agent', agentId: 'a-7' });
    expect((await fetch(`${node.url}/api/v1/snapshot`, withCookie(cookie))).status).toBe(200);
    expect(
      (await fetch(`${node.url}/api/v1/me`, withCookie('fb_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')))
        .status,
    ).toBe(401);
    expect((await fetch(`${node.url}/api/v1/me`)).status).toBe(401);
  });

  it('a token still works and /me names it', async () => {
    const r = await fetch(`${node.url}/api/v1/me`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(await r.json()).toEqual({ username: 'admin', name: 'admin', role: 'admin' });
  });

  it('authenticates socket.io, but not from another site', async () => {
    const cookie = cookieOf(await login('mei', 'correct horse'));
    const connect = (headers: Record<string, string>) => {
      const s = io(node.url, { transports: ['websocket'], reconnection: false, extraHeaders: headers });
      const result = { snapshot: null as Snapshot | null, error: null as Error | null };
      s.on('snapshot', (snap) => (result.snapshot = snap));
      s.on('connect_error', (err) => (result.error = err));
      return { s, result };
    };
    const same = connect({ cookie, origin: node.url });
    const foreign = connect({ cookie, origin: 'https://evil.example' });
    const none = connect({});
    try {
      await waitFor('snapshot', () => same.result.snapshot);
      expect((await waitFor('refusal', () => foreign.result.error)).message).toBe('unauthorized');
      expect((await waitFor('refusal', () => none.result.error)).message).toBe('unauthorized');
    } finally {
      for (const c of [same, foreign, none]) c.s.close();
    }
  });

  it('ends at logout: 204, cookie cleared, session gone', async () => {
    const cookie = cookieOf(await login('mei', 'correct horse'));
    const r = await fetch(
      `${node.url}/api/v1/logout`,
      withCookie(cookie, { method: 'POST', headers: { 'Content-Type': 'application/json' } }),
    );
    expect(r.status).toBe(204);
    expect(r.headers.getSetCookie()[0]).toMatch(
      /^fb_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/,
    );
    expect((await fetch(`${node.url}/api/v1/me`, withCookie(cookie))).status).toBe(401);
    expect((await fetch(`${node.url}/api/v1/logout`, { method: 'POST' })).status).toBe(401);
  });

  it('closes the sockets of a session that ended', async () => {
    const cookie = cookieOf(await login('mei', 'correct horse'));
    const s = io(node.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie, origin: node.url },
    });
    let reason = '';
    s.on('disconnect', (why) => (reason = why));
    try {
      await waitFor('connected', () => s.connected);
      await fetch(
        `${node.url}/api/v1/logout`,
        withCookie(cookie, { method: 'POST', headers: { 'Content-Type': 'application/json' } }),
      );
      await waitFor('the server to close the socket', () => reason, SESSION_RECHECK_MS + 5_000);
      expect(reason).toBe('io server disconnect');
    } finally {
      s.close();
    }
  });

  it('ends when the password changes or the user is removed', async () => {
    await users.add({ username: 'tmp', role: 'display' }, 'temporary1');
    const sessions = new SessionStore(client);
    const c1 = cookieOf(await login('tmp', 'temporary1'));
    await users.setPassword('tmp', 'temporary2');
    expect(await sessions.deleteAll('tmp')).toBe(1);
    expect((await fetch(`${node.url}/api/v1/me`, withCookie(c1))).status).toBe(401);
    const c2 = cookieOf(await login('tmp', 'temporary2'));
    expect(await users.remove('tmp')).toBe(true);
    // Even before its session is deleted, a removed user's cookie is worthless: the user is read on every request.
    expect((await fetch(`${node.url}/api/v1/me`, withCookie(c2))).status).toBe(401);
  });
});

describe('login rate limit', () => {
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  // Each test (and its retry) starts with no attempts counted and without the users it adds.
  beforeEach(async () => {
    const keys = await client.keys(`${LOGIN_ATTEMPTS_PREFIX}:*`);
    if (keys.length) await client.del(...keys);
    for (const name of ['burst', 'spread']) await users.remove(name);
  });

  it('after 5 attempts for a username from one address, refuses even the right password; other addresses are not affected', async () => {
    for (let i = 0; i < 5; i++) expect((await login('ann', `guess ${i}`, from('10.0.0.5'))).status).toBe(401);
    const blocked = await login('ann', 'battery staple', from('10.0.0.5'));
    expect(blocked.status).toBe(429);
    const { error } = (await blocked.json()) as { error: string };
    const wait = Number(error.match(/^too many attempts, try again in (\d+) s$/)?.[1]);
    expect(wait).toBeGreaterThan(890);
    expect(wait).toBeLessThanOrEqual(900);
    expect(blocked.headers.get('retry-after')).toBe(String(wait));
    expect((await login('ann', 'battery staple', from('10.0.0.6'))).status).toBe(200);
    expect((await login('mei', 'correct horse', from('10.0.0.5'))).status).toBe(200);
    // Waiting out the window (its key expiring) lets the right password in again.
    await client.del(attemptsKey('user+address', '10.0.0.5:ann'));
    expect((await login('ann', 'battery staple', from('10.0.0.5'))).status).toBe(200);
  });

  it('a success clears the failures counted so far', async () => {
    for (let i = 0; i < 4; i++) await login('mei', 'nope nope', from('10.0.0.9'));
    expect((await login('mei', 'correct horse', from('10.0.0.9'))).status).toBe(200);
    expect(await client.exists(attemptsKey('user+address', '10.0.0.9:mei'))).toBe(0);
    expect(await client.exists(attemptsKey('user', 'mei'))).toBe(0);
  });

  it('a burst of 40 parallel guesses gets 5 password checks, and the right password sent inside the burst is refused', {
    timeout: 60_000,
  }, async () => {
    await users.add({ username: 'burst', role: 'display' }, 'the real one');
    const guesses = Array.from({ length: 40 }, (_, i) => login('burst', `guess ${i}`, from('10.0.1.1')));
    let refusedYet = false;
    const statuses = guesses.map((g) => g.then((r) => (r.status === 429 && (refusedYet = true), r.status)));
    // Once one guess is refused the limit is spent, while the other guesses' passwords may still be being checked.
    await waitFor('the first refusal', () => refusedYet, 30_000);
    const right = await login('burst', 'the real one', from('10.0.1.1'));
    const all = await Promise.all(statuses);
    expect(all.filter((s) => s === 401).length).toBe(5);
    expect(all.filter((s) => s === 429).length).toBe(35);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  // 71 bcrypt checks: slow on a loaded machine.
  it('20 attempts per username from any number of addresses, 50 per address over any usernames', {
    timeout: 120_000,
  }, async () => {
    await users.add({ username: 'spread', role: 'display' }, 'spread password');
    for (let i = 0; i < 20; i++) expect((await login('spread', 'wrong', from(`10.2.0.${i}`))).status).toBe(401);
    expect((await login('spread', 'spread password', from('10.2.1.1'))).status).toBe(429);

    // The password checks run off the event loop: while 51 are under way, the node still serves everything else.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const tries = await Promise.all(
      Array.from({ length: 51 }, (_, i) => login(`nobody-${i}`, 'wrong', from('10.3.0.1'))),
    );
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(1_000);
    expect(tries.map((r) => r.status).filter((s) => s === 401).length).toBe(50);
    expect(tries.map((r) => r.status).filter((s) => s === 429).length).toBe(1);
    expect((await login('mei', 'correct horse', from('10.3.0.1'))).status).toBe(429);
    expect((await login('mei', 'correct horse', from('10.3.0.2'))).status).toBe(200);
  });
});

describe('proxies (http.trustProxy)', () => {
  it('off by default: X-Forwarded-For and -Proto from loopback are not believed', async () => {
    const plain = await startTestNode({ redisUrl: redis.url, nodeId: 'no-proxy' });
    try {
      const from = (ip: string) => ({ 'X-Forwarded-For': ip, 'X-Forwarded-Proto': 'https' });
      const post = (ip: string) =>
        fetch(`${plain.url}/api/v1/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...from(ip) },
          body: JSON.stringify({ username: 'ann', password: 'wrong' }),
        });
      // A fresh forged address per attempt does not buy fresh attempts: they all count for 127.0.0.1.
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await post(`10.9.0.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(await client.exists(attemptsKey('user+address', '127.0.0.1:ann'))).toBe(1);
      await client.del(attemptsKey('user+address', '127.0.0.1:ann'), attemptsKey('user', 'ann'));
      const ok = await fetch(`${plain.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
        body: JSON.stringify({ username: 'ann', password: 'battery staple' }),
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.getSetCookie()[0]).not.toMatch(/Secure/);
    } finally {
      await plain.close();
    }
  });
});
describe('audit', () => {
  it('records logins and logouts; GET /audit shows them newest first, to admins only', async () => {
    await client.del(AUDIT_STREAM);
    const cookie = cookieOf(await login('mei', 'correct horse', { 'X-Forwarded-For': '10.1.1.1' }));
    await fetch(
      `${node.url}/api/v1/logout`,
      withCookie(cookie, { method: 'POST', headers: { 'Content-Type': 'application/json' } }),
    );
    const r = await fetch(`${node.url}/api/v1/audit?limit=10`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(r.status).toBe(200);
    const lines = (await r.json()) as { who: string; what: string; at: number; detail: Record<string, unknown> }[];
    expect(lines.map((l) => [l.who, l.what])).toEqual([
      ['mei', 'auth.logout'],
      ['mei', 'auth.login'],
    ]);
    expect(lines[1]!.detail).toEqual({ ip: '10.1.1.1' });
    expect(Math.abs(lines[0]!.at - Date.now())).toBeLessThan(5_000);
    const supervisor = cookieOf(await login('mei', 'correct horse'));
    expect((await fetch(`${node.url}/api/v1/audit`, withCookie(supervisor))).status).toBe(403);
  });
});
