// Opt-in: supervisor actions (CONTRACT §7) on a real Asterisk 22 (shared/asterisk), through the real server (in
// process), Redis and the AMI adapter CLI with an adapter id (its command loop on). Run with the live test:
// npm run test:asterisk (root, after shared/asterisk/setup.sh).
//
// Each action is posted to POST /api/v1/actions and checked against what Asterisk itself says on a separate AMI
// session (the driver): QueueStatus for pauses and memberships, ChanSpyStart and CoreShowChannels for spies. The
// adapter reaches Asterisk through a recording pipe (ami-tap.ts); ASTERISK_ACTIONS_TRANSCRIPT=<file> keeps that
// session (what the adapter sent and read) for the replay in test/unit/ami-actions-replay.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionStatus } from '../../shared/actions.ts';
import { decodeEvent, type FloorEvent } from '../../shared/events.ts';
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import type { RunningNode } from '../../server/node.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { ADMIN_TOKEN, startTestNode, waitFor } from '../helpers/server.ts';
import { startAmiTap, type AmiTap } from './ami-tap.ts';
import { AMI, driver, PBX_REQUIRED, type Pbx, phone, sleep, startAsterisk, waitForFrame, whyNotReady } from './pbx.ts';

const notReady = await whyNotReady();
if (notReady && PBX_REQUIRED) {
  describe('supervisor actions on a real Asterisk', () => {
    it('has the PBX of shared/asterisk to run against', () => {
      throw new Error(`no PBX for the live test (ASTERISK_REQUIRED or npm run test:asterisk): ${notReady}`);
    });
  });
}

const repo = path.resolve(import.meta.dirname, '../..');
const STREAM = 'cc:events';
const ADAPTER_ID = 'live-ami';
const ALICE = 'Local/agent1@agents/n';
const BOB = 'Local/agent2@agents/n';
// Dan talks 20 s with a tone (shared/asterisk/etc/extensions.conf); not in queues.conf, so his memberships are
// dynamic. The supervisor's phones: a Local channel that answers at once, and a sipp UAS on 5073.
const DAN = 'Local/agent4@agents/n';
const AGENTS = { [ALICE]: 'alice', [BOB]: 'bob', [DAN]: 'dan', 'PJSIP/agent1': 'dave', 'PJSIP/agent2': 'erin' };
const LOCAL_SPY = 'Local/listen@supervisor';
const SIP_SPY = 'PJSIP/supervisor';
/** The adapter's SPY_ATTACH_MS, plus room for the command's trip and a loaded machine. */
const SPY_FAIL_WITHIN_MS = 55_000;

describe.skipIf(notReady !== undefined)('supervisor actions on a real Asterisk', () => {
  let pbx: Pbx;
  let redisServer: RedisProcess;
  let redis: Redis;
  let node: RunningNode;
  let tap: AmiTap;
  let adapter: ChildProcess;
  let adapterLog = '';
  let tmp: string;
  let ami: Awaited<ReturnType<typeof driver>>;
  const phones: ChildProcess[] = [];

  const post = async (body: Record<string, string>): Promise<string> => {
    const r = await fetch(`${node.url}/api/v1/actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify(body),
    });
    const json = (await r.json()) as { id?: string; error?: string };
    expect(r.status, json.error).toBe(202);
    return json.id!;
  };
  /** Polls the action until it is settled; `settledAt` is when this test first saw it settled. */
  const settled = (id: string, timeoutMs = 15_000) =>
    waitFor(
      `action ${id} settled`,
      async () => {
        const r = await fetch(`${node.url}/api/v1/actions/${id}`, {
          headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const s = (await r.json()) as ActionStatus;
        return s.state !== 'pending' && { ...s, settledAt: Date.now() };
      },
      timeoutMs,
    );
  const act = async (body: Record<string, string>, timeoutMs?: number) => settled(await post(body), timeoutMs);
  const snapshotAgent = async (id: string) => {
    const r = await fetch(`${node.url}/api/v1/snapshot`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    const snap = (await r.json()) as {
      agents: Array<{ id: string; state: string; reason: string | null; queues: string[] }>;
    };
    return snap.agents.find((a) => a.id === id);
  };
  const agent = (id: string) => node.live.state.agents.get(id);
  /** QueueStatus asked on the driver's own session: the member's row per queue. */
  const members = async (iface: string) =>
    (await ami.client.actionList({ Action: 'QueueStatus' })).filter(
      (m) => m.event === 'QueueMember' && (m.get('Location') ?? m.get('Interface')) === iface,
    );
  const channels = async () =>
    (await ami.client.actionList({ Action: 'CoreShowChannels' })).filter((m) => m.event === 'CoreShowChannel');
  const framesFrom = (from: number, event: string) => ami.frames.slice(from).filter((m) => m.event === event);
  const readStream = async (): Promise<FloorEvent[]> =>
    ((await redis.xrange(STREAM, '-', '+')) as Array<[string, string[]]>).map(([id, f]) => {
      const d = decodeEvent(f[f.indexOf('event') + 1]!);
      if (!d.ok) throw new Error(`stream entry ${id}: ${d.reason}`);
      return d.event;
    });
  const driverAct = (fields: Record<string, string>) => ami.client.action(fields);

  beforeAll(async () => {
    pbx = await startAsterisk();
    redisServer = await startRedis();
    redis = new Redis(redisServer.url, { protocol: 2 });
    node = await startTestNode({
      redisUrl: redisServer.url,
      stream: STREAM,
      config: { queues: [{ id: 'support' }, { id: 'sales' }] },
    });
    ami = await driver();
    // Left over from an earlier run against an Asterisk that kept running: Dan in no queue, nobody paused.
    await driverAct({ Action: 'QueueRemove', Queue: 'support', Interface: DAN }).catch(() => undefined);
    await driverAct({ Action: 'QueueRemove', Queue: 'sales', Interface: DAN }).catch(() => undefined);
    for (const iface of [ALICE, BOB]) await driverAct({ Action: 'QueuePause', Interface: iface, Paused: 'false' });
    phones.push(await phone(['-sn', 'uas', '-i', '127.0.0.1', '-p', '5073']));

    tap = await startAmiTap(AMI);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'floorboard-ami-actions-'));
    const config = path.join(tmp, 'floorboard.yaml');
    await writeFile(
      config,
      [
        'ami:',
        `  host: ${AMI.host}`,
        `  port: ${tap.port}`,
        `  user: ${AMI.user}`,
        `  stream: ${STREAM}`,
        `  agents: ${JSON.stringify(AGENTS)}`,
        '  wrapupSec: { support: 3, sales: 2 }',
      ].join('\n'),
    );
    adapter = spawn(
      path.join(repo, 'node_modules/.bin/tsx'),
      ['server/cti/ami/main.ts', '--config', config, '--redis', redisServer.url, '--adapter-id', ADAPTER_ID],
      {
        cwd: repo,
        env: { ...process.env, AMI_SECRET: AMI.secret },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    adapter.stdout!.on('data', (d: Buffer) => (adapterLog += d.toString()));
    adapter.stderr!.on('data', (d: Buffer) => (adapterLog += d.toString()));
    await waitFor(
      'the members folded and the adapter registered',
      async () => {
        if (adapter.exitCode !== null) throw new Error(`adapter exited (${adapter.exitCode}):\n${adapterLog}`);
        const reg = await redis.get(`floorboard:cti:adapter:${STREAM}:${ADAPTER_ID}`);
        return reg !== null && agent('bob')?.state === 'available' && agent('alice')?.state === 'available';
      },
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const p of phones) p.kill('SIGTERM');
    if (ami) {
      await driverAct({ Action: 'QueueRemove', Queue: 'support', Interface: DAN }).catch(() => undefined);
      for (const iface of [ALICE, BOB])
        await driverAct({ Action: 'QueuePause', Interface: iface, Paused: 'false' }).catch(() => undefined);
    }
    if (adapter && adapter.exitCode === null) {
      const exited = new Promise((r) => adapter.once('exit', r));
      adapter.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    if (process.env.ASTERISK_ACTIONS_TRANSCRIPT && tap)
      await writeFile(process.env.ASTERISK_ACTIONS_TRANSCRIPT, tap.transcript());
    await tap?.close();
    await ami?.client.stop();
    await node?.close();
    redis?.disconnect();
    await redisServer?.stop();
    await pbx?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('pause with a reason: done; QueueStatus says paused with it; the snapshot shows aux only after QueueMemberPause', async () => {
    expect((await snapshotAgent('bob'))?.state).toBe('available');
    const from = ami.frames.length;
    // When the server's state first showed Bob in aux, polled from before the post.
    let auxSeenAt: number | undefined;
    const poll = setInterval(() => (auxSeenAt ??= agent('bob')?.state === 'aux' ? Date.now() : undefined), 5);
    try {
      const s = await act({ agentId: 'bob', action: 'pause', reason: 'coaching' });
      expect(s, adapterLog).toMatchObject({ state: 'done', message: 'Interface paused successfully' });
      const pause = await waitForFrame(
        ami.frames,
        { Event: 'QueueMemberPause', Interface: BOB, Paused: '1' },
        5000,
        from,
      );
      expect(pause.get('PausedReason')).toBe('coaching');
      const rows = await members(BOB);
      expect(rows.map((m) => [m.get('Queue'), m.get('Paused'), m.get('PausedReason')])).toEqual([
        ['support', '1', 'coaching'],
      ]);
      await waitFor('bob in aux on the server', () => auxSeenAt !== undefined);
      // Asterisk raised the event (its Timestamp, this machine's clock) before the server showed the pause.
      expect(auxSeenAt!).toBeGreaterThanOrEqual(pause.timestampMs!);
    } finally {
      clearInterval(poll);
    }
    expect(await snapshotAgent('bob')).toMatchObject({ state: 'aux', reason: 'coaching' });
    // The only agent.state for Bob since is the mapped QueueMemberPause, at its time.
    const states = (await readStream()).filter((e) => e.type === 'agent.state' && e.agentId === 'bob');
    expect(states.at(-1)).toMatchObject({
      state: 'aux',
      reason: 'coaching',
      ts: framesFrom(from, 'QueueMemberPause').find((m) => m.get('Interface') === BOB)!.timestampMs,
    });
  });

  it('unpause: done; QueueStatus Paused 0; available again', async () => {
    const from = ami.frames.length;
    const s = await act({ agentId: 'bob', action: 'unpause' });
    expect(s).toMatchObject({ state: 'done', message: 'Interface unpaused successfully' });
    await waitForFrame(ami.frames, { Event: 'QueueMemberPause', Interface: BOB, Paused: '0' }, 5000, from);
    expect((await members(BOB)).map((m) => [m.get('Queue'), m.get('Paused')])).toEqual([['support', '0']]);
    await waitFor('bob available', () => agent('bob')?.state === 'available');
    expect((await snapshotAgent('bob'))?.state).toBe('available');
  });

  it('queue-add of a dynamic member: done; Asterisk lists it; the agent is logged in to that queue', async () => {
    // Dan is first added to sales on the PBX itself, so that Floorboard knows him (an action needs a known agent).
    await driverAct({
      Action: 'QueueAdd',
      Queue: 'sales',
      Interface: DAN,
      MemberName: 'Dan',
      Paused: 'true',
      Reason: 'training',
    });
    await waitFor('dan logged in to sales', () => agent('dan')?.queues.join() === 'sales');
    // A paused agent joins paused (README: queue-add): Dan is unpaused first, so that he takes the next call.
    expect((await act({ agentId: 'dan', action: 'unpause' })).state).toBe('done');
    const s = await act({ agentId: 'dan', action: 'queue-add', queueId: 'support' });
    expect(s).toMatchObject({ state: 'done', message: 'Added interface to queue (support)' });
    expect(
      (await members(DAN)).map((m) => [m.get('Queue'), m.get('Name'), m.get('Paused'), m.get('Membership')]).sort(),
    ).toEqual([
      ['sales', 'Dan', '0', 'dynamic'],
      ['support', 'Dan', '0', 'dynamic'],
    ]);
    await waitFor('dan in support on the server', () => agent('dan')?.queues.includes('support'));
    const again = await act({ agentId: 'dan', action: 'queue-add', queueId: 'support' });
    expect(again).toMatchObject({ state: 'failed', message: 'Unable to add interface: Already there (support)' });
  });

  it(
    'listen on an agent not on a call: failed once no ChanSpyStart came, and the idle spy channel is hung up',
    async () => {
      const from = ami.frames.length;
      const started = Date.now();
      const s = await act({ agentId: 'alice', action: 'listen', device: LOCAL_SPY }, SPY_FAIL_WITHIN_MS);
      expect(s.state).toBe('failed');
      const spy = /^ChanSpy did not attach \(no ChanSpyStart for (Local\/listen@supervisor-[0-9a-f]+;1)\)$/.exec(
        s.message ?? '',
      );
      expect(spy, s.message).not.toBeNull();
      // Not before the adapter's 40 s: the spy was given its time to attach.
      expect(s.settledAt - started).toBeGreaterThanOrEqual(40_000);
      expect(framesFrom(from, 'ChanSpyStart')).toEqual([]);
      await waitForFrame(ami.frames, { Event: 'Hangup', Channel: spy![1]! }, 5000, from);
      expect((await channels()).map((c) => c.get('Channel'))).not.toContain(spy![1]);
    },
    SPY_FAIL_WITHIN_MS + 10_000,
  );

  it('listen and whisper on a call: done only after ChanSpyStart on the agent’s channel; the spies are up in CoreShowChannels', async () => {
    // Alice and Bob paused on the PBX: Dan takes the caller.
    for (const iface of [ALICE, BOB])
      await driverAct({ Action: 'QueuePause', Interface: iface, Paused: 'true', Reason: 'meeting' });
    const from = ami.frames.length;
    await driverAct({
      Action: 'Originate',
      Channel: 'Local/support@callers',
      Application: 'Wait',
      Data: '40',
      CallerID: '"Spied" <555777>',
      Async: 'true',
    });
    const connect = await waitForFrame(ami.frames, { Event: 'AgentConnect', Interface: DAN }, 20_000, from);
    await waitFor('dan talking', () => agent('dan')?.state === 'talking');

    const listen = await act({ agentId: 'dan', action: 'listen', device: LOCAL_SPY });
    const starts = (): AmiMessage[] => framesFrom(from, 'ChanSpyStart');
    expect(listen, adapterLog).toMatchObject({
      state: 'done',
      message: `ChanSpy attached to ${connect.get('DestChannel')}`,
    });
    const listenStart = starts().find((m) => m.get('SpyerChannel')?.startsWith(`${LOCAL_SPY}-`));
    expect(listenStart?.get('SpyeeUniqueid')).toBe(connect.get('DestUniqueid'));

    const whisper = await act({ agentId: 'dan', action: 'whisper', device: SIP_SPY });
    expect(whisper).toMatchObject({ state: 'done', message: `ChanSpy attached to ${connect.get('DestChannel')}` });
    const whisperStart = starts().find((m) => m.get('SpyerChannel')?.startsWith(`${SIP_SPY}-`));
    expect(whisperStart?.get('SpyeeUniqueid')).toBe(connect.get('DestUniqueid'));
    // The server settles an action only when the adapter reports it, which it does after the ChanSpyStart it saw;
    // this test polls GET every 50 ms, so it can only have seen "done" after the driver read the event.
    expect(listen.settledAt).toBeGreaterThanOrEqual(listenStart!.timestampMs!);
    expect(whisper.settledAt).toBeGreaterThanOrEqual(whisperStart!.timestampMs!);

    const up = await channels();
    for (const start of [listenStart!, whisperStart!]) {
      expect(up.find((c) => c.get('Uniqueid') === start.get('SpyerUniqueid'))).toMatchObject({
        pairs: expect.arrayContaining([['Application', 'ChanSpy']]),
      });
    }
    // Option E: each spy ends with the call it listens to (Dan hangs up after 20 s).
    for (const start of [listenStart!, whisperStart!]) {
      await waitForFrame(
        ami.frames,
        { Event: 'ChanSpyStop', SpyerUniqueid: start.get('SpyerUniqueid')! },
        30_000,
        from,
      );
    }
    await waitForFrame(ami.frames, { Event: 'AgentComplete', Interface: DAN }, 10_000, from);
    for (const iface of [ALICE, BOB]) await driverAct({ Action: 'QueuePause', Interface: iface, Paused: 'false' });
  }, 60_000);

  it('queue-remove of a dynamic member: done, gone from QueueStatus and from the queue on the server', async () => {
    const s = await act({ agentId: 'dan', action: 'queue-remove', queueId: 'support' });
    expect(s).toMatchObject({ state: 'done', message: 'Removed interface from queue (support)' });
    expect((await members(DAN)).map((m) => m.get('Queue'))).toEqual(['sales']);
    await waitFor('dan out of support', () => agent('dan')?.queues.join() === 'sales');
    const out = await act({ agentId: 'dan', action: 'logout' });
    expect(out).toMatchObject({ state: 'done', message: 'Removed interface from queue (sales)' });
    expect(await members(DAN)).toEqual([]);
    await waitFor('dan logged out', () => agent('dan')?.state === 'offline');
  });

  it('queue-remove of a member from queues.conf: failed with Asterisk’s “Member not dynamic”; still a member', async () => {
    const s = await act({ agentId: 'alice', action: 'queue-remove', queueId: 'support' });
    expect(s).toMatchObject({ state: 'failed', message: 'Member not dynamic (support)' });
    expect((await members(ALICE)).map((m) => [m.get('Queue'), m.get('Membership')])).toEqual([['support', 'static']]);
    expect(agent('alice')?.queues).toEqual(['support']);
  });
});
