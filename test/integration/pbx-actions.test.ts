// Supervisor actions end to end (CONTRACT §7): REST → Redis command stream → two AMI adapters → a scripted Asterisk
// on a free port → outcome back through Redis; the agent's state on the snapshot follows only the PBX's events.
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionStatus } from '../../shared/actions.ts';
import { parseAmiConfig } from '../../shared/ami.ts';
import { liveAdapters, register } from '../../server/actions/registry.ts';
import { UserStore } from '../../server/auth/users.ts';
import { startAmiAdapter, type AmiAdapter } from '../../server/cti/ami/adapter.ts';
import { AmiActions } from '../../server/cti/ami/actions.ts';
import { AmiClient } from '../../server/cti/ami/client.ts';
import type { RunningNode } from '../../server/node.ts';
import { AUDIT_STREAM, actionKey } from '../../server/redis/keys.ts';
import { eventFactory } from '../helpers/events.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { scriptedPbx } from '../helpers/scripted-pbx.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const STREAM = DEFAULT_STREAM;
const quiet = pino({ level: 'silent' });

let redis: RedisProcess;
let client: Redis;
let node: RunningNode;
let pbx: Awaited<ReturnType<typeof scriptedPbx>>;
const adapters: AmiAdapter[] = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
  const users = new UserStore(client);
  await users.add({ username: 'sam', role: 'supervisor', device: 'PJSIP/sup1' }, 'supervisor-pass');
  await users.add({ username: 'tess', role: 'supervisor', teams: ['t2'] }, 'supervisor-pass');
  await users.add({ username: 'quinn', role: 'supervisor', queues: ['support'] }, 'supervisor-pass');
  // zed is known to Floorboard (an event) but to no PBX adapter.
  const ev = eventFactory(Date.now() - 60_000);
  await client.xadd(
    STREAM,
    '*',
    'event',
    JSON.stringify(ev('agent.login', 0, { agentId: 'zed', name: 'Zed', teamId: 't2', queues: ['sales'] })),
  );
  node = await startTestNode({
    redisUrl: redis.url,
    stream: STREAM,
    config: { queues: [{ id: 'sales' }, { id: 'support' }], teams: [{ id: 't2' }] },
  });
  for (const username of ['sam', 'tess', 'quinn']) {
    const r = await fetch(`${node.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: 'supervisor-pass' }),
    });
    cookies[username] = r.headers.getSetCookie()[0]!.split(';')[0]!;
  }
  pbx = await scriptedPbx({
    members: [
      { queue: 'support', iface: 'PJSIP/agent1', name: 'Dave' },
      { queue: 'sales', iface: 'PJSIP/agent1', name: 'Dave', static: true },
      { queue: 'support', iface: 'Local/agent1@agents/n', name: 'Alice', static: true },
    ],
    unreachableDevices: ['PJSIP/nobody'],
  });
  const config = parseAmiConfig({
    port: pbx.port,
    stream: STREAM,
    agents: { 'PJSIP/agent1': 'dave', 'Local/agent1@agents/n': 'alice' },
  });
  // Two adapters on one PBX (a redundant pair): both serve every agent, so each command is theirs to race for.
  for (const adapterId of ['ami-a', 'ami-b'])
    adapters.push(startAmiAdapter({ config, redis: client, log: quiet, adapterId }));
  await waitFor('both adapters registered, the members folded', async () => {
    const st = node.live.state.agents;
    const regs = await liveAdapters(client, STREAM);
    return (
      regs.length === 2 &&
      regs.every((r) => r.agents.includes('dave')) &&
      st.get('dave')?.state === 'available' &&
      st.get('alice') !== undefined
    );
  });
});

afterAll(async () => {
  for (const a of adapters) await a.stop();
  await pbx?.close();
  await node?.close();
  client?.disconnect();
  await redis?.stop();
});

type As = { token: string } | { user: string };
const auth = (as: As): Record<string, string> =>
  'token' in as ? { Authorization: `Bearer ${as.token}` } : { cookie: cookies[as.user]! };
const ADMIN = { token: ADMIN_TOKEN };
const SAM = { user: 'sam' };

async function post(as: As, body: unknown): Promise<{ status: number; json: { id?: string; error?: string } }> {
  const r = await fetch(`${node.url}/api/v1/actions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth(as) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as { id?: string; error?: string } };
}

async function status(id: string, as: As = ADMIN): Promise<ActionStatus> {
  const r = await fetch(`${node.url}/api/v1/actions/${id}`, { headers: auth(as) });
  expect(r.status).toBe(200);
  return (await r.json()) as ActionStatus;
}

/** Posts an action (202 expected) and waits for it to be settled. */
async function act(as: As, body: unknown, timeoutMs = 15_000): Promise<ActionStatus> {
  const r = await post(as, body);
  expect(r.status, r.json.error).toBe(202);
  return waitFor(
    `action ${JSON.stringify(body)} settled`,
    async () => {
      const s = await status(r.json.id!);
      return s.state !== 'pending' && s;
    },
    timeoutMs,
  );
}

const agent = (id: string) => node.live.state.agents.get(id)!;

async function audit(): Promise<Array<{ who: string; what: string; detail: Record<string, unknown> }>> {
  const entries = (await client.xrange(AUDIT_STREAM, '-', '+')) as Array<[string, string[]]>;
  return entries.map(([, f]) => {
    const o = Object.fromEntries(
      f.reduce<string[][]>((acc, v, i) => (i % 2 ? acc[acc.length - 1]!.push(v) : acc.push([v]), acc), []),
    );
    return { who: o.who!, what: o.what!, detail: JSON.parse(o.detail!) as Record<string, unknown> };
  });
}

describe('POST /api/v1/actions refusals', () => {
  it('401 without credentials, 403 for a display token, 403 for a supervisor outside its scope', async () => {
    expect((await fetch(`${node.url}/api/v1/actions`, { method: 'POST' })).status).toBe(401);
    expect((await post({ token: DISPLAY_TOKEN }, { agentId: 'dave', action: 'pause' })).status).toBe(403);
    // tess sees team t2 only; dave (from AMI) has no team.
    const r = await post({ user: 'tess' }, { agentId: 'dave', action: 'pause' });
    expect(r).toEqual({ status: 403, json: { error: 'forbidden: agent "dave" is outside your scope' } });
  });

  it('403 for a queue-scoped supervisor acting on a queue outside its queues, or on all of an agent’s queues', async () => {
    const quinn = { user: 'quinn' };
    expect(await post(quinn, { agentId: 'dave', action: 'queue-add', queueId: 'sales' })).toEqual({
      status: 403,
      json: { error: 'forbidden: queue "sales" is outside your scope' },
    });
    // dave is in support and sales: a pause without a queue would reach sales too.
    expect((await post(quinn, { agentId: 'dave', action: 'pause' })).status).toBe(403);
  });

  it('404 for an unknown agent, 400 naming the field of a bad body', async () => {
    expect(await post(ADMIN, { agentId: 'nobody', action: 'pause' })).toEqual({
      status: 404,
      json: { error: 'no agent "nobody"' },
    });
    expect((await post(ADMIN, { agentId: 'dave', action: 'sing' })).json.error).toMatch(/^action: /);
    expect((await post(ADMIN, { agentId: 'dave', action: 'queue-add' })).json).toEqual({
      error: 'queueId: required for queue-add',
    });
    expect((await post(ADMIN, { action: 'pause' })).json.error).toMatch(/^agentId: /);
    expect(
      (await post(ADMIN, { agentId: 'dave', action: 'pause', reason: 'a\r\nAction: Originate' })).json.error,
    ).toMatch(/^reason: /);
    // The admin token is no user with a device, and the body names none.
    expect(await post(ADMIN, { agentId: 'dave', action: 'listen' })).toEqual({
      status: 400,
      json: { error: 'device: required for listen (none given, and none configured for admin)' },
    });
  });

  it('503 when no adapter serves the agent; nothing is sent to the PBX', async () => {
    const before = pbx.actions.length;
    expect(await post(ADMIN, { agentId: 'zed', action: 'pause' })).toEqual({
      status: 503,
      json: { error: 'no CTI adapter serves agent "zed" now' },
    });
    expect(pbx.actions.length).toBe(before);
  });

  it('every refusal is in the audit trail', async () => {
    const refused = (await audit()).filter((e) => e.what === 'action.refused');
    expect(refused.map((e) => e.detail.status)).toEqual(expect.arrayContaining([403, 404, 400, 503]));
  });
});

describe('actions performed on the PBX', () => {
  it('pause: QueuePause reaches Asterisk, done with its message; the snapshot changes only with QueueMemberPause', async () => {
    pbx.holdPauseEvents();
    const before = pbx.received('QueuePause').length;
    const s = await act(SAM, { agentId: 'dave', action: 'pause', reason: 'coaching' });
    expect(s).toMatchObject({ state: 'done', message: 'Interface paused successfully' });
    expect(pbx.received('QueuePause').slice(before)).toEqual([
      { Action: 'QueuePause', Interface: 'PJSIP/agent1', Paused: 'true', Reason: 'coaching' },
    ]);
    // Confirmed by the PBX, but no event yet: the screens still say available.
    await new Promise((r) => setTimeout(r, 700));
    expect(agent('dave').state).toBe('available');
    pbx.releaseEvents();
    await waitFor(
      'dave in aux after QueueMemberPause',
      () => agent('dave').state === 'aux' && agent('dave').reason === 'coaching',
    );
    const snap = (await (await fetch(`${node.url}/api/v1/snapshot`, { headers: auth(ADMIN) })).json()) as {
      agents: Array<{ id: string; state: string; reason: string | null }>;
    };
    expect(snap.agents.find((a) => a.id === 'dave')).toMatchObject({ state: 'aux', reason: 'coaching' });
  });

  it('unpause: QueuePause Paused false, and available again after the event', async () => {
    const s = await act(SAM, { agentId: 'dave', action: 'unpause' });
    expect(s).toMatchObject({ state: 'done', message: 'Interface unpaused successfully' });
    await waitFor('dave available', () => agent('dave').state === 'available');
  });

  it('a queue-scoped supervisor pauses in its own queue', async () => {
    const s = await act({ user: 'quinn' }, { agentId: 'dave', action: 'pause', queueId: 'support', reason: 'meeting' });
    expect(s).toMatchObject({ state: 'done', message: 'Interface paused successfully (support)' });
    expect(pbx.received('QueuePause').at(-1)).toEqual({
      Action: 'QueuePause',
      Interface: 'PJSIP/agent1',
      Paused: 'true',
      Reason: 'meeting',
      Queue: 'support',
    });
    // Paused in one of its two queues, dave still takes calls from sales: available, as the mapper says.
    await new Promise((r) => setTimeout(r, 300));
    expect(agent('dave').state).toBe('available');
    expect((await act({ user: 'quinn' }, { agentId: 'dave', action: 'unpause', queueId: 'support' })).state).toBe(
      'done',
    );
  });

  it('a PBX refusal comes back as failed with its message', async () => {
    const s = await act(ADMIN, { agentId: 'dave', action: 'pause', queueId: 'nosuchqueue' });
    expect(s).toEqual({ id: s.id, state: 'failed', message: 'Interface not found (nosuchqueue)' });
    expect(agent('dave').state).toBe('available');
  });

  it('queue-add and queue-remove: QueueAdd with MemberName, Penalty and pause state; QueueRemove; logins follow the events', async () => {
    const add = await act(ADMIN, { agentId: 'alice', action: 'queue-add', queueId: 'sales' });
    expect(add).toMatchObject({ state: 'done', message: 'Added interface to queue (sales)' });
    expect(pbx.received('QueueAdd').at(-1)).toEqual({
      Action: 'QueueAdd',
      Queue: 'sales',
      Interface: 'Local/agent1@agents/n',
      Penalty: '0',
      Paused: 'false',
      MemberName: 'Alice',
    });
    await waitFor('alice in sales', () => agent('alice').queues.includes('sales'));
    expect((await act(ADMIN, { agentId: 'alice', action: 'queue-add', queueId: 'sales' })).message).toBe(
      'Unable to add interface: Already there (sales)',
    );
    const remove = await act(ADMIN, { agentId: 'alice', action: 'queue-remove', queueId: 'sales' });
    expect(remove).toMatchObject({ state: 'done', message: 'Removed interface from queue (sales)' });
    expect(pbx.received('QueueRemove').at(-1)).toEqual({
      Action: 'QueueRemove',
      Queue: 'sales',
      Interface: 'Local/agent1@agents/n',
    });
    await waitFor('alice out of sales', () => !agent('alice').queues.includes('sales'));
  });

  it('logout removes the member from every queue; a static membership is refused with Asterisk’s message', async () => {
    const s = await act(ADMIN, { agentId: 'dave', action: 'logout' });
    expect(s.state).toBe('failed');
    // QueueRemove went out for each queue in turn: support (dynamic) succeeded, sales (queues.conf) refused.
    expect(s.message).toBe('Removed interface from queue (support); Member not dynamic (sales)');
    await waitFor('dave left support', () => agent('dave').queues.join() === 'sales');
    expect((await act(ADMIN, { agentId: 'dave', action: 'queue-add', queueId: 'support' })).state).toBe('done');
  });

  it('listen on a call: Originate of the user’s device into ChanSpy on the agent channel; done on ChanSpyStart', async () => {
    const call = pbx.answer('PJSIP/agent1', '1796320603.0');
    await waitFor('dave talking', () => agent('dave').state === 'talking');
    const s = await act(SAM, { agentId: 'dave', action: 'listen' });
    expect(s).toMatchObject({ state: 'done', message: `ChanSpy attached to ${call.channel}` });
    expect(pbx.received('Originate').at(-1)).toEqual({
      Action: 'Originate',
      Channel: 'PJSIP/sup1',
      Application: 'ChanSpy',
      Data: `${call.uid},qEu`,
      Async: 'true',
    });
    const barge = await act(SAM, { agentId: 'dave', action: 'barge', device: 'PJSIP/sup2' });
    expect(barge.state).toBe('done');
    expect(pbx.received('Originate').at(-1)).toMatchObject({ Channel: 'PJSIP/sup2', Data: `${call.uid},qEuB` });
  });

  it('a spy whose device does not answer fails', async () => {
    const s = await act(SAM, { agentId: 'dave', action: 'whisper', device: 'PJSIP/nobody' });
    expect(s).toMatchObject({
      state: 'failed',
      message: 'could not call PJSIP/nobody (OriginateResponse Failure, reason 3)',
    });
  });

  it('two adapters never both perform one command', async () => {
    const before = pbx.received('QueuePause').length;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await post(ADMIN, {
        agentId: 'alice',
        action: i % 2 ? 'unpause' : 'pause',
        reason: i % 2 ? undefined : 'break',
      });
      expect(r.status).toBe(202);
      ids.push(r.json.id!);
    }
    await waitFor('all settled', async () =>
      (await Promise.all(ids.map((id) => status(id)))).every((s) => s.state === 'done'),
    );
    // Both adapters read every command; exactly one QueuePause per command reached Asterisk.
    expect(pbx.received('QueuePause').length - before).toBe(8);
    const takers = await Promise.all(ids.map((id) => client.hget(actionKey(id), 'adapter')));
    expect(takers.every((t) => t === 'ami-a' || t === 'ami-b')).toBe(true);
    const done = (await audit()).filter((e) => e.what === 'action.done' && ids.includes(e.detail.id as string));
    expect(done).toHaveLength(8);
  });

  it('a command no adapter takes expires after 10 s, and says so in the audit trail', async () => {
    // A registration claims zed, but no running adapter serves it: the command sits untaken.
    await register(client, STREAM, { id: 'ghost', pbx: 'none', agents: ['zed'], at: Date.now() });
    const r = await post(ADMIN, { agentId: 'zed', action: 'pause' });
    expect(r.status).toBe(202);
    expect((await status(r.json.id!)).state).toBe('pending');
    const s = await waitFor(
      'expired',
      async () => {
        const x = await status(r.json.id!);
        return x.state !== 'pending' && x;
      },
      20_000,
    );
    expect(s).toEqual({ id: r.json.id, state: 'expired', message: 'no adapter took the command within 10 s' });
    const created = Number(await client.hget(actionKey(r.json.id!), 'createdAt'));
    const settled = Number(await client.hget(actionKey(r.json.id!), 'settledAt'));
    expect(settled - created).toBeGreaterThanOrEqual(10_000);
    expect((await audit()).filter((e) => e.what === 'action.expired' && e.detail.id === r.json.id)).toHaveLength(1);
  }, 30_000);

  it('every request and outcome is audited, by the requester and by the adapter that performed it', async () => {
    const trail = await audit();
    expect(trail.find((e) => e.what === 'action.request' && e.detail.action === 'listen')).toMatchObject({
      who: 'sam',
      detail: { agentId: 'dave', device: 'PJSIP/sup1' },
    });
    expect(trail.find((e) => e.what === 'action.failed')?.who).toMatch(/^cti:ami-[ab]$/);
  });
});

describe('adapters going away', () => {
  it('a stopped adapter withdraws its registration; with none left, the agent is no longer served (503)', async () => {
    await adapters[1]!.stop();
    expect((await liveAdapters(client, STREAM)).map((r) => r.id).filter((id) => id.startsWith('ami-'))).toEqual([
      'ami-a',
    ]);
    expect((await act(ADMIN, { agentId: 'dave', action: 'unpause' })).state).toBe('done');
    await adapters[0]!.stop();
    expect(await post(ADMIN, { agentId: 'dave', action: 'unpause' })).toEqual({
      status: 503,
      json: { error: 'no CTI adapter serves agent "dave" now' },
    });
  });
});

describe('AmiActions spy confirmation', () => {
  it('fails and hangs the spy up when no ChanSpyStart follows (agent not on a call)', async () => {
    const actions: AmiActions = new AmiActions({
      config: { agents: { 'Local/agent1@agents/n': 'alice' }, queues: {} },
      send: (f) => c.action(f),
      link: () => c.state,
      log: quiet,
      spyAttachMs: 600,
    });
    const c = new AmiClient({
      host: '127.0.0.1',
      port: pbx.port,
      user: 'u',
      secret: 's',
      onEvent: (m) => actions.observe(m),
    });
    c.start();
    try {
      await waitFor('link up', () => c.state === 'up');
      const out = await actions.perform({
        id: 'act-x',
        agentId: 'alice',
        action: 'whisper',
        device: 'Local/listen@supervisor',
        by: 't',
        ts: 0,
      });
      const spy = /^ChanSpy did not attach \(no ChanSpyStart for (Local\/listen@supervisor-\d+)\)$/.exec(out.message);
      expect(out.ok).toBe(false);
      expect(spy, out.message).not.toBeNull();
      expect(pbx.received('Originate').at(-1)).toMatchObject({
        Channel: 'Local/listen@supervisor',
        Data: 'Local/agent1@agents-,qEw',
      });
      // The idle spy leg is hung up rather than left waiting for the agent's next call.
      expect(pbx.received('Hangup').at(-1)).toEqual({ Action: 'Hangup', Channel: spy![1] });
    } finally {
      actions.close();
      await c.stop();
    }
  });
});
