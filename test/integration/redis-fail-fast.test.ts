// With Redis stopped, what needs it answers 503 at once with a clear message instead of hanging through ioredis'
// reconnect attempts; what does not (a token's snapshot) keeps working; when Redis is back, sign-in works again.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';

let dir: string;
let redis: RedisProcess;
let node: RunningNode;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-failfast-'));
  redis = await startRedis({ appendonly: true, dir });
  const c = new Redis(redis.url, { protocol: 2 });
  await new UserStore(c).add({ username: 'sup', role: 'supervisor' }, 'password-sup');
  c.disconnect();
  node = await startTestNode({ redisUrl: redis.url });
});
afterAll(async () => {
  await node?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

const json = { 'Content-Type': 'application/json' };
const login = () =>
  fetch(`${node.url}/api/v1/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ username: 'sup', password: 'password-sup' }),
  });

/** The answer and how long it took. */
async function timed(
  f: () => Promise<Response>,
): Promise<{ status: number; ms: number; body: { error?: string }; retryAfter: string | null }> {
  const t0 = performance.now();
  const r = await f();
  const body = (await r.json()) as { error?: string };
  return { status: r.status, ms: performance.now() - t0, body, retryAfter: r.headers.get('retry-after') };
}

it('answers 503 within a second for sign-in, cookie requests and writes while Redis is down, and recovers', {
  timeout: 90_000,
}, async () => {
  const signedIn = await login();
  expect(signedIn.status).toBe(200);
  const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;

  await redis.stop();
  // The node notices the closed connection within moments; from then on every answer comes at once.
  await waitFor(
    'the outage to be noticed',
    async () => (await fetch(`${node.url}/api/v1/me`, { headers: { cookie } })).status === 503,
    10_000,
  );

  const answers = {
    login: await timed(login),
    me: await timed(() => fetch(`${node.url}/api/v1/me`, { headers: { cookie } })),
    bulletin: await timed(() =>
      fetch(`${node.url}/api/v1/bulletins`, {
        method: 'POST',
        headers: { ...json, cookie },
        body: JSON.stringify({ text: 'x' }),
      }),
    ),
    tokenBulletin: await timed(() =>
      fetch(`${node.url}/api/v1/bulletins`, {
        method: 'POST',
        headers: { ...json, Authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ text: 'x' }),
      }),
    ),
    tokenAck: await timed(() =>
      fetch(`${node.url}/api/v1/alerts/a:b/ack`, {
        method: 'POST',
        headers: { ...json, Authorization: `Bearer ${ADMIN_TOKEN}` },
        body: '{}',
      }),
    ),
  };
  for (const [what, a] of Object.entries(answers)) {
    expect(a.status, what).toBe(503);
    expect(a.body.error, what).toBe(
      'Redis is unreachable: sign-in and changes are unavailable for now, try again shortly',
    );
    expect(a.retryAfter, what).toBe('5');
    expect(a.ms, what).toBeLessThan(1_000);
  }
  // A token needs no Redis to read the last numbers.
  expect(
    (await fetch(`${node.url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).status,
  ).toBe(200);
  // A screen signing in with its cookie is told at once too.
  const socket = io(node.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie, origin: node.url },
  });
  try {
    let refused: Error | null = null;
    socket.on('connect_error', (err) => (refused = err));
    const t0 = performance.now();
    const err = await waitFor('the socket refusal', () => refused, 5_000);
    expect(err.message).toBe('unavailable');
    expect(performance.now() - t0).toBeLessThan(1_000);
  } finally {
    socket.close();
  }

  await redis.restart();
  await waitFor('sign-in to work again', async () => (await login()).status === 200, 30_000);
  expect((await fetch(`${node.url}/api/v1/me`, { headers: { cookie } })).status).toBe(200);
});
