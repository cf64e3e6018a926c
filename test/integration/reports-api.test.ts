// The report API on a small hand-made hour: call records and fault records with their durations, who may see
// which rows, and 400s naming the bad parameter.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentReportRow, CallRecord, FaultRecord } from '../../shared/history.ts';
import { UserStore } from '../../server/auth/users.ts';
import type { RunningNode } from '../../server/node.ts';
import { eventFactory } from '../helpers/events.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, agentToken, startTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const redis = useRedis();
let node: RunningNode;
let client: Redis;
let supT1 = '';
// An hour ago, on a quarter hour, so every interval of the scenario is closed.
const T0 = Math.floor((Date.now() - 60 * 60_000) / 900_000) * 900_000;
const ev = eventFactory(T0);

beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  node = await startTestNode({
    redisUrl: redis().url,
    stream: 'reports:events',
    agentTokens: ['a1', 'a2'],
    config: { teams: [{ id: 't1', name: '一组' }, { id: 't2' }] },
  });
  await new UserStore(client).add({ username: 'supT1', role: 'supervisor', teams: ['t1'] }, 'password-t1');
  const r = await fetch(`${node.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'supT1', password: 'password-t1' }),
  });
  supT1 = r.headers.getSetCookie()[0]!.split(';')[0]!;
  await xaddEvents(client, 'reports:events', [
    ev('agent.login', 0, { agentId: 'a1', name: '王芳', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't2', queues: ['sales'] }),
    ev('system.fault', 30, { faultId: 'f1', component: 'trunk-1', severity: 'major', message: 'E1 down' }),
    // c1: waits 10 s, talks 60 s (with 5 s of hold), 20 s wrap-up. c2: abandons after 3 s (short), c3 after 30 s.
    ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 70, { callId: 'c1', agentId: 'a1' }),
    ev('call.held', 100, { callId: 'c1' }),
    ev('call.retrieved', 105, { callId: 'c1' }),
    ev('call.ended', 130, { callId: 'c1' }),
    ev('call.wrapup', 150, { callId: 'c1', agentId: 'a1' }),
    ev('call.offered', 200, { callId: 'c2', queueId: 'sales' }),
    // a1 lets c2 ring out (2 s) before its caller hangs up: a missed offer on a1's row.
    ev('agent.missed', 202, { agentId: 'a1', callId: 'c2', queueId: 'sales', ringMs: 2000 }),
    ev('call.abandoned', 203, { callId: 'c2' }),
    ev('call.offered', 1000, { callId: 'c3', queueId: 'sales' }),
    ev('call.abandoned', 1030, { callId: 'c3' }),
    ev('system.fault', 1230, { faultId: 'f1', component: 'trunk-1', severity: 'major', resolved: true }),
    // The stream passes the scenario's intervals.
    ev('agent.state', 45 * 60, { agentId: 'a2', state: 'aux', reason: 'lunch' }),
  ]);
  await waitFor(
    'the hour in the database',
    async () => {
      await node.history.writer.tick();
      return (await node.history.store.writtenStarts(T0, T0 + 45 * 60_000)).size === 3;
    },
    60_000,
  );
}, 120_000);
afterAll(async () => {
  await node?.close();
  client?.disconnect();
});

const get = (path: string, headers: Record<string, string>) => fetch(node.url + path, { headers });
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const range = `from=${T0}&to=${T0 + 45 * 60_000}`;

describe('records', () => {
  it('calls: the answered call with its times, the abandoned ones by kind', async () => {
    const r = await (await get(`/api/v1/reports/calls?${range}`, admin)).json();
    const calls = r.calls as CallRecord[];
    expect(calls.map((c) => [c.callId, c.outcome])).toEqual([
      ['c1', 'answered'],
      ['c2', 'abandonedShort'],
      ['c3', 'abandoned'],
    ]);
    expect(calls[0]).toMatchObject({
      queueId: 'sales',
      agentId: 'a1',
      offeredTs: T0 + 60_000,
      answeredTs: T0 + 70_000,
      endedTs: T0 + 130_000,
      wrapupTs: T0 + 150_000,
      waitSec: 10,
      talkSec: 55,
      holdSec: 5,
      acwSec: 20,
    });
    expect(calls[2]).toMatchObject({ waitSec: 30, offeredTs: T0 + 1_000_000 });
    const abandoned = await (await get(`/api/v1/reports/calls?${range}&outcome=abandoned`, admin)).json();
    expect(abandoned.calls.map((c: CallRecord) => c.callId)).toEqual(['c3']);
    // agent= (the reports page's drill from a workload row): only a1's legs; a2 has none.
    const a1 = await (await get(`/api/v1/reports/calls?${range}&agent=a1`, admin)).json();
    expect(a1.calls.map((c: CallRecord) => c.callId)).toEqual(['c1']);
    const a2 = await (await get(`/api/v1/reports/calls?${range}&agent=a2`, admin)).json();
    expect(a2.calls).toEqual([]);
    // A team supervisor asking for an agent of another team: 403 naming it.
    const other = await get(`/api/v1/reports/calls?${range}&agent=a2`, { Cookie: supT1 });
    expect(other.status).toBe(403);
    expect((await other.json()).error).toBe('forbidden: agent "a2"');
  });

  it('faults: opened, closed, duration', async () => {
    const r = await (await get(`/api/v1/reports/faults?${range}`, admin)).json();
    expect(r.faults as FaultRecord[]).toEqual([
      {
        faultId: 'f1',
        component: 'trunk-1',
        severity: 'major',
        message: 'E1 down',
        openedTs: T0 + 30_000,
        closedTs: T0 + 1_230_000,
        durationSec: 1200,
      },
    ]);
    const bytes = Buffer.from(await (await get(`/api/v1/reports/faults?${range}&format=csv`, admin)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
      'faultId,component,severity,message,openedTs,closedTs,durationSec,openedTsLocal,closedTsLocal',
    );
  });

  it("an agent's 15-minute row carries its time by state, its missed offers and its name", async () => {
    const r = await (await get(`/api/v1/reports/intervals?scope=agent&ids=a1&${range}`, admin)).json();
    const first = r.rows[0] as AgentReportRow;
    // a1 logged in all 15 minutes: talking 55 s, hold 5 s, wrap-up 20 s, available the rest (820 s).
    expect(first).toMatchObject({
      id: 'a1',
      name: '王芳',
      handled: 1,
      missed: 1,
      loginSec: 900,
      talkingSec: 55,
      holdSec: 5,
      acwSec: 20,
      availableSec: 820,
      auxSec: 0,
      auxByReason: {},
    });
    expect(first.ahtSec).toBe(80);
    expect(first.utilization).toBeCloseTo(80 / 900, 12);
  });
});

describe('who sees what', () => {
  it('displays get centre and queue intervals only; an agent only its own rows; a team supervisor only its team', async () => {
    const display = { Authorization: `Bearer ${DISPLAY_TOKEN}` };
    expect((await get(`/api/v1/reports/intervals?${range}`, display)).status).toBe(200);
    expect((await get(`/api/v1/reports/intervals?scope=queue&${range}`, display)).status).toBe(200);
    expect((await get(`/api/v1/reports/intervals?scope=team&${range}`, display)).status).toBe(403);
    expect((await get(`/api/v1/reports/intervals?scope=agent&${range}`, display)).status).toBe(403);
    expect((await get(`/api/v1/reports/calls?${range}`, display)).status).toBe(403);
    const a1 = { Authorization: `Bearer ${agentToken('a1')}` };
    expect((await get(`/api/v1/reports/intervals?scope=queue&${range}`, a1)).status).toBe(403);
    expect((await get(`/api/v1/reports/intervals?scope=agent&ids=a2&${range}`, a1)).status).toBe(403);
    const own = await (await get(`/api/v1/reports/intervals?scope=agent&${range}`, a1)).json();
    expect(new Set(own.rows.map((r: AgentReportRow) => r.id))).toEqual(new Set(['a1']));
    const team = await (await get(`/api/v1/reports/intervals?scope=agent&${range}&step=day`, { cookie: supT1 })).json();
    expect(team.rows.map((r: AgentReportRow) => r.id)).toEqual(['a1']);
    const teams = await (await get(`/api/v1/reports/intervals?scope=team&${range}&step=day`, { cookie: supT1 })).json();
    expect(teams.rows.map((r: AgentReportRow) => [r.id, r.name])).toEqual([['t1', '一组']]);
    const calls = await (await get(`/api/v1/reports/calls?${range}`, a1)).json();
    expect(calls.calls.map((c: CallRecord) => c.callId)).toEqual(['c1']);
  });

  it('bad parameters: 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      [`/api/v1/reports/intervals?scope=floor&${range}`, 'scope'],
      [`/api/v1/reports/intervals?step=5m&${range}`, 'step'],
      [`/api/v1/reports/intervals?format=pdf&${range}`, 'format'],
      [`/api/v1/reports/intervals?to=${T0}`, 'from'],
      [`/api/v1/reports/intervals?from=yesterday&to=${T0}`, 'from'],
      [`/api/v1/reports/intervals?from=${T0}&to=${T0}`, 'to'],
      [`/api/v1/reports/intervals?ids=a1,,a2&${range}`, 'ids'],
      [`/api/v1/reports/calls?outcome=lost&${range}`, 'outcome'],
      [`/api/v1/reports/faults?from=${T0}`, 'to'],
    ];
    for (const [path, parameter] of cases) {
      const r = await get(path, admin);
      expect(r.status, path).toBe(400);
      expect((await r.json()).parameter, path).toBe(parameter);
    }
    const to = encodeURIComponent(new Date(T0 + 900_000).toISOString().replace('Z', '+00:00'));
    const iso = await get(`/api/v1/reports/intervals?from=${new Date(T0).toISOString()}&to=${to}`, admin);
    expect(iso.status).toBe(200);
  });
});
