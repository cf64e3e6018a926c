// Opt-in: the AMI adapter against a real Asterisk 22 (shared/asterisk), with a real redis-server.
// Run: npm run test:asterisk   (as root, after shared/asterisk/setup.sh). Run that way, or with ASTERISK_REQUIRED=1,
// a PBX that is not there fails the run; run directly with vitest it is skipped with a warning.
//
// Callers are driven with AMI Originate into `support` (Local-channel agents Alice and Bob) and with SIP calls into
// `sales` (sipp phones for Dave and Erin that put every call on hold). Then Carol, who never answers, is rung alone,
// and Bob's pause is toggled three times within one second. The events the adapter writes to the stream are
// compared with what Asterisk itself reports: QueueStatus counters, each caller's HoldTime, the Hold,
// AgentRingNoAnswer and QueueMemberPause frames.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { type EventOf, type FloorEvent, decodeEvent } from '../../shared/events.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { createRedis } from '../../server/redis/connection.ts';
import { type RedisProcess, startRedis } from '../helpers/redis.ts';
import {
  AMI,
  driver,
  HOLD_PHONE,
  PBX_REQUIRED,
  type Pbx,
  phone,
  queueStatus,
  sipp,
  sleep,
  startAsterisk,
  waitForFrame,
  whyNotReady,
} from './pbx.ts';

const notReady = await whyNotReady();
if (notReady && PBX_REQUIRED) {
  describe('AMI adapter against a real Asterisk', () => {
    it('has the PBX of shared/asterisk to run against', () => {
      throw new Error(`no PBX for the live test (ASTERISK_REQUIRED or npm run test:asterisk): ${notReady}`);
    });
  });
} else if (notReady) console.warn(`[asterisk live test] skipped: ${notReady}`);

const repo = path.resolve(import.meta.dirname, '../..');
const STREAM = 'cc:events';
// Patience in seconds. The sixth caller waits behind five others for two agents who each need at least 7 s a call
// (ring, talk, 3 s wrap-up): nobody can reach it within its 5 s, so it always abandons; the others are answered.
const SUPPORT_CALLERS = [40, 40, 40, 40, 40, 5];
// SIP callers hang up 12 s after Asterisk answers them, which is before Queue(): the wait counts against that.
// At most two at a time for the two phones, so the third waits only for a 2 s wrap-up; each phone holds the call
// 3 s after answering, for 4 s. Every sales call is answered and held once, with 3 s to spare.
const SALES_CALLS = 3;
const SALES_CALL_MS = 12_000;
// Carol alone in support: rung for her 6 s timeout, she does not answer; the caller gives up after 8 s.
const UNANSWERED_PATIENCE = 8;
const AGENTS = new Map([
  ['Local/agent1@agents/n', 'alice'],
  ['Local/agent2@agents/n', 'bob'],
  ['Local/agent3@agents/n', 'carol'],
  ['PJSIP/agent1', 'dave'],
  ['PJSIP/agent2', 'erin'],
]);
const BOB = 'Local/agent2@agents/n';

describe.skipIf(notReady !== undefined)('AMI adapter against a real Asterisk', () => {
  let pbx: Pbx;
  let redisServer: RedisProcess;
  let redis: Redis;
  let adapter: ChildProcess;
  let adapterLog = '';
  let tmp: string;
  let ami: Awaited<ReturnType<typeof driver>>;
  let baseline: Awaited<ReturnType<typeof queueStatus>>['params'];
  let final: Awaited<ReturnType<typeof queueStatus>>['params'];
  /** Every entry the adapters wrote; `events` without the repeats the server drops. */
  let stream: FloorEvent[] = [];
  let events: FloorEvent[] = [];
  /** What the restarted adapter wrote before Bob's unpause. */
  let restarted: FloorEvent[] = [];
  let startAdapter: () => Promise<void>;
  const stopAdapter = async () => {
    if (!adapter || adapter.exitCode !== null) return;
    const exited = new Promise((r) => adapter.once('exit', r));
    adapter.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
  };
  /** The stream and QueueStatus right after Bob's pause was toggled (paused, unpaused, paused). */
  let toggled: { events: FloorEvent[]; pausedInAsterisk: boolean; fromFrame: number };
  const phones: ChildProcess[] = [];

  const readStream = async (): Promise<FloorEvent[]> => {
    const entries = (await redis.xrange(STREAM, '-', '+')) as Array<[string, string[]]>;
    return entries.map(([id, fields]) => {
      const decoded = decodeEvent(fields[fields.indexOf('event') + 1]);
      if (!decoded.ok) throw new Error(`stream entry ${id} is not a contract event: ${decoded.reason}`);
      return decoded.event;
    });
  };
  const act = (fields: Record<string, string>) => ami.client.action(fields);
  const pause = (iface: string, paused: boolean, reason = '') =>
    act({
      Action: 'QueuePause',
      Queue: 'support',
      Interface: iface,
      Paused: `${paused}`,
      ...(reason ? { Reason: reason } : {}),
    });
  const originate = (patience: number, caller: string) =>
    act({
      Action: 'Originate',
      Channel: 'Local/support@callers',
      Application: 'Wait',
      Data: `${patience}`,
      CallerID: caller,
      Async: 'true',
    });

  beforeAll(async () => {
    pbx = await startAsterisk();
    redisServer = await startRedis();
    redis = createRedis(redisServer.url, 'asterisk-live-test');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'floorboard-ami-'));
    const config = path.join(tmp, 'floorboard.yaml');
    await writeFile(
      config,
      [
        'ami:',
        `  host: ${AMI.host}`,
        `  port: ${AMI.port}`,
        `  user: ${AMI.user}`,
        `  stream: ${STREAM}`,
        `  agents: ${JSON.stringify(Object.fromEntries(AGENTS))}`,
        '  wrapupSec: { support: 3, sales: 2 }',
      ].join('\n'),
    );
    startAdapter = async () => {
      const before = (await readStream()).length;
      adapter = spawn(
        path.join(repo, 'node_modules/.bin/tsx'),
        ['server/cti/ami/main.ts', '--config', config, '--redis', redisServer.url],
        {
          cwd: repo,
          env: { ...process.env, AMI_SECRET: AMI.secret },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      adapter.stdout!.on('data', (d: Buffer) => (adapterLog += d.toString()));
      adapter.stderr!.on('data', (d: Buffer) => (adapterLog += d.toString()));
      // The adapter is ready once QueueStatus has logged the members in (Alice, Bob, Dave and Erin; Carol only
      // while added).
      for (let i = 0; ; i++) {
        if ((await readStream()).slice(before).filter((e) => e.type === 'agent.login').length >= 4) break;
        if (adapter.exitCode !== null || i === 60)
          throw new Error(`the adapter wrote no logins (exit code ${adapter.exitCode}):\n${adapterLog}`);
        await sleep(500);
      }
    };
    await startAdapter();
    ami = await driver();
    baseline = (await queueStatus(ami.client)).params;

    // 1. The call mix: six support callers, three held SIP calls into sales.
    for (const port of ['5071', '5072']) phones.push(await phone(['-sf', HOLD_PHONE, '-i', '127.0.0.1', '-p', port]));
    phones.push(
      sipp([
        '127.0.0.1:5060',
        '-sn',
        'uac',
        '-s',
        'sales',
        '-i',
        '127.0.0.1',
        '-p',
        '5061',
        '-m',
        `${SALES_CALLS}`,
        '-l',
        '2',
        '-r',
        '1',
        '-d',
        `${SALES_CALL_MS}`,
      ]),
    );
    for (const [n, patience] of SUPPORT_CALLERS.entries()) {
      await originate(patience, `"Live ${n + 1}" <55590${n + 1}>`);
      await sleep(300);
    }
    // Done when no caller waits and no member talks, twice in a row; then the wrap-ups (3 s) and a tick.
    let quiet = 0;
    for (let i = 0; i < 120 && quiet < 2; i++) {
      await sleep(1000);
      quiet = (await queueStatus(ami.client)).busy ? 0 : quiet + 1;
    }
    await sleep(5000);

    // 2. Ring-no-answer: Alice and Bob paused, Carol added, one caller who gives up.
    await pause('Local/agent1@agents/n', true, 'Coaching');
    await pause(BOB, true, 'Coaching');
    await act({
      Action: 'QueueAdd',
      Queue: 'support',
      Interface: 'Local/agent3@agents/n',
      MemberName: 'Carol',
      Penalty: '0',
    });
    const ringFrom = ami.frames.length;
    await originate(UNANSWERED_PATIENCE, '"Unanswered" <555999>');
    await waitForFrame(ami.frames, { Event: 'QueueCallerAbandon', Queue: 'support' }, 30_000, ringFrom);
    await act({ Action: 'QueueRemove', Queue: 'support', Interface: 'Local/agent3@agents/n' });
    await pause('Local/agent1@agents/n', false);
    await pause(BOB, false);
    await sleep(1500);

    // 3. Bob paused, unpaused and paused again within one second (LastPause is whole seconds): start just after one.
    await sleep(1050 - (Date.now() % 1000));
    const fromFrame = ami.frames.length;
    await pause(BOB, true, 'Lunch');
    await pause(BOB, false);
    await pause(BOB, true, 'Lunch');
    await sleep(1500);
    const pausedInAsterisk = (await queueStatus(ami.client)).paused.has('support Bob');
    toggled = { events: await readStream(), pausedInAsterisk, fromFrame };

    // 4. The adapter restarted while Bob is paused: it learns the picture from QueueStatus again. Then Bob's unpause.
    await stopAdapter();
    await startAdapter();
    await sleep(1000);
    restarted = (await readStream()).slice(toggled.events.length);
    await pause(BOB, false);
    await sleep(1500);

    final = (await queueStatus(ami.client)).params;
    stream = await readStream();
    // What the server folds: each id once, the first time.
    events = stream.filter((e, i) => stream.findIndex((x) => x.id === e.id) === i);
    // ASTERISK_TRANSCRIPT=<file>: keep what the driver saw, to replay as a fixture (test/fixtures/ami).
    if (process.env.ASTERISK_TRANSCRIPT) await writeFile(process.env.ASTERISK_TRANSCRIPT, ami.transcript());
    const counts = (q: string) => `${q}: ${delta(q, 'completed')} completed, ${delta(q, 'abandoned')} abandoned`;
    console.info(`[asterisk live test] ${events.length} events; ${counts('support')}; ${counts('sales')}`);
  }, 300_000);

  afterAll(async () => {
    for (const p of phones) p.kill('SIGTERM');
    await stopAdapter();
    await ami?.client.stop();
    redis?.disconnect();
    await redisServer?.stop();
    await pbx?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const ofType = <K extends FloorEvent['type']>(type: K, from = events) =>
    from.filter((e): e is EventOf<K> => e.type === type);
  const queueOf = () => new Map(ofType('call.offered').map((e) => [e.callId, e.queueId]));
  const delta = (queue: string, key: 'completed' | 'abandoned') => final[queue]![key] - baseline[queue]![key];
  const framesOf = (event: string) => ami.frames.filter((m) => m.event === event);

  it('writes only contract events, each id once per adapter run', () => {
    const firstRun = stream.slice(0, toggled.events.length).map((e) => e.id);
    const secondRun = stream.slice(toggled.events.length).map((e) => e.id);
    expect(firstRun.length).toBeGreaterThan(0);
    expect(new Set(firstRun).size, adapterLog).toBe(firstRun.length);
    expect(new Set(secondRun).size, adapterLog).toBe(secondRun.length);
  });

  it('after a restart re-emits only ids already sent (logins, Bob’s pause); Bob’s unpause after it is new', () => {
    const sent = new Set(toggled.events.map((e) => e.id));
    expect(
      restarted
        .filter((e) => e.type === 'agent.login')
        .map((e) => e.agentId)
        .sort(),
    ).toEqual(['alice', 'bob', 'dave', 'erin']);
    expect(
      restarted.filter((e) => !sent.has(e.id)),
      JSON.stringify(restarted),
    ).toEqual([]);
    const afterwards = stream.slice(toggled.events.length + restarted.length);
    expect(
      afterwards.map((e) => [e.type, 'agentId' in e && e.agentId, 'state' in e && e.state, sent.has(e.id)]),
    ).toEqual([['agent.state', 'bob', 'available', false]]);
    const state = createState(parseConfig({}));
    const outcomes = stream.map((e) => fold(state, e));
    expect(outcomes.filter((o) => o === 'duplicate').length).toBe(restarted.length);
    expect(view(state, Date.now()).agents.find((a) => a.id === 'bob')!.state).toBe('available');
  });

  it('logs in the members Asterisk lists, with their queues', () => {
    const logins = new Map(ofType('agent.login').map((e) => [e.agentId, e.queues]));
    expect(logins.get('alice')).toEqual(['support']);
    expect(logins.get('bob')).toEqual(['support']);
    expect(logins.get('dave')).toEqual(['sales']);
    expect(logins.get('erin')).toEqual(['sales']);
  });

  it('offers every caller that joined a queue, once', () => {
    const joins = framesOf('QueueCallerJoin').map((m) => `${m.get('Uniqueid')}@${m.get('Queue')}`);
    expect(joins.length).toBe(SUPPORT_CALLERS.length + 1 + SALES_CALLS);
    expect(
      ofType('call.offered')
        .map((e) => `${e.callId}@${e.queueId}`)
        .sort(),
    ).toEqual(joins.sort());
  });

  it('has the planned call mix, and as many answers and abandons per queue as Asterisk counts', () => {
    // support: five answered, the impatient caller and Carol's caller abandoned; sales: all three answered.
    expect({
      support: [delta('support', 'completed'), delta('support', 'abandoned')],
      sales: [delta('sales', 'completed'), delta('sales', 'abandoned')],
    }).toEqual({
      support: [5, 2],
      sales: [SALES_CALLS, 0],
    });
    const queues = queueOf();
    for (const q of ['support', 'sales']) {
      const answered = ofType('call.answered').filter((e) => queues.get(e.callId) === q).length;
      const abandoned = ofType('call.abandoned').filter((e) => queues.get(e.callId) === q).length;
      expect({ q, answered, abandoned }).toEqual({
        q,
        answered: delta(q, 'completed'),
        abandoned: delta(q, 'abandoned'),
      });
    }
  });

  // HoldTime is the difference of two whole-second clocks (join, answer), so the true wait is within 1 s of it.
  it('gives each answered call a wait within 1 s of the HoldTime Asterisk reports', () => {
    const offered = new Map(ofType('call.offered').map((e) => [e.callId, e.ts]));
    const answered = new Map(ofType('call.answered').map((e) => [e.callId, e.ts]));
    const connects = framesOf('AgentConnect');
    expect(connects.length).toBe(answered.size);
    for (const c of connects) {
      const uid = c.get('Uniqueid')!;
      const waitSec = (answered.get(uid)! - offered.get(uid)!) / 1000;
      const hold = Number(c.get('HoldTime'));
      expect(Math.abs(waitSec - hold), uid).toBeLessThan(1);
    }
  });

  it('ends every answered call and then its wrap-up', () => {
    const answered = ofType('call.answered')
      .map((e) => e.callId)
      .sort();
    expect(
      ofType('call.ended')
        .map((e) => e.callId)
        .sort(),
    ).toEqual(answered);
    expect(
      ofType('call.wrapup')
        .map((e) => e.callId)
        .sort(),
    ).toEqual(answered);
  });

  it('holds each sales call once, from the first of Hold / MusicOnHoldStart to the first of Unhold / MusicOnHoldStop', () => {
    const salesCalls = framesOf('AgentConnect').filter((m) => m.get('Queue') === 'sales');
    expect(salesCalls.length).toBe(SALES_CALLS);
    const firstOf = (names: string[], linkedid: string) =>
      ami.frames.find((m) => names.includes(m.event ?? '') && m.get('Linkedid') === linkedid)?.timestampMs;
    for (const c of salesCalls) {
      const callId = c.get('Uniqueid')!;
      const linkedid = c.get('Linkedid')!;
      const holds = events.filter(
        (e) => (e.type === 'call.held' || e.type === 'call.retrieved') && e.callId === callId,
      );
      expect(
        holds.map((e) => [e.type, e.ts]),
        callId,
      ).toEqual([
        ['call.held', firstOf(['Hold', 'MusicOnHoldStart'], linkedid)],
        ['call.retrieved', firstOf(['Unhold', 'MusicOnHoldStop'], linkedid)],
      ]);
    }
    expect(ofType('call.held').length).toBe(SALES_CALLS);
  });

  it('reports each AgentRingNoAnswer as agent.missed with its RingTime', () => {
    const rings = framesOf('AgentRingNoAnswer');
    expect(rings.length).toBeGreaterThan(0);
    expect(ofType('agent.missed').map((e) => [e.agentId, e.callId, e.queueId, e.ringMs, e.ts])).toEqual(
      rings.map((m) => [
        AGENTS.get(m.get('Interface')!),
        m.get('Uniqueid'),
        m.get('Queue'),
        Number(m.get('RingTime')),
        m.timestampMs,
      ]),
    );
    // Only Carol leaves calls ringing: the others answer within their queue's timeout.
    expect(rings.map((m) => m.get('MemberName'))).toEqual(rings.map(() => 'Carol'));
  });

  it('keeps Bob paused after a pause, an unpause and a pause within one second, as Asterisk has him', () => {
    const toggles = ami.frames
      .slice(toggled.fromFrame)
      .filter((m) => m.event === 'QueueMemberPause' && m.get('MemberName') === 'Bob');
    expect(toggles.slice(0, 3).map((m) => m.get('Paused'))).toEqual(['1', '0', '1']);
    // The case that collided: all three report the same LastPause.
    expect(new Set(toggles.slice(0, 3).map((m) => m.get('LastPause'))).size).toBe(1);
    expect(toggled.pausedInAsterisk).toBe(true);
    const state = createState(parseConfig({}));
    for (const e of toggled.events) expect(fold(state, e), e.id).toBe('folded');
    expect(view(state, Date.now()).agents.find((a) => a.id === 'bob')).toMatchObject({ state: 'aux', reason: 'lunch' });
  });

  it('folds into the engine with the same numbers and no anomaly', () => {
    const state = createState(parseConfig({}));
    for (const e of events) fold(state, e);
    const snap = view(state, Date.now());
    const support = snap.queues.find((q) => q.id === 'support')!.windows.today;
    expect(support.answered).toBe(delta('support', 'completed'));
    expect(support.abandoned + support.abandonedShort).toBe(delta('support', 'abandoned'));
    // Hold time per sales call: retrieved − held, in the ms the events carry.
    const held = new Map(ofType('call.held').map((e) => [e.callId, e.ts]));
    const holdMs = ofType('call.retrieved').map((e) => e.ts - held.get(e.callId)!);
    const sales = snap.queues.find((q) => q.id === 'sales')!.windows.today;
    expect(sales.avgHoldSec).toBeCloseTo(holdMs.reduce((a, b) => a + b, 0) / holdMs.length / 1000, 6);
    expect(snap.agents.find((a) => a.id === 'carol')!.windows.today.missed).toBe(ofType('agent.missed').length);
    expect(snap.agents.find((a) => a.id === 'bob')!.state).toBe('available');
    expect(state.stats.anomalies).toBe(0);
  });
});
