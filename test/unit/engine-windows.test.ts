// The rolling windows are exactly [now − 15 min, now] and [now − 60 min, now], to the millisecond: counts, maxima
// and time in state at both edges, for queues, teams, agents and the centre. Worked out by hand beside each case.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { parseConfig } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { explain } from '../../server/engine/queries.ts';
import { deserializeState, serializeState } from '../../server/engine/serialize.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8), on a minute boundary; "m:ss" below is minutes and seconds after it.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;
const mmss = (m: number, s: number) => m * 60 + s;

function run(events: FloorEvent[]) {
  const state = createState(
    parseConfig({ timezone: 'Asia/Shanghai', queues: [{ id: 'sales', slThresholdSec: 20 }], teams: [{ id: 't1' }] }),
  );
  for (const e of events) fold(state, e);
  return state;
}
type V = ReturnType<typeof view>;
const sales = (v: V) => v.queues.find((x) => x.id === 'sales')!;
const team = (v: V) => v.teams.find((x) => x.id === 't1')!;
const agent = (v: V, id = 'a1') => v.agents.find((x) => x.id === id)!;

describe('counts at the window edges', () => {
  /**
   * Now = 20:30.000: 15m is [5:30.000, 20:30.000], 60m reaches back before T0 (all of it).
   * Offers: o1 5:29.999 (just before 15m), o2 5:30.000 (exactly at its start: in), o3 5:30.001 (just after),
   * o4 20:30.000 (exactly now: in), o5 20:30.001 (after now: in no rolling window yet).
   * Answers: c1 offered 3:49, answered 5:29 (wait 100 s, outside 15m); c2 offered 5:21, answered 5:31 (wait 10 s).
   *   15m: offered 3 (o2, o3, o4), answered 1, ASA 10, longest wait 10 (not c1's 100), SL 1/1.
   *   60m: offered 6 (o1…o4, c1, c2), answered 2, ASA 55, longest wait 100, SL 1/2.
   * (Whole minutes gave 15m minutes 6…20, so neither o2 nor o3 nor c2's answer, and o5 on top.)
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['sales'], teamId: 't1' }),
    ev('agent.login', 0, { agentId: 'a2', queues: ['sales'], teamId: 't1' }),
    ev('call.offered', mmss(3, 49), { callId: 'c1', queueId: 'sales' }),
    ev('call.offered', mmss(5, 21), { callId: 'c2', queueId: 'sales' }),
    ev('call.answered', mmss(5, 29), { callId: 'c1', agentId: 'a1' }),
    ev('call.offered', mmss(5, 29.999), { callId: 'o1', queueId: 'sales' }),
    ev('call.offered', mmss(5, 30), { callId: 'o2', queueId: 'sales' }),
    ev('call.offered', mmss(5, 30.001), { callId: 'o3', queueId: 'sales' }),
    ev('call.answered', mmss(5, 31), { callId: 'c2', agentId: 'a2' }),
    ev('call.offered', mmss(20, 30), { callId: 'o4', queueId: 'sales' }),
    ev('call.offered', mmss(20, 30.001), { callId: 'o5', queueId: 'sales' }),
  ];
  const now = at(mmss(20, 30));

  it('an event exactly at now − 15 min is in, one a millisecond before is out, one after now is out', () => {
    const v = view(run(events), now);
    for (const w of [sales(v).windows['15m'], v.center.windows['15m']]) {
      expect(w).toMatchObject({
        offered: 3,
        answered: 1,
        answeredWithinSl: 1,
        maxWaitSec: 10,
        asaSec: 10,
        serviceLevel: 1,
      });
    }
    for (const w of [sales(v).windows['60m'], v.center.windows['60m']]) {
      expect(w).toMatchObject({
        offered: 6,
        answered: 2,
        answeredWithinSl: 1,
        maxWaitSec: 100,
        asaSec: 55,
        serviceLevel: 0.5,
      });
    }
  });

  it('a millisecond later the edge has moved on: o2 leaves the 15m window', () => {
    const w = sales(view(run(events), now + 1)).windows['15m'];
    // [5:30.001, 20:30.001]: o3, o4, o5.
    expect(w.offered).toBe(3);
    const w2 = sales(view(run(events), now + 2)).windows['15m'];
    expect(w2.offered).toBe(2); // o4, o5
  });

  it('now on a minute boundary: the first minute of the window is whole', () => {
    // Now = 20:00.000: 15m is [5:00, 20:00]: c2 (5:21), o1, o2, o3 are in; c1 (3:49), o4 and o5 are not.
    expect(sales(view(run(events), at(mmss(20, 0)))).windows['15m'].offered).toBe(4);
  });

  it('explain lists exactly the calls the window counts', () => {
    const state = run(events);
    const asa = explain(state, { scope: 'queue', id: 'sales', window: '15m', metric: 'asaSec' }, now)!;
    expect(asa.calls.map((c) => c.callId)).toEqual(['c2']);
    expect(asa.value).toBe(sales(view(state, now)).windows['15m'].asaSec);
    const sl = explain(state, { scope: 'center', window: '60m', metric: 'serviceLevel' }, now)!;
    expect(sl.calls.map((c) => c.callId).sort()).toEqual(['c1', 'c2']);
    expect(sl.value).toBe(view(state, now).center.windows['60m'].serviceLevel);
  });

  it('a checkpoint keeps the cut minutes: the restored state shows the same windows', () => {
    const state = run(events);
    const restored = deserializeState(serializeState(state), 'Asia/Shanghai')!;
    for (const t of [now, now + 1, at(mmss(20, 45))]) {
      const a = view(state, t);
      const b = view(restored, t);
      expect(b.queues).toEqual(a.queues);
      expect(b.center).toEqual(a.center);
      expect(JSON.parse(JSON.stringify(b.teams))).toEqual(JSON.parse(JSON.stringify(a.teams)));
    }
  });
});

describe('time in state at the window edges', () => {
  /**
   * a1 (sales, t1) logs in at 0:00. A call offered at 5:40 is answered at 5:45, ends at 6:20, wrap-up ends 6:50.
   * Now = 20:30: 15m is [5:30, 20:30], 900 s; its first minute (5:30–6:00) holds the change to talking.
   *   available 5:30→5:45 + 6:50→20:30 = 15 + 820 = 835 s; talking 35 s; acw 30 s. Busy 65 of 900.
   *   60m and today: logged in 0:00→20:30 = 1230 s, busy 65.
   *   AHT 35 + 30 = 65 s (handled at 6:50, inside 15m).
   * (Whole minutes gave 15m 6:00→20:30: 870 s with 20 s of talk.)
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['sales'], teamId: 't1' }),
    ev('call.offered', mmss(5, 40), { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', mmss(5, 45), { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', mmss(6, 20), { callId: 'c1' }),
    ev('call.wrapup', mmss(6, 50), { callId: 'c1', agentId: 'a1' }),
  ];
  const now = at(mmss(20, 30));

  it('a state change inside the cut first minute counts from the window start', () => {
    const v = view(run(events), now);
    for (const w of [sales(v).windows['15m'], v.center.windows['15m']]) {
      expect(w.occupancy).toBeCloseTo(65 / 900, 12);
      expect(w.utilization).toBeCloseTo(65 / 900, 12);
      expect(w.ahtSec).toBe(65);
    }
    for (const w of [team(v).windows['15m'], agent(v).windows['15m']]) {
      expect(w.occupancy).toBeCloseTo(65 / 900, 12);
      expect(w.talkSec).toBeCloseTo(35, 9);
      expect(w.handled).toBe(1);
    }
    expect(sales(v).windows['60m'].occupancy).toBeCloseTo(65 / 1230, 12);
    expect(agent(v).windows['60m'].occupancy).toBeCloseTo(65 / 1230, 12);
  });

  /**
   * The same agent on a long call: answered 4:00, ended 7:00, wrap-up ends 7:30; aux (break) from 20:00 on, open.
   * Now = 20:30: 15m [5:30, 20:30] starts mid-talk: talking 5:30→7:00 = 90, acw 30, available 7:30→20:00 = 750,
   * aux 20:00→20:30 = 30 (in the running minute). occupancy 120 / 870, utilization 120 / 900.
   * At 20:45 the window is [5:45, 20:45]: talking 75, acw 30, available 750, aux 45: 105 / 855 and 105 / 900.
   */
  const long = eventFactory(T0);
  const longCall = [
    long('agent.login', 0, { agentId: 'a1', queues: ['sales'], teamId: 't1' }),
    long('call.offered', mmss(3, 50), { callId: 'c1', queueId: 'sales' }),
    long('call.answered', mmss(4, 0), { callId: 'c1', agentId: 'a1' }),
    long('call.ended', mmss(7, 0), { callId: 'c1' }),
    long('call.wrapup', mmss(7, 30), { callId: 'c1', agentId: 'a1' }),
    long('agent.state', mmss(20, 0), { agentId: 'a1', state: 'aux', reason: 'break' }),
  ];

  it('occupancy over a window that starts mid-state, with an open state in the running minute', () => {
    const state = run(longCall);
    for (const [t, busy, avail, aux] of [
      [now, 120, 750, 30],
      [at(mmss(20, 45)), 105, 750, 45],
    ] as const) {
      const v = view(state, t);
      for (const w of [
        sales(v).windows['15m'],
        v.center.windows['15m'],
        team(v).windows['15m'],
        agent(v).windows['15m'],
      ]) {
        expect(w.occupancy).toBeCloseTo(busy / (busy + avail), 12);
        expect(w.utilization).toBeCloseTo(busy / (busy + avail + aux), 12);
      }
    }
  });
});

describe('outbound at the window edges', () => {
  /**
   * a1 dials on campaign camp at 5:00, connects at 5:20, the call ends at 6:00, wrap-up ends 6:10.
   * Now = 20:30, 15m [5:30, 20:30]: dialed 0, connected 0, outbound talk 5:30→6:00 = 30 s.
   * 60m: dialed 1, connected 1, talk 40 s; a1 logged in from 0:00, 20.5 min = 41/120 h: 120/41 dials per hour.
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['camp'], teamId: 't1' }),
    ev('call.dialed', mmss(5, 0), { callId: 'd1', agentId: 'a1', queueId: 'camp', direction: 'outbound' }),
    ev('call.answered', mmss(5, 20), { callId: 'd1', agentId: 'a1' }),
    ev('call.ended', mmss(6, 0), { callId: 'd1' }),
    ev('call.wrapup', mmss(6, 10), { callId: 'd1', agentId: 'a1' }),
  ];
  it('dials, connects and talk time by exact windows', () => {
    const v = view(run(events), at(mmss(20, 30)));
    const camp = v.queues.find((x) => x.id === 'camp')!;
    for (const w of [camp.windows['15m'], v.center.windows['15m']]) {
      expect(w.outbound).toMatchObject({ dialed: 0, connected: 0 });
      expect(w.outbound.talkSec).toBeCloseTo(30, 9);
    }
    for (const w of [camp.windows['60m'], v.center.windows['60m']]) {
      expect(w.outbound).toMatchObject({ dialed: 1, connected: 1 });
      expect(w.outbound.talkSec).toBeCloseTo(40, 9);
      expect(w.outbound.callsPerAgentHour).toBeCloseTo(120 / 41, 12);
    }
    expect(agent(v).windows['15m'].outbound.dialed).toBe(0);
    expect(agent(v).windows['60m'].outbound.dialed).toBe(1);
  });
});

describe('exact windows recomputed independently on a simulated floor', () => {
  /**
   * 60 agents, 4 queues, 90 simulated minutes, viewed at 88 min and some (the ring holds the 64 minutes up to the
   * latest event, 89). At instants that fall anywhere inside a minute, each queue's 15m and
   * 60m `offered` must equal the offers and transfers into it stamped in [now − L, now], counted straight from the
   * events; and the centre's talk time (minute tallies + cut minutes) must equal the sum of the agents' own talk time
   * (read from their timelines over the whole window, another path).
   */
  const start = Date.UTC(2026, 10, 28, 2, 0, 0);
  const events = [
    ...simulate(
      { agents: 60, queues: 4, rate: 40, seed: 11, curve: 'flat', durationSec: 90 * 60, timezone: 'UTC' },
      start,
    ),
  ];
  const state = createState(parseConfig({ timezone: 'UTC' }));
  for (const e of events) fold(state, e);
  const offers = events.flatMap((e) =>
    e.type === 'call.offered'
      ? [{ ts: e.ts, queueId: e.queueId }]
      : e.type === 'call.transferred'
        ? [{ ts: e.ts, queueId: e.toQueueId }]
        : [],
  );

  for (const offset of [0, 1, 12_345, 29_999, 59_999]) {
    it(`now = 88 min + ${offset} ms`, () => {
      const now = start + 88 * 60_000 + offset;
      const v = view(state, now);
      for (const [name, length] of [
        ['15m', 15],
        ['60m', 60],
      ] as const) {
        const from = now - length * 60_000;
        for (const q of v.queues) {
          const expected = offers.filter((o) => o.queueId === q.id && o.ts >= from && o.ts <= now).length;
          expect([q.id, name, q.windows[name].offered]).toEqual([q.id, name, expected]);
        }
        const agentsTalk = v.agents.reduce((sum, a) => sum + a.windows[name].talkSec, 0);
        expect(v.center.windows[name].outbound.talkSec).toBeLessThanOrEqual(agentsTalk + 1e-6);
        const centreTalk = v.teams.reduce((sum, t) => sum + t.windows[name].talkSec, 0);
        expect(centreTalk).toBeCloseTo(agentsTalk, 6);
      }
    });
  }
});
