// Browser-facing hardening on a real node and Redis (docs/security.md): writes made with the session cookie must
// come from this server's own pages as JSON (CSRF), and every page and API answer carries the security headers.
import { readdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bulletin } from '../../shared/bulletins.ts';
import { UserStore } from '../../server/auth/users.ts';
import { DEFAULT_STATIC_DIR, type RunningNode } from '../../server/node.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode } from '../helpers/server.ts';

const PROXY_ORIGIN = 'https://wall.example.com';
const PLAYER = 'https://player.example.com';

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
let cookie: string;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, config: { http: { allowedOrigins: [PROXY_ORIGIN] } } });
  await new UserStore(client).add({ username: 'sup', role: 'supervisor' }, 'password-sup');
  cookie = await signIn();
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

async function signIn(): Promise<string> {
  const r = await fetch(`${node.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'sup', password: 'password-sup' }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** Another origin of the same site: same host name, another port (SameSite cookies ride along). */
const sibling = () => node.url.replace(/:(\d+)$/, (_, p: string) => `:${Number(p) + 1}`);
const bulletinCount = async () => Object.keys(await client.hgetall('floorboard:bulletins')).length;

function post(path: string, headers: Record<string, string>, body?: string) {
  return fetch(`${node.url}/api/v1${path}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
}

describe('CSRF: cookie-authenticated writes', () => {
  it('refuses a cross-origin form post, a text/plain post and a cross-origin JSON post, and writes nothing', async () => {
    const before = await bulletinCount();
    const form = await post(
      '/bulletins',
      { cookie, origin: sibling(), 'Content-Type': 'application/x-www-form-urlencoded' },
      'text=forged',
    );
    const plain = await post(
      '/bulletins',
      { cookie, origin: sibling(), 'Content-Type': 'text/plain' },
      JSON.stringify({ text: 'forged' }),
    );
    const plainSameOrigin = await post(
      '/bulletins',
      { cookie, origin: node.url, 'Content-Type': 'text/plain' },
      JSON.stringify({ text: 'forged' }),
    );
    const json = await post(
      '/bulletins',
      { cookie, origin: sibling(), 'Content-Type': 'application/json' },
      JSON.stringify({ text: 'forged' }),
    );
    const nullOrigin = await post(
      '/bulletins',
      { cookie, origin: 'null', 'Content-Type': 'application/json' },
      JSON.stringify({ text: 'forged' }),
    );
    const sameSite = await post(
      '/bulletins',
      { cookie, 'Sec-Fetch-Site': 'same-site', 'Content-Type': 'application/json' },
      JSON.stringify({ text: 'forged' }),
    );
    for (const r of [form, plain, plainSameOrigin, json, nullOrigin, sameSite]) expect(r.status).toBe(403);
    expect(((await form.json()) as { error: string }).error).toBe(
      'refused: a signed-in write must be sent with Content-Type: application/json',
    );
    expect(((await json.json()) as { error: string }).error).toMatch(
      /^refused: cross-origin request from "http:\/\/127\.0\.0\.1:\d+"/,
    );
    expect(((await sameSite.json()) as { error: string }).error).toBe(
      'refused: cross-origin request (Sec-Fetch-Site: same-site)',
    );
    expect(await bulletinCount()).toBe(before);
  });

  it('refuses a cross-origin logout and alert acknowledgement; the session stands', async () => {
    const logout = await post('/logout', { cookie, origin: sibling(), 'Content-Type': 'text/plain' }, '');
    const ack = await post('/alerts/x:y/ack', { cookie, origin: sibling(), 'Content-Type': 'text/plain' }, '{}');
    expect([logout.status, ack.status]).toEqual([403, 403]);
    expect((await fetch(`${node.url}/api/v1/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('accepts same-origin JSON, a configured proxy origin, and clients that are not browsers (no Origin)', async () => {
    const before = await bulletinCount();
    const body = JSON.stringify({ text: 'posted from the console' });
    const same = await post(
      '/bulletins',
      { cookie, origin: node.url, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json; charset=utf-8' },
      body,
    );
    const proxied = await post(
      '/bulletins',
      { cookie, origin: PROXY_ORIGIN, 'Content-Type': 'application/json' },
      body,
    );
    const cli = await post('/bulletins', { cookie, 'Content-Type': 'application/json' }, body);
    expect([same.status, proxied.status, cli.status]).toEqual([201, 201, 201]);
    expect(((await same.json()) as Bulletin).createdBy).toBe('sup');
    expect(await bulletinCount()).toBe(before + 3);
    // A bodiless write declares JSON too, as the console does.
    const id = ((await proxied.json()) as Bulletin).id;
    const del = await fetch(`${node.url}/api/v1/bulletins/${id}`, {
      method: 'DELETE',
      headers: { cookie, origin: node.url, 'Content-Type': 'application/json' },
    });
    expect(del.status).toBe(204);
  });

  it('leaves bearer-token calls alone, whatever their Origin and type', async () => {
    const r = await post(
      '/bulletins',
      { Authorization: `Bearer ${ADMIN_TOKEN}`, cookie, origin: sibling(), 'Content-Type': 'application/json' },
      JSON.stringify({ text: 'from a script' }),
    );
    expect(r.status).toBe(201);
    const reset = await fetch(`${node.url}/api/v1/alerts/rules`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, origin: sibling() },
    });
    expect(reset.status).toBe(200);
  });

  it('refuses a login posted from another origin (it would sign the victim in as someone else)', async () => {
    const body = JSON.stringify({ username: 'sup', password: 'password-sup' });
    const foreign = await post('/login', { origin: sibling(), 'Content-Type': 'application/json' }, body);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    expect((await post('/login', { origin: node.url, 'Content-Type': 'application/json' }, body)).status).toBe(200);
  });
});

describe('security headers', () => {
  const script = readdirSync(`${DEFAULT_STATIC_DIR}/assets`).find((f) => f.endsWith('.js'));

  function expectHeaders(r: Response, what: string, frameAncestors = "'self'") {
    const csp = r.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v.join(' ')]),
    );
    expect(directives.get('script-src'), what).toBe("'self'");
    expect(directives.get('style-src'), what).toBe("'self'");
    expect(directives.get('default-src'), what).toBe("'self'");
    expect(directives.get('object-src'), what).toBe("'none'");
    expect(directives.get('frame-ancestors'), what).toBe(frameAncestors);
    expect(csp, what).not.toMatch(/unsafe/);
    expect(r.headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(r.headers.get('x-content-type-options'), what).toBe('nosniff');
  }

  it('on every page, asset and API answer, errors included', async () => {
    expect(script, 'the wallboard is built (npm run build)').toBeDefined();
    const get = (p: string, headers: Record<string, string> = {}) =>
      fetch(node.url + p, { headers, redirect: 'manual' });
    const answers: [string, Response][] = [
      ['/', await get('/')],
      ['/wall/default?token=x', await get('/wall/default?token=x')],
      ['/supervisor', await get('/supervisor')],
      ['/agent', await get('/agent')],
      ['/login', await get('/login')],
      [`/assets/${script}`, await get(`/assets/${script}`)],
      ['/api/v1/health', await get('/api/v1/health')],
      ['/api/v1/snapshot (401)', await get('/api/v1/snapshot')],
      ['/api/v1/snapshot', await get('/api/v1/snapshot', { Authorization: `Bearer ${ADMIN_TOKEN}` })],
      ['/api/v1/audit (403)', await get('/api/v1/audit', { cookie })],
      ['/api/v1/nowhere (404)', await get('/api/v1/nowhere')],
      ['/metrics', await get('/metrics')],
      ['/no-such-page (404)', await get('/no-such-page')],
      [
        'POST /api/v1/login (401)',
        await post(
          '/login',
          { 'Content-Type': 'application/json' },
          JSON.stringify({ username: 'sup', password: 'nope' }),
        ),
      ],
      ['POST /api/v1/bulletins (403)', await post('/bulletins', { cookie, 'Content-Type': 'text/plain' }, 'x')],
    ];
    expect(answers.map(([p, r]) => `${p} ${r.status}`)).toEqual([
      '/ 302',
      '/wall/default?token=x 200',
      '/supervisor 200',
      '/agent 200',
      '/login 200',
      `/assets/${script} 200`,
      '/api/v1/health 200',
      '/api/v1/snapshot (401) 401',
      '/api/v1/snapshot 200',
      '/api/v1/audit (403) 403',
      '/api/v1/nowhere (404) 404',
      '/metrics 200',
      '/no-such-page (404) 404',
      'POST /api/v1/login (401) 401',
      'POST /api/v1/bulletins (403) 403',
    ]);
    for (const [p, r] of answers) {
      // Unknown pages get the app's own not-found screen, under the same policy as every page.
      expectHeaders(r, p);
      expect(r.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), p).toBe('SAMEORIGIN');
      expect(r.headers.get('x-powered-by'), p).toBeNull();
      expect(r.headers.get('cross-origin-opener-policy'), p).toBe('same-origin');
      expect(r.headers.get('cross-origin-resource-policy'), p).toBe('same-origin');
      expect(r.headers.get('strict-transport-security'), p).toBeNull();
    }
  });

  it('http.frameAncestors lets a signage player frame the wall (CSP alone then, no X-Frame-Options)', async () => {
    const framed = await startTestNode({
      redisUrl: redis.url,
      nodeId: 'framed',
      config: { http: { frameAncestors: ["'self'", PLAYER] } },
    });
    try {
      const r = await fetch(`${framed.url}/wall/default`);
      expectHeaders(r, '/wall/default', `'self' ${PLAYER}`);
      expect(r.headers.get('x-frame-options')).toBeNull();
    } finally {
      await framed.close();
    }
  });
});

describe('http config', () => {
  it('a trustProxy that express cannot read stops the start, naming the key; true is refused by the schema', async () => {
    await expect(
      startTestNode({ redisUrl: redis.url, nodeId: 'bad-proxy', config: { http: { trustProxy: 'nonsense' } } }),
    ).rejects.toThrow('config http.trustProxy: invalid IP address: nonsense');
    await expect(
      startTestNode({ redisUrl: redis.url, nodeId: 'bad-proxy', config: { http: { trustProxy: true } } }),
    ).rejects.toThrow(/not true, which would believe anyone/);
  });
});
