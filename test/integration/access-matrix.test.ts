// Who may do what, end to end: one node, one caller of every kind, every REST endpoint and the socket. The
// table below is the access policy; the second half checks that what a caller does receive stays in its scope.
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, FEED_TOKEN, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM, EVENT_FIELD } from '../../shared/stream.ts';

const CALLERS = ['none', 'admin', 'sup', 'supT1', 'supSales', 'display', 'a1', 'a2', 'feed'] as const;
type Caller = (typeof CALLERS)[number];

// a1 is on team t1 in queue sales; a2 on team t2 in queue support. supT1 is scoped to team t1, supSales to queue
// sales. `:fresh` is a bulletin for everyone that admin posts just before the call, `:fresh-t1` one for team t1.
// A fourth element is the body, where the default (bodyFor) does not say enough.
const T1 = { text: 'for team 1', targets: { teams: ['t1'] } };
const T2 = { text: 'for team 2', targets: { teams: ['t2'] } };
// Columns:           none  admin  sup  supT1 supSales display a1   a2   feed
const MATRIX: [string, string, number[], unknown?][] = [
  ['GET', '/health', [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/snapshot', [401, 200, 200, 200, 200, 200, 200, 200, 403]],
  ['GET', '/me', [401, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/alerts', [401, 200, 200, 200, 200, 200, 200, 200, 403]],
  ['GET', '/alerts/history', [401, 200, 200, 200, 200, 403, 403, 403, 403]],
  ['GET', '/alerts/rules', [401, 200, 200, 200, 200, 403, 403, 403, 403]],
  ['PUT', '/alerts/rules', [401, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['DELETE', '/alerts/rules', [401, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['POST', '/alerts/no-such-rule:x/ack', [401, 404, 404, 404, 404, 403, 403, 403, 403]],
  ['GET', '/bulletins', [401, 200, 200, 200, 200, 200, 200, 200, 403]],
  // Scoped supervisors write bulletins only for their own teams (a queue-scoped one none): docs/contract.md.
  ['POST', '/bulletins', [401, 201, 201, 403, 403, 403, 403, 403, 403]],
  ['POST', '/bulletins', [401, 201, 201, 201, 403, 403, 403, 403, 403], T1],
  ['POST', '/bulletins', [401, 201, 201, 403, 403, 403, 403, 403, 403], T2],
  [
    'POST',
    '/bulletins',
    [401, 201, 201, 403, 403, 403, 403, 403, 403],
    { text: 'lobby wall', targets: { boards: ['default'] } },
  ],
  ['PUT', '/bulletins/:fresh', [401, 200, 200, 403, 403, 403, 403, 403, 403]],
  ['PUT', '/bulletins/:fresh-t1', [401, 200, 200, 200, 403, 403, 403, 403, 403]],
  ['PUT', '/bulletins/:fresh-t1', [401, 200, 200, 403, 403, 403, 403, 403, 403], T2],
  ['PUT', '/bulletins/:fresh-t2', [401, 200, 200, 404, 403, 403, 403, 403, 403]],
  ['DELETE', '/bulletins/:fresh', [401, 204, 204, 403, 403, 403, 403, 403, 403]],
  ['DELETE', '/bulletins/:fresh-t1', [401, 204, 204, 204, 403, 403, 403, 403, 403]],
  ['DELETE', '/bulletins/:fresh-t2', [401, 204, 204, 404, 403, 403, 403, 403, 403]],
  ['GET', '/audit', [401, 200, 403, 403, 403, 403, 403, 403, 403]],
  ['GET', '/queues/sales/detail', [401, 200, 200, 200, 200, 403, 403, 403, 403]],
  ['GET', '/queues/support/detail', [401, 200, 200, 200, 403, 403, 403, 403, 403]],
  ['GET', '/queues/nowhere/detail', [401, 404, 404, 404, 404, 403, 403, 403, 403]],
  ['GET', '/agents/a1/timeline', [401, 200, 200, 200, 200, 403, 200, 403, 403]],
  ['GET', '/agents/a2/timeline', [401, 200, 200, 403, 403, 403, 403, 200, 403]],
  ['GET', '/agents/nobody/timeline', [401, 404, 404, 404, 404, 403, 403, 403, 403]],
  ['GET', '/explain?scope=center&metric=serviceLevel', [401, 200, 200, 200, 403, 403, 403, 403, 403]],
  ['GET', '/explain?scope=queue&id=sales&metric=asaSec', [401, 200, 200, 200, 200, 403, 403, 403, 403]],
  [
    'GET',
    '/explain?scope=queue&id=support&window=15m&metric=abandonRate',
    [401, 200, 200, 200, 403, 403, 403, 403, 403],
  ],
  ['GET', '/explain?scope=center&metric=talk', [401, 400, 400, 400, 400, 403, 403, 403, 403]],
  ['GET', '/boards/default', [401, 200, 200, 200, 200, 200, 403, 403, 403]],
  ['POST', '/events', [401, 200, 403, 403, 403, 403, 403, 403, 200]],
  ['GET', '/no-such-endpoint', [404, 404, 404, 404, 404, 404, 404, 404, 404]],
];

let redis: RedisProcess;
let node: RunningNode;
let client: Redis;
const cookies: Partial<Record<Caller, string>> = {};
const T0 = Date.now() - 120_000;
const ev = eventFactory(T0);
const xadd = (e: ReturnType<typeof ev>) => client.xadd(DEFAULT_STREAM, '*', EVENT_FIELD, JSON.stringify(e));

const RULES = [
  {
    id: 'aux',
    metric: 'timeInStateSec',
    scope: { kind: 'agent' },
    comparator: '>=',
    threshold: 0,
    severity: 'warning',
    agentStates: ['aux'],
  },
  { id: 'backlog', metric: 'waiting', scope: { kind: 'queue' }, comparator: '>=', threshold: 1, severity: 'warning' },
  { id: 'floor', metric: 'waiting', scope: { kind: 'center' }, comparator: '>=', threshold: 1, severity: 'warning' },
  {
    id: 'busy',
    metric: 'occupancy',
    window: 'today',
    scope: { kind: 'team' },
    comparator: '>=',
    threshold: 0,
    severity: 'info',
  },
];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  node = await startTestNode({ redisUrl: redis.url, agentTokens: ['a1', 'a2'], config: { alerts: { rules: RULES } } });
  const users = new UserStore(client);
  await users.add({ username: 'sup', role: 'supervisor' }, 'password-sup');
  await users.add({ username: 'supT1', role: 'supervisor', teams: ['t1'] }, 'password-t1');
  await users.add({ username: 'supSales', role: 'supervisor', queues: ['sales'] }, 'password-sales');
  for (const [u, p] of [
    ['sup', 'password-sup'],
    ['supT1', 'password-t1'],
    ['supSales', 'password-sales'],
  ] as const) {
    const r = await fetch(`${node.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: u, password: p }),
    });
    expect(r.status).toBe(200);
    cookies[u] = r.headers.getSetCookie()[0]!.split(';')[0]!;
  }
  for (const e of [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't2', queues: ['support'] }),
    ev('agent.state', 1, { agentId: 'a1', state: 'aux', reason: 'break' }),
    ev('agent.state', 1, { agentId: 'a2', state: 'aux', reason: 'break' }),
    ev('call.offered', 2, { callId: 'c1', queueId: 'sales', callerId: '+8613800000001' }),
    ev('call.offered', 2, { callId: 'c2', queueId: 'support', callerId: '+8613800000002' }),
  ])
    await xadd(e);
  await waitFor('both agents and both calls', () => node.live.state.stats.folded >= 6);
  await waitFor(
    'the agent, queue and centre alerts',
    () => node.alerts.active().filter((a) => a.scopeKind !== 'team').length === 5,
  );
  await waitFor('the team alerts', () => node.alerts.active().filter((a) => a.scopeKind === 'team').length === 2);
});

afterAll(async () => {
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

function headersOf(caller: Caller): Record<string, string> {
  const token = {
    admin: ADMIN_TOKEN,
    display: DISPLAY_TOKEN,
    a1: agentToken('a1'),
    a2: agentToken('a2'),
    feed: FEED_TOKEN,
  }[caller as string];
  if (token) return { Authorization: `Bearer ${token}` };
  const cookie = cookies[caller];
  return cookie ? { cookie } : {};
}

function request(caller: Caller, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { ...headersOf(caller) };
  // As the console does: every write declares JSON (signed-in writes without it are refused, see security.test.ts).
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  return fetch(`${node.url}/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function getJson<T>(caller: Caller, path: string): Promise<T> {
  const r = await request(caller, 'GET', path);
  expect(r.status, `${caller} GET ${path}`).toBe(200);
  return (await r.json()) as T;
}

async function freshBulletin(teams?: string[]): Promise<string> {
  const r = await request('admin', 'POST', '/bulletins', {
    text: 'to edit or expire',
    ...(teams ? { targets: { teams } } : {}),
  });
  return ((await r.json()) as Bulletin).id;
}

async function bodyFor(method: string, path: string): Promise<unknown> {
  if (path === '/alerts/rules' && method === 'PUT') return RULES;
  if (path.startsWith('/bulletins') && method !== 'GET' && method !== 'DELETE')
    return { text: 'Team meeting at 15:00' };
  if (path === '/events') return [];
  if (path.endsWith('/ack')) return { comment: 'on it' };
  return undefined;
}

describe('the access matrix', () => {
  it('answers every endpoint with the status the table gives, for every caller', async () => {
    const wrong: string[] = [];
    for (const [method, template, statuses, body] of MATRIX) {
      for (const [i, caller] of CALLERS.entries()) {
        const fresh = template.match(/:fresh(?:-(\w+))?/);
        const path = fresh
          ? template.replace(fresh[0], await freshBulletin(fresh[1] ? [fresh[1]] : undefined))
          : template;
        const r = await request(caller, method, path, body ?? (await bodyFor(method, template)));
        const what = body === undefined ? '' : ` ${JSON.stringify(body)}`;
        if (r.status !== statuses[i])
          wrong.push(`${method} ${template}${what} as ${caller}: ${r.status}, expected ${statuses[i]}`);
        await r.arrayBuffer();
      }
    }
    expect(wrong).toEqual([]);
  });
});

// What each caller may see, written out by hand rather than asked of the code under test.
const mayNotSee: Record<
  'a1' | 'a2' | 'supT1' | 'supSales' | 'display',
  { agents?: string[]; teams?: string[]; queues?: string[]; alerts: string[] }
> = {
  a1: { agents: ['a2'], alerts: ['aux:a2'] },
  a2: { agents: ['a1'], alerts: ['aux:a1'] },
  supT1: { agents: ['a2'], teams: ['t2'], alerts: ['aux:a2', 'busy:t2'] },
  supSales: { agents: ['a2'], queues: ['support'], alerts: ['backlog:support', 'aux:a2'] },
  display: { alerts: ['aux:a1', 'aux:a2'] },
};
type Scoped = keyof typeof mayNotSee;
const SCOPED = Object.keys(mayNotSee) as Scoped[];

/** Everything in a snapshot or update that names an agent, team, queue or alert the caller may not see. */
function leaks(caller: Scoped, m: Partial<Snapshot> | Update): string[] {
  const rule = mayNotSee[caller];
  const out: string[] = [];
  for (const a of m.agents ?? []) if (rule.agents?.includes(a.id)) out.push(`agent ${a.id}`);
  for (const t of m.teams ?? []) if (rule.teams?.includes(t.id)) out.push(`team ${t.id}`);
  for (const q of m.queues ?? []) if (rule.queues?.includes(q.id)) out.push(`queue ${q.id}`);
  for (const i of m.intervals ?? []) if (rule.queues?.includes(i.id)) out.push(`intervals ${i.id}`);
  for (const a of m.alerts ?? []) if (rule.alerts.includes(a.id)) out.push(`alert ${a.id}`);
  const bulletins = (m as { bulletins?: Bulletin[] }).bulletins ?? [];
  // a1 and supT1 are both of team t1: a bulletin for other teams only is not theirs.
  if (caller === 'a1' || caller === 'supT1')
    for (const b of bulletins)
      if (b.targets.teams?.length && !b.targets.teams.includes('t1')) out.push(`bulletin ${b.text}`);
  return out;
}

describe('scope of what is received', () => {
  it('REST: snapshot, alerts, alert history, queue detail and timelines hold nothing outside the scope', async () => {
    for (const caller of SCOPED) {
      const snap = await getJson<Snapshot>(caller, '/snapshot');
      expect(leaks(caller, snap), caller).toEqual([]);
      expect(leaks(caller, { alerts: await getJson<Alert[]>(caller, '/alerts') }), caller).toEqual([]);
    }
    // Not vacuous: each scoped caller does see its own share.
    expect((await getJson<Snapshot>('a1', '/snapshot')).agents.map((a) => a.id)).toEqual(['a1']);
    expect((await getJson<Snapshot>('supT1', '/snapshot')).agents.map((a) => a.id)).toEqual(['a1']);
    expect((await getJson<Snapshot>('supSales', '/snapshot')).queues.map((q) => q.id)).toEqual(['sales']);
    expect((await getJson<Snapshot>('supSales', '/snapshot')).agents.map((a) => a.id)).toEqual(['a1']);
    expect((await getJson<Alert[]>('supT1', '/alerts')).map((a) => a.id).sort()).toEqual([
      'aux:a1',
      'backlog:sales',
      'backlog:support',
      'busy:t1',
      'floor:center',
    ]);
    expect((await getJson<Alert[]>('supSales', '/alerts')).map((a) => a.id).sort()).toEqual([
      'aux:a1',
      'backlog:sales',
      'busy:t1',
      'busy:t2',
      'floor:center',
    ]);
    expect((await getJson<Alert[]>('display', '/alerts')).map((a) => a.id).sort()).toEqual([
      'backlog:sales',
      'backlog:support',
      'busy:t1',
      'busy:t2',
      'floor:center',
    ]);

    const teamTwo = (list: Bulletin[]) =>
      list.filter((b) => b.targets.teams?.length === 1 && b.targets.teams[0] === 't2').length;
    expect(teamTwo(await getJson<Bulletin[]>('admin', '/bulletins'))).toBeGreaterThan(0);
    expect(teamTwo(await getJson<Bulletin[]>('supT1', '/bulletins'))).toBe(0);
    expect(teamTwo(await getJson<Bulletin[]>('supSales', '/bulletins'))).toBeGreaterThan(0);

    for (const caller of ['supT1', 'supSales'] as const) {
      const history = await getJson<{ alert: Alert }[]>(caller, '/alerts/history?limit=1000');
      expect(history.length).toBeGreaterThan(0);
      expect(leaks(caller, { alerts: history.map((h) => h.alert) }), caller).toEqual([]);
    }

    const detail = await getJson<{ agents: { id: string }[]; waiting: { callId: string; callerId: string | null }[] }>(
      'supT1',
      '/queues/support/detail',
    );
    expect(detail.agents).toEqual([]);
    expect(detail.waiting.map((w) => [w.callId, w.callerId])).toEqual([['c2', '+8613800000002']]);
    const full = await getJson<{ agents: { id: string }[] }>('admin', '/queues/support/detail');
    expect(full.agents.map((a) => a.id)).toEqual(['a2']);
    const timeline = await getJson<{ agent: { id: string }; timeline: { state: string }[] }>(
      'a1',
      '/agents/a1/timeline',
    );
    expect(timeline.agent.id).toBe('a1');
    expect(timeline.timeline.map((t) => t.state)).toEqual(['available', 'aux']);
  });

  it("acknowledging: a team-scoped supervisor may acknowledge its own agent, and cannot see the other team's", async () => {
    const other = await request('supT1', 'POST', '/alerts/aux:a2/ack', {});
    expect(other.status).toBe(404);
    const own = await request('supT1', 'POST', '/alerts/aux:a1/ack', { comment: 'talked to her' });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      id: 'aux:a1',
      state: 'acknowledged',
      acknowledged: { by: 'supT1', comment: 'talked to her' },
    });
    expect((await request('admin', 'POST', '/alerts/aux:a1/ack', {})).status).toBe(409);
    expect((await request('admin', 'POST', '/alerts/aux:a2/ack', { comment: 42 })).status).toBe(400);
  });

  it('acknowledging: scoped supervisors act only on their own queues, teams and agents; the centre is for the unscoped', async () => {
    const ack = async (caller: Caller, id: string) => (await request(caller, 'POST', `/alerts/${id}/ack`, {})).status;
    // Not theirs to see: not found. Theirs to see but not to act on (the centre, another team, a queue outside the
    // scope): forbidden, and nothing changes.
    expect(await ack('supSales', 'aux:a2')).toBe(404);
    expect(await ack('supSales', 'backlog:support')).toBe(404);
    expect(await ack('supT1', 'busy:t2')).toBe(404);
    for (const [caller, id] of [
      ['supSales', 'floor:center'],
      ['supT1', 'floor:center'],
      ['supT1', 'backlog:sales'],
      ['supSales', 'busy:t1'],
    ] as const) {
      const r = await request(caller, 'POST', `/alerts/${id}/ack`, {});
      expect(r.status, `${caller} ${id}`).toBe(403);
      expect(((await r.json()) as { error: string }).error).toBe(
        `forbidden: "${id}" is outside your teams and queues (you may see it, not acknowledge it)`,
      );
    }
    expect(
      node.alerts
        .active()
        .filter((a) => a.state === 'acknowledged')
        .map((a) => a.id),
    ).toEqual(['aux:a1']);
    expect(await ack('supSales', 'backlog:sales')).toBe(200);
    expect(await ack('supT1', 'busy:t1')).toBe(200);
    expect(await ack('sup', 'floor:center')).toBe(200);
  });

  it('socket.io: the snapshot and a few seconds of updates, with events for both teams, stay in scope', async () => {
    const sockets = new Map<
      Caller,
      {
        socket: Socket<ServerToClientEvents, ClientToServerEvents>;
        messages: (Snapshot | Update)[];
        error: Error | null;
      }
    >();
    for (const caller of CALLERS) {
      const token = headersOf(caller).Authorization?.slice('Bearer '.length);
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(node.url, {
        transports: ['websocket'],
        reconnection: false,
        ...(token ? { auth: { token } } : {}),
        ...(cookies[caller] ? { extraHeaders: { cookie: cookies[caller]! } } : {}),
      });
      const entry = { socket, messages: [] as (Snapshot | Update)[], error: null as Error | null };
      socket.on('snapshot', (s) => entry.messages.push(s));
      socket.on('update', (u) => entry.messages.push(u));
      socket.on('connect_error', (err) => (entry.error = err));
      sockets.set(caller, entry);
    }
    try {
      expect((await waitFor('refusal', () => sockets.get('none')!.error)).message).toBe('unauthorized');
      expect((await waitFor('refusal', () => sockets.get('feed')!.error)).message).toBe('forbidden');
      for (const caller of [...SCOPED, 'admin', 'sup'] as const)
        await waitFor(`${caller}'s snapshot`, () => sockets.get(caller)!.messages.length > 0);

      await request('admin', 'POST', '/bulletins', { text: 'team 2 only', targets: { teams: ['t2'] } });
      for (let i = 0; i < 8; i++) {
        const agentId = i % 2 ? 'a1' : 'a2';
        await xadd(
          ev(
            'agent.state',
            10 + i,
            i % 4 < 2 ? { agentId, state: 'available' } : { agentId, state: 'aux', reason: 'lunch' },
          ),
        );
        await xadd(ev('call.offered', 10 + i, { callId: `n${i}`, queueId: i % 2 ? 'sales' : 'support' }));
        await new Promise((r) => setTimeout(r, 300));
      }
      await new Promise((r) => setTimeout(r, 1_000));

      for (const caller of SCOPED) {
        const { messages } = sockets.get(caller)!;
        expect(messages.length, caller).toBeGreaterThan(3);
        expect(
          messages.flatMap((m) => leaks(caller, m)),
          caller,
        ).toEqual([]);
      }
      // Not vacuous: the scoped callers heard about what they may see, and the unscoped ones about everything.
      const agentsSeen = (caller: Caller) =>
        new Set(
          sockets
            .get(caller)!
            .messages.slice(1)
            .flatMap((m) => (m.agents ?? []).map((a) => a.id)),
        );
      const queuesSeen = (caller: Caller) =>
        new Set(
          sockets
            .get(caller)!
            .messages.slice(1)
            .flatMap((m) => (m.queues ?? []).map((q) => q.id)),
        );
      expect([...agentsSeen('a1')]).toEqual(['a1']);
      expect([...agentsSeen('a2')]).toEqual(['a2']);
      expect([...agentsSeen('supT1')]).toEqual(['a1']);
      expect([...queuesSeen('supSales')]).toEqual(['sales']);
      expect([...agentsSeen('supSales')]).toEqual(['a1']);
      expect([...agentsSeen('sup')].sort()).toEqual(['a1', 'a2']);
      expect([...queuesSeen('admin')].sort()).toEqual(['sales', 'support']);
    } finally {
      for (const { socket } of sockets.values()) socket.close();
    }
  });
});
