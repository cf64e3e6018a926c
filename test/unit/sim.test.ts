import { describe, expect, it } from 'vitest';
import { validateEvent, type FloorEvent } from '../../shared/events.ts';
import { parseCli } from '../../agent-sim/cli-options.ts';
import { INTRADAY_PEAK, intradayMultiplier } from '../../agent-sim/curve.ts';
import { simulate } from '../../agent-sim/floor.ts';
import { DEFAULT_SIM_OPTIONS, defaultRate, type SimOptions } from '../../agent-sim/options.ts';
import { Random } from '../../agent-sim/random.ts';
import { buildRoster, inboundQueues } from '../../agent-sim/roster.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Monday 2025-01-06 00:00 UTC.
const MIDNIGHT_UTC = Date.UTC(2025, 0, 6);

function take(opts: SimOptions, start: number, n: number): FloorEvent[] {
  const out: FloorEvent[] = [];
  for (const ev of simulate(opts, start)) {
    out.push(ev);
    if (out.length === n) break;
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

describe('Random', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws lognormals with the requested mean and sd of the variable itself', () => {
    const rng = new Random(7);
    const xs = Array.from({ length: 40_000 }, () => rng.lognormal(240, 150));
    expect(mean(xs)).toBeGreaterThan(240 * 0.97);
    expect(mean(xs)).toBeLessThan(240 * 1.03);
    expect(sd(xs)).toBeGreaterThan(150 * 0.93);
    expect(sd(xs)).toBeLessThan(150 * 1.07);
    expect(xs.every((x) => x > 0)).toBe(true);
  });

  it('draws exponentials and Poisson inter-arrivals with the requested mean', () => {
    const rng = new Random(8);
    const xs = Array.from({ length: 40_000 }, () => rng.exponential(30));
    expect(mean(xs)).toBeGreaterThan(29.2);
    expect(mean(xs)).toBeLessThan(30.8);
    // 4 arrivals per unit → mean gap 0.25.
    const gaps = Array.from({ length: 40_000 }, () => rng.interArrival(4));
    expect(mean(gaps)).toBeGreaterThan(0.243);
    expect(mean(gaps)).toBeLessThan(0.257);
  });

  it('picks weighted items in proportion to their weights', () => {
    const rng = new Random(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++)
      counts[
        rng.weighted([
          ['a', 1],
          ['b', 2],
          ['c', 7],
        ] as const)
      ]++;
    expect(counts.a / 30_000).toBeCloseTo(0.1, 1);
    expect(counts.b / 30_000).toBeCloseTo(0.2, 1);
    expect(counts.c / 30_000).toBeCloseTo(0.7, 1);
  });
});

describe('intraday curve', () => {
  it('averages 1 over the day, is low at night and peaks mid-morning and mid-afternoon', () => {
    let sum = 0;
    for (let m = 0; m < 1440; m++) sum += intradayMultiplier((m + 0.5) / 60);
    expect(sum / 1440).toBeCloseTo(1, 6);
    expect(intradayMultiplier(3)).toBeLessThan(0.6);
    expect(intradayMultiplier(10.5)).toBeGreaterThan(1.3);
    expect(intradayMultiplier(15)).toBeGreaterThan(1.3);
    expect(intradayMultiplier(12.75)).toBeLessThan(intradayMultiplier(10.5));
    expect(INTRADAY_PEAK).toBeGreaterThanOrEqual(intradayMultiplier(10.5));
  });
});

describe('roster', () => {
  it('puts ~15 % of 40 agents on the campaign team and the rest in teams of about ten', () => {
    const queues = inboundQueues(3);
    expect(queues.map((q) => q.id)).toEqual(['sales', 'support', 'billing']);
    const roster = buildRoster(40, queues);
    const outbound = roster.filter((a) => a.outbound);
    expect(outbound).toHaveLength(6);
    expect(new Set(outbound.map((a) => a.teamId))).toEqual(new Set(['t4']));
    expect(outbound.every((a) => a.queues.length === 1 && a.queues[0] === 'campaign')).toBe(true);
    const inbound = roster.filter((a) => !a.outbound);
    const teamSizes = new Map<string, number>();
    for (const a of inbound) teamSizes.set(a.teamId, (teamSizes.get(a.teamId) ?? 0) + 1);
    expect([...teamSizes.keys()].sort()).toEqual(['t1', 't2', 't3']);
    for (const size of teamSizes.values()) expect(size === 11 || size === 12).toBe(true);
    for (const a of inbound) {
      expect(a.queues.length === 1 || a.queues.length === 2).toBe(true);
      expect(new Set(a.queues).size).toBe(a.queues.length);
    }
    for (const q of queues) expect(inbound.some((a) => a.queues.includes(q.id))).toBe(true);
    expect(new Set(roster.map((a) => a.name)).size).toBe(40);
    expect(new Set(roster.map((a) => a.id)).size).toBe(40);
  });

  it('has no campaign team below 5 agents and still covers every queue', () => {
    const queues = inboundQueues(3);
    const roster = buildRoster(2, queues);
    expect(roster.some((a) => a.outbound)).toBe(false);
    for (const q of queues) expect(roster.some((a) => a.queues.includes(q.id))).toBe(true);
    expect(buildRoster(5, queues).filter((a) => a.outbound)).toHaveLength(1);
  });

  it('gives queues unequal shares that sum to 1', () => {
    const shares = inboundQueues(3).map((q) => q.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(shares[0]!).toBeGreaterThan(shares[1]!);
    expect(shares[1]!).toBeGreaterThan(shares[2]!);
  });
});

describe('simulate', () => {
  const opts: SimOptions = { ...DEFAULT_SIM_OPTIONS, seed: 11, timezone: 'UTC' };

  it('is deterministic for a seed and start, and differs for another seed', () => {
    const a = take(opts, MIDNIGHT_UTC, 5000);
    const b = take(opts, MIDNIGHT_UTC, 5000);
    expect(a).toHaveLength(5000);
    expect(b).toEqual(a);
    const c = take({ ...opts, seed: 12 }, MIDNIGHT_UTC, 5000);
    expect(c.map((e) => [e.type, e.ts])).not.toEqual(a.map((e) => [e.type, e.ts]));
  });

  it('is lazy: an endless run yields its first events at once', () => {
    const events = take({ ...opts, durationSec: undefined }, MIDNIGHT_UTC, 100);
    expect(events).toHaveLength(100);
  });

  it('stops at the end of the duration', () => {
    const events = [...simulate({ ...opts, durationSec: 600 }, MIDNIGHT_UTC)];
    expect(events.length).toBeGreaterThan(40);
    expect(events.at(-1)!.ts).toBeLessThan(MIDNIGHT_UTC + 600_000);
  });

  it('rejects unusable options', () => {
    expect(() => simulate({ ...opts, agents: 0 }, 0).next()).toThrow(/agents/);
    expect(() => simulate({ ...opts, rate: Number.NaN }, 0).next()).toThrow(/rate/);
    expect(() => simulate({ ...opts, timezone: 'Mars/Olympus' }, 0).next()).toThrow(/timezone/);
  });

  describe('a flat day with the defaults', () => {
    const day = [...simulate({ ...opts, curve: 'flat', durationSec: DAY / 1000 }, MIDNIGHT_UTC)];
    const floor = replay(day);

    it('emits only valid events with unique ids, in non-decreasing time', () => {
      const invalid = day.map((e) => validateEvent(e)).filter((r) => !r.ok);
      expect(invalid).toEqual([]);
      expect(new Set(day.map((e) => e.id)).size).toBe(day.length);
      for (let i = 1; i < day.length; i++) if (day[i]!.ts < day[i - 1]!.ts) throw new Error(`ts goes back at ${i}`);
      expect(day[0]!.ts).toBe(MIDNIGHT_UTC);
    });

    it('follows the contract call by call and agent by agent', () => {
      expect(floor.violations.slice(0, 5)).toEqual([]);
    });

    it('logs every agent in at the start with a name, team and queues', () => {
      const logins = day.filter((e) => e.type === 'agent.login');
      expect(logins).toHaveLength(40);
      expect(logins.every((e) => e.ts === MIDNIGHT_UTC && e.name && e.teamId && e.queues?.length)).toBe(true);
    });

    it('offers calls at the configured rate (7,056 a day at 4.9/min, within 4 %)', () => {
      expect(opts.rate).toBe(4.9);
      expect(floor.offered).toBeGreaterThan(7056 * 0.96);
      expect(floor.offered).toBeLessThan(7056 * 1.04);
    });

    it('has abandons, short abandons, holds, transfers and every outcome', () => {
      expect(floor.abandonedShort).toBeGreaterThan(50);
      expect(floor.abandonedLong).toBeGreaterThan(50);
      expect(floor.abandonedLong / floor.offered).toBeLessThan(0.15);
      expect(floor.count('call.held')).toBeGreaterThan(0.1 * floor.answeredInbound);
      expect(floor.count('call.transferred')).toBeGreaterThan(0.01 * floor.answeredInbound);
      expect(floor.count('call.transferred')).toBeLessThan(0.06 * floor.answeredInbound);
      expect(new Set(day.flatMap((e) => (e.type === 'call.disposition' ? [e.outcome] : [])))).toEqual(
        new Set(['resolved', 'sale', 'complaint', 'callback']),
      );
    });

    it('dials out from the campaign team, connecting about a third of the calls', () => {
      expect(floor.dialed).toBeGreaterThan(1000);
      expect(floor.connected / floor.dialed).toBeGreaterThan(0.3);
      expect(floor.connected / floor.dialed).toBeLessThan(0.4);
      // Only the dials still ringing when the day ends (at most one per campaign agent) have no outcome.
      expect(floor.dialed - floor.connected - floor.failedDials).toBeGreaterThanOrEqual(0);
      expect(floor.dialed - floor.connected - floor.failedDials).toBeLessThanOrEqual(6);
      expect(new Set(day.flatMap((e) => (e.type === 'call.failed' ? [e.reason] : [])))).toEqual(
        new Set(['no-answer', 'busy', 'invalid', 'rejected']),
      );
    });

    it('sends agents on breaks, lunch and other aux, each ended by an available', () => {
      const reasons = new Set(day.flatMap((e) => (e.type === 'agent.state' && e.reason ? [e.reason] : [])));
      expect(reasons).toEqual(new Set(['break', 'lunch', 'meeting', 'training', 'coaching']));
      // About one break every two hours per agent over 24 h: well over 5 per agent on average.
      expect(day.filter((e) => e.type === 'agent.state' && e.reason === 'break').length).toBeGreaterThan(40 * 5);
      expect(floor.auxWhileBusy).toBeGreaterThan(0);
    });

    it('adds surveys (~25 %, skewed high), QA scores (~5 %), callbacks and faults', () => {
      const surveys = day.flatMap((e) => (e.type === 'survey.completed' ? [e.score] : []));
      expect(surveys.length / floor.endedInbound).toBeGreaterThan(0.2);
      expect(surveys.length / floor.endedInbound).toBeLessThan(0.3);
      expect(surveys.every((s) => Number.isInteger(s) && s >= 1 && s <= 5)).toBe(true);
      expect(mean(surveys)).toBeGreaterThan(3.6);
      const qa = day.flatMap((e) => (e.type === 'qa.scored' ? [e.score] : []));
      expect(qa.length / floor.dispositions).toBeGreaterThan(0.03);
      expect(qa.length / floor.dispositions).toBeLessThan(0.07);
      expect(qa.every((s) => s >= 60 && s <= 100)).toBe(true);
      expect(floor.count('callback.requested')).toBeGreaterThan(0);
      expect(floor.count('callback.completed')).toBeGreaterThan(0);
      expect(floor.count('system.fault')).toBeGreaterThan(0);
    });

    it('keeps the inbound agents about 80 % occupied at the default rate', () => {
      expect(floor.inboundOccupancy()).toBeGreaterThan(0.75);
      expect(floor.inboundOccupancy()).toBeLessThan(0.85);
    });
  });

  describe('the intraday curve', () => {
    const intraday = { ...opts, curve: 'intraday' as const, durationSec: DAY / 1000 };

    function offeredByHour(tz: string): number[] {
      const byHour = new Array<number>(24).fill(0);
      for (const e of simulate({ ...intraday, timezone: tz }, MIDNIGHT_UTC))
        if (e.type === 'call.offered') byHour[new Date(e.ts).getUTCHours()]!++;
      return byHour;
    }

    it('brings more calls at 10:00 than at 03:00 and keeps the daily mean at the rate', () => {
      const byHour = offeredByHour('UTC');
      expect(byHour[10]!).toBeGreaterThan(2 * byHour[3]!);
      const total = byHour.reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(4.9 * 1440 * 0.95);
      expect(total).toBeLessThan(4.9 * 1440 * 1.05);
    });

    it('follows the local hour of the configured time zone', () => {
      // Asia/Shanghai is UTC+8: its 10:00 is 02:00 UTC, its 03:00 is 19:00 UTC.
      const byUtcHour = offeredByHour('Asia/Shanghai');
      expect(byUtcHour[2]!).toBeGreaterThan(2 * byUtcHour[19]!);
    });
  });

  it.each([
    { agents: 1, queues: 1, rate: 0.3 },
    { agents: 5, queues: 1, rate: 0.8 },
    { agents: 12, queues: 5, rate: 1.5 },
    { agents: 120, queues: 8, rate: 20, curve: 'intraday' as const, seed: 99 },
  ])('follows the contract on other floors too: %j', (floor) => {
    const events = [...simulate({ ...opts, curve: 'flat', durationSec: 8 * 3600, ...floor }, MIDNIGHT_UTC + 8 * HOUR)];
    expect(events.every((e) => validateEvent(e).ok)).toBe(true);
    const r = replay(events);
    expect(r.violations.slice(0, 5)).toEqual([]);
    expect(r.answeredInbound).toBeGreaterThan(0);
  });

  it('has a replay that catches broken sequences', () => {
    const ts = MIDNIGHT_UTC;
    const base = { ts, id: 'x' };
    const r = replay([
      { ...base, type: 'agent.login', agentId: 'a', queues: ['q'] },
      { ...base, type: 'agent.state', agentId: 'a', state: 'aux', reason: 'break' },
      { ...base, type: 'call.offered', callId: 'c1', queueId: 'q' },
      { ...base, type: 'call.answered', callId: 'c1', agentId: 'a' },
      { ...base, type: 'call.offered', callId: 'c2', queueId: 'q' },
      { ...base, type: 'call.answered', callId: 'c2', agentId: 'a' },
      { ...base, type: 'call.wrapup', callId: 'c2', agentId: 'a' },
    ]);
    expect(r.violations).toEqual([
      'x call.answered: agent answers while aux',
      'x call.answered: agent answers while talking',
      'x call.wrapup: wrap-up by an agent not wrapping up this call (talking c2)',
    ]);
  });

  it('scales the default rate with the floor', () => {
    expect(defaultRate(40)).toBe(4.9);
    expect(defaultRate(200)).toBeGreaterThan(4 * defaultRate(40));
    expect(defaultRate(10)).toBeLessThan(defaultRate(40) / 4);
    expect(defaultRate(1)).toBeGreaterThan(0);
  });
});

describe('parseCli', () => {
  const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
  const seed = () => 1234;

  it('fills defaults from the agent count and the environment', () => {
    const r = parseCli(['--agents', '20'], { ...env, FLOORBOARD_STREAM: 'x:events' }, seed);
    expect(r).toMatchObject({
      ok: true,
      seedWasRandom: true,
      run: { agents: 20, queues: 3, rate: defaultRate(20), seed: 1234, curve: 'intraday', speed: 1, fast: false },
    });
    if (r.ok) expect([r.run.redisUrl, r.run.stream, r.run.durationSec]).toEqual([env.REDIS_URL, 'x:events', undefined]);
  });

  it('reads every option', () => {
    const r = parseCli(
      [
        '--queues',
        '5',
        '--rate',
        '2.5',
        '--speed',
        '10',
        '--seed',
        '7',
        '--duration',
        '600',
        '--curve',
        'flat',
        '--redis',
        'redis://127.0.0.1:1',
        '--stream',
        's',
        '--fast',
        '--start',
        '2025-01-06T08:00:00Z',
        '--timezone',
        'UTC',
        '--history',
        '900',
      ],
      {},
      seed,
    );
    expect(r).toEqual({
      ok: true,
      seedWasRandom: false,
      run: {
        agents: 40,
        queues: 5,
        rate: 2.5,
        seed: 7,
        curve: 'flat',
        durationSec: 600,
        timezone: 'UTC',
        redisUrl: 'redis://127.0.0.1:1',
        stream: 's',
        speed: 10,
        fast: true,
        startTs: Date.UTC(2025, 0, 6, 8),
        historySec: 900,
      },
    });
  });

  it.each([
    [['--agents', 'abc'], /--agents must be an integer/],
    [['--agents', '0'], /--agents/],
    [['--queues', '2.5'], /--queues/],
    [['--rate', '-1'], /--rate/],
    [['--speed', '0'], /--speed/],
    [['--seed', 'x'], /--seed/],
    [['--duration', '0'], /--duration/],
    [['--start', 'yesterday'], /--start/],
    [['--curve', 'spiky'], /curve/],
    [['--timezone', 'Nowhere/Land'], /timezone/],
    [['--nonsense'], /unknown option/],
  ])('rejects %j with exit code 2', (args, message) => {
    const r = parseCli(args, env, seed);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.exitCode).toBe(2);
      expect(r.message).toMatch(message);
    }
  });

  it('needs a Redis URL', () => {
    const r = parseCli([], {}, seed);
    expect(r).toMatchObject({ ok: false, exitCode: 2, message: expect.stringMatching(/REDIS_URL/) });
  });
});

// ---- a contract-minded replay of the events, the way a server would fold them ---------------------------

type AgentView = {
  state: 'available' | 'aux' | 'dialing' | 'talking' | 'hold' | 'acw';
  since: number;
  pendingAux: boolean;
  callId: string | undefined;
  queues: string[];
  outbound: boolean;
};
type CallView = {
  state: 'waiting' | 'dialing' | 'talking' | 'hold' | 'ended' | 'abandoned' | 'failed' | 'disposed';
  queueId: string;
  agentId: string | undefined;
  waitingSince: number;
  outbound: boolean;
};

function replay(events: FloorEvent[]) {
  const agents = new Map<string, AgentView>();
  const calls = new Map<string, CallView>();
  const callbacks = new Set<string>();
  const faults = new Set<string>();
  const time: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const violations: string[] = [];
  const r = {
    violations,
    offered: 0,
    answeredInbound: 0,
    endedInbound: 0,
    abandonedShort: 0,
    abandonedLong: 0,
    dialed: 0,
    connected: 0,
    failedDials: 0,
    dispositions: 0,
    auxWhileBusy: 0,
    count: (type: string) => counts[type] ?? 0,
    inboundOccupancy: () => {
      const busy = ['talking', 'hold', 'acw', 'dialing'].reduce((s, k) => s + (time[k] ?? 0), 0);
      return busy / (busy + (time.available ?? 0));
    },
  };
  const bad = (e: FloorEvent, why: string) => violations.push(`${e.id} ${e.type}: ${why}`);
  const move = (a: AgentView, state: AgentView['state'], ts: number) => {
    if (!a.outbound) time[a.state] = (time[a.state] ?? 0) + ts - a.since;
    a.state = state;
    a.since = ts;
  };

  for (const e of events) {
    counts[e.type] = (counts[e.type] ?? 0) + 1;
    const agent = 'agentId' in e && e.agentId ? agents.get(e.agentId) : undefined;
    const call = 'callId' in e && e.callId ? calls.get(e.callId) : undefined;
    if ('agentId' in e && e.agentId && !agent && e.type !== 'agent.login') bad(e, 'unknown agent');
    switch (e.type) {
      case 'agent.login':
        agents.set(e.agentId, {
          state: 'available',
          since: e.ts,
          pendingAux: false,
          callId: undefined,
          queues: e.queues ?? [],
          outbound: e.queues?.[0] === 'campaign',
        });
        break;
      case 'agent.state':
        if (!agent) break;
        if (e.state === 'aux') {
          if (agent.state === 'available') move(agent, 'aux', e.ts);
          else if (agent.state === 'talking' || agent.state === 'hold' || agent.state === 'acw') {
            if (agent.pendingAux) bad(e, 'second aux request during one call');
            agent.pendingAux = true;
            r.auxWhileBusy++;
          } else bad(e, `aux requested while ${agent.state}`);
        } else if (agent.state === 'aux') move(agent, 'available', e.ts);
        else bad(e, `available while ${agent.state}`);
        break;
      case 'call.offered':
        if (call) bad(e, 'call offered twice');
        calls.set(e.callId, {
          state: 'waiting',
          queueId: e.queueId,
          agentId: undefined,
          waitingSince: e.ts,
          outbound: false,
        });
        r.offered++;
        break;
      case 'call.answered':
        if (!call || !agent) {
          bad(e, 'unknown call or agent');
          break;
        }
        if (call.outbound) {
          if (call.state !== 'dialing' || call.agentId !== e.agentId)
            bad(e, 'outbound answer for a call this agent is not dialing');
          r.connected++;
        } else {
          if (call.state !== 'waiting') bad(e, `answered while ${call.state}`);
          if (agent.state !== 'available') bad(e, `agent answers while ${agent.state}`);
          if (!agent.queues.includes(call.queueId)) bad(e, `agent not skilled for ${call.queueId}`);
          call.agentId = e.agentId;
          agent.callId = e.callId;
          r.answeredInbound++;
        }
        call.state = 'talking';
        move(agent, 'talking', e.ts);
        break;
      case 'call.abandoned':
        if (call?.state !== 'waiting') bad(e, `abandoned while ${call?.state}`);
        else if (e.ts - call.waitingSince <= 5000) r.abandonedShort++;
        else r.abandonedLong++;
        if (call) call.state = 'abandoned';
        break;
      case 'call.held':
      case 'call.retrieved': {
        const from = e.type === 'call.held' ? 'talking' : 'hold';
        const to = e.type === 'call.held' ? 'hold' : 'talking';
        if (call?.state !== from) bad(e, `while ${call?.state}`);
        if (call?.agentId) move(agents.get(call.agentId)!, to, e.ts);
        if (call) call.state = to;
        break;
      }
      case 'call.transferred':
      case 'call.ended': {
        if (call?.state !== 'talking') {
          bad(e, `while ${call?.state}`);
          break;
        }
        const a = agents.get(call.agentId!)!;
        move(a, 'acw', e.ts);
        if (e.type === 'call.transferred') {
          if (e.toQueueId === call.queueId) bad(e, 'transfer to the same queue');
          Object.assign(call, { state: 'waiting', queueId: e.toQueueId, agentId: undefined, waitingSince: e.ts });
        } else {
          call.state = 'ended';
          if (!call.outbound) r.endedInbound++;
        }
        break;
      }
      case 'call.wrapup':
        if (agent?.state !== 'acw' || agent.callId !== e.callId) {
          bad(e, `wrap-up by an agent not wrapping up this call (${agent?.state} ${agent?.callId})`);
          break;
        }
        agent.callId = undefined;
        move(agent, agent.pendingAux ? 'aux' : 'available', e.ts);
        agent.pendingAux = false;
        break;
      case 'call.disposition':
        if (call?.state !== 'ended') bad(e, `disposition while ${call?.state}`);
        else if (call.agentId && agents.get(call.agentId)!.callId === e.callId) bad(e, 'disposition before wrap-up');
        if (call) call.state = 'disposed';
        r.dispositions++;
        break;
      case 'call.dialed':
        if (agent?.state !== 'available' || !agent.outbound) bad(e, `dial by ${agent?.state} agent`);
        if (call) bad(e, 'call id reused');
        calls.set(e.callId, {
          state: 'dialing',
          queueId: 'campaign',
          agentId: e.agentId,
          waitingSince: e.ts,
          outbound: true,
        });
        if (agent) {
          agent.callId = e.callId;
          move(agent, 'dialing', e.ts);
        }
        r.dialed++;
        break;
      case 'call.failed':
        if (call?.state !== 'dialing') bad(e, `failed while ${call?.state}`);
        else {
          const a = agents.get(call.agentId!)!;
          a.callId = undefined;
          move(a, 'available', e.ts);
          call.state = 'failed';
        }
        r.failedDials++;
        break;
      case 'survey.completed':
        if (!call || !['ended', 'disposed'].includes(call.state)) bad(e, `survey for a call ${call?.state}`);
        break;
      case 'qa.scored':
        if (call?.state !== 'disposed') bad(e, 'QA before the call is done');
        break;
      case 'callback.requested':
        if (e.dueTs === undefined || e.dueTs <= e.ts) bad(e, 'due time not in the future');
        callbacks.add(e.callbackId);
        break;
      case 'callback.completed':
        if (!callbacks.delete(e.callbackId)) bad(e, 'completed without a request');
        break;
      case 'system.fault':
        if (e.resolved && !faults.delete(e.faultId)) bad(e, 'resolved a fault that was not open');
        if (!e.resolved) faults.add(e.faultId);
        break;
      case 'agent.logout':
        bad(e, 'nobody logs out');
        break;
    }
  }
  const end = events.at(-1)?.ts ?? 0;
  for (const a of agents.values()) move(a, a.state, end);
  return r;
}
