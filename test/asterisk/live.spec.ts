// Opt-in: the AMI adapter against a real Asterisk 22 (shared/asterisk), with a real redis-server.
// Run: npx vitest run --config test/asterisk/vitest.config.ts   (after shared/asterisk/setup.sh, as root)
//
// Callers are driven with AMI Originate into `support` (Local-channel agents Alice and Bob) and, when sipp is
// installed, with SIP calls into `sales` (sipp phones for Dave and Erin). The events the adapter writes to the
// stream are then compared with what Asterisk itself reports: QueueStatus counters and each caller's HoldTime.
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
import type { AmiClient } from '../../server/cti/ami/client.ts';
import type { AmiMessage } from '../../server/cti/ami/protocol.ts';
import { type RedisProcess, startRedis } from '../helpers/redis.ts';
import { AMI, driver, hasSipp, type Pbx, queueStatus, sipp, sleep, startAsterisk, whyNotReady } from './pbx.ts';

const notReady = whyNotReady();
if (notReady) console.warn(`[asterisk live test] skipped: ${notReady}`);

const repo = path.resolve(import.meta.dirname, '../..');
const STREAM = 'cc:events';
const SUPPORT_CALLERS = [40, 40, 40, 40, 40, 5]; // patience in seconds; the last one is likely to give up
const SALES_CALLS = 3;

describe.skipIf(notReady !== undefined)('AMI adapter against a real Asterisk', () => {
  let pbx: Pbx;
  let redisServer: RedisProcess;
  let redis: Redis;
  let adapter: ChildProcess;
  let adapterLog = '';
  let tmp: string;
  let ami: { client: AmiClient; frames: AmiMessage[] };
  let baseline: Awaited<ReturnType<typeof queueStatus>>['params'];
  let final: Awaited<ReturnType<typeof queueStatus>>['params'];
  let events: FloorEvent[] = [];
  let salesDriven = false;
  const phones: ChildProcess[] = [];

  const readStream = async (): Promise<FloorEvent[]> => {
    const entries = (await redis.xrange(STREAM, '-', '+')) as Array<[string, string[]]>;
    return entries.map(([id, fields]) => {
      const decoded = decodeEvent(fields[fields.indexOf('event') + 1]);
      if (!decoded.ok) throw new Error(`stream entry ${id} is not a contract event: ${decoded.reason}`);
      return decoded.event;
    });
  };

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
        '  agents: { "Local/agent1@agents/n": alice, "Local/agent2@agents/n": bob, "PJSIP/agent1": dave, "PJSIP/agent2": erin }',
        '  wrapupSec: { support: 3, sales: 2 }',
      ].join('\n'),
    );
    adapter = spawn(path.join(repo, 'node_modules/.bin/tsx'), ['server/cti/ami/main.ts', '--config', config, '--redis', redisServer.url], {
      cwd: repo,
      env: { ...process.env, AMI_SECRET: AMI.secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    adapter.stdout!.on('data', (d: Buffer) => (adapterLog += d.toString()));
    adapter.stderr!.on('data', (d: Buffer) => (adapterLog += d.toString()));

    // The adapter is ready once QueueStatus has logged the members in.
    for (let i = 0; i < 60; i++) {
      if ((await readStream()).some((e) => e.type === 'agent.login' && e.agentId === 'bob')) break;
      await sleep(500);
    }
    ami = await driver();
    baseline = (await queueStatus(ami.client)).params;

    if (await hasSipp()) {
      salesDriven = true;
      phones.push(sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', '5071']), sipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', '5072']));
      await sleep(500);
      phones.push(
        sipp(['127.0.0.1:5060', '-sn', 'uac', '-s', 'sales', '-i', '127.0.0.1', '-p', '5061', '-m', `${SALES_CALLS}`, '-r', '1', '-d', '4000']),
      );
    }
    for (const [n, patience] of SUPPORT_CALLERS.entries()) {
      await ami.client.action({
        Action: 'Originate',
        Channel: 'Local/support@callers',
        Application: 'Wait',
        Data: `${patience}`,
        CallerID: `"Live ${n + 1}" <55590${n + 1}>`,
        Async: 'true',
      });
      await sleep(300);
    }
    // Done when no caller waits and no member talks, twice in a row; then the wrap-ups (3 s) and a tick.
    let quiet = 0;
    for (let i = 0; i < 120 && quiet < 2; i++) {
      await sleep(1000);
      quiet = (await queueStatus(ami.client)).busy ? 0 : quiet + 1;
    }
    await sleep(5000);
    final = (await queueStatus(ami.client)).params;
    events = await readStream();
    const counts = (q: string) => `${q}: ${delta(q, 'completed')} completed, ${delta(q, 'abandoned')} abandoned`;
    console.info(`[asterisk live test] ${events.length} events; ${counts('support')}; ${salesDriven ? counts('sales') : 'sales not driven (no sipp)'}`);
  }, 240_000);

  afterAll(async () => {
    for (const p of phones) p.kill('SIGTERM');
    if (adapter && adapter.exitCode === null) {
      const exited = new Promise((r) => adapter.once('exit', r));
      adapter.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
    }
    await ami?.client.stop();
    redis?.disconnect();
    await redisServer?.stop();
    await pbx?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const ofType = <K extends FloorEvent['type']>(type: K) => events.filter((e): e is EventOf<K> => e.type === type);
  const queueOf = () => new Map(ofType('call.offered').map((e) => [e.callId, e.queueId]));
  const delta = (queue: string, key: 'completed' | 'abandoned') => final[queue]![key] - baseline[queue]![key];

  it('writes only contract events, each id once', () => {
    expect(events.length).toBeGreaterThan(0);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size, adapterLog).toBe(ids.length);
  });

  it('logs in the members Asterisk lists, with their queues', () => {
    const logins = new Map(ofType('agent.login').map((e) => [e.agentId, e.queues]));
    expect(logins.get('alice')).toEqual(['support']);
    expect(logins.get('bob')).toEqual(['support']);
    expect(logins.get('dave')).toEqual(['sales']);
    expect(logins.get('erin')).toEqual(['sales']);
  });

  it('offers every caller that joined a queue, once', () => {
    const joins = ami.frames.filter((m) => m.event === 'QueueCallerJoin').map((m) => `${m.get('Uniqueid')}@${m.get('Queue')}`);
    expect(joins.length).toBe(SUPPORT_CALLERS.length + (salesDriven ? SALES_CALLS : 0));
    expect(ofType('call.offered').map((e) => `${e.callId}@${e.queueId}`).sort()).toEqual(joins.sort());
  });

  it('answers and abandons as many calls per queue as Asterisk counts Completed and Abandoned', () => {
    const queues = queueOf();
    for (const q of salesDriven ? ['support', 'sales'] : ['support']) {
      const answered = ofType('call.answered').filter((e) => queues.get(e.callId) === q).length;
      const abandoned = ofType('call.abandoned').filter((e) => queues.get(e.callId) === q).length;
      expect({ q, answered, abandoned }).toEqual({ q, answered: delta(q, 'completed'), abandoned: delta(q, 'abandoned') });
    }
    expect(delta('support', 'completed') + delta('support', 'abandoned')).toBe(SUPPORT_CALLERS.length);
  });

  it('gives each answered call the wait Asterisk reports as HoldTime (whole seconds, rounded down)', () => {
    const offered = new Map(ofType('call.offered').map((e) => [e.callId, e.ts]));
    const answered = new Map(ofType('call.answered').map((e) => [e.callId, e.ts]));
    const connects = ami.frames.filter((m) => m.event === 'AgentConnect');
    expect(connects.length).toBe(answered.size);
    for (const c of connects) {
      const uid = c.get('Uniqueid')!;
      const waitSec = (answered.get(uid)! - offered.get(uid)!) / 1000;
      const hold = Number(c.get('HoldTime'));
      expect(waitSec, uid).toBeGreaterThanOrEqual(hold - 0.001);
      expect(waitSec, uid).toBeLessThan(hold + 1);
    }
  });

  it('ends every answered call and then its wrap-up', () => {
    const answered = ofType('call.answered').map((e) => e.callId).sort();
    expect(ofType('call.ended').map((e) => e.callId).sort()).toEqual(answered);
    expect(ofType('call.wrapup').map((e) => e.callId).sort()).toEqual(answered);
  });

  it('folds into the engine with the same numbers and no anomaly', () => {
    const state = createState(parseConfig({}));
    for (const e of events) fold(state, e);
    const snap = view(state, Date.now());
    const support = snap.queues.find((q) => q.id === 'support')!.windows.today;
    expect(support.answered).toBe(delta('support', 'completed'));
    expect(support.abandoned + support.abandonedShort).toBe(delta('support', 'abandoned'));
    expect(state.stats.anomalies).toBe(0);
  });
});
