// The engine against scenarios whose numbers were worked out by hand (in the comments beside each case).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { requiredAgents, serviceLevel } from '../../shared/erlang.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { agentTimeline, explain, queueDetail } from '../../server/engine/queries.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8), on a minute boundary.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;

function run(events: FloorEvent[], config: unknown = {}) {
  const state = createState(parseConfig({ timezone: 'Asia/Shanghai', ...(config as object) }));
  for (const e of events) fold(state, e);
  return state;
}

const q = (v: ReturnType<typeof view>, id: string) => v.queues.find((x) => x.id === id)!;
const ag = (v: ReturnType<typeof view>, id: string) => v.agents.find((x) => x.id === id)!;

/**
 * Queue sales, T = 20 s, S = 5 s. Seven calls offered at T0 (c7 at +1 s):
 *   c1 answered after 10 s, c2 after exactly 20 s (within T), c3 after 30 s;
 *   c4 abandoned after exactly 5 s (short, and within T), c5 abandoned after 15 s (within T),
 *   c6 ends while still waiting after 40 s (counts as abandoned), c7 still waiting.
 * answered 3, answeredWithinSl 2, abandoned 2, abandonedShort 1, abandonedWithinSl 2 (c4, c5).
 */
function slScenario() {
  const ev = eventFactory(T0);
  const events = [
    ...['a1', 'a2', 'a3'].map((a) => ev('agent.login', -60, { agentId: a, queues: ['sales'] })),
    ...['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((c) => ev('call.offered', 0, { callId: c, queueId: 'sales' })),
    ev('call.offered', 1, { callId: 'c7', queueId: 'sales' }),
    ev('call.abandoned', 5, { callId: 'c4' }),
    ev('call.answered', 10, { callId: 'c1', agentId: 'a1' }),
    ev('call.abandoned', 15, { callId: 'c5' }),
    ev('call.answered', 20, { callId: 'c2', agentId: 'a2' }),
    ev('call.answered', 30, { callId: 'c3', agentId: 'a3' }),
    ev('call.ended', 40, { callId: 'c6' }),
  ];
  return events;
}

describe('service level and waits', () => {
  const formulas = {
    'answered+abandoned': 2 / 5,
    answered: 2 / 3,
    offered: 2 / 6,
    positive: 4 / 6,
    ignoreEarlyAbandons: 2 / 4,
  } as const;

  for (const [formula, expected] of Object.entries(formulas)) {
    it(`formula ${formula}`, () => {
      const state = run(slScenario(), {
        queues: [{ id: 'sales', slThresholdSec: 20, shortAbandonSec: 5, serviceLevelFormula: formula }],
      });
      expect(q(view(state, at(60)), 'sales').windows.today.serviceLevel).toBeCloseTo(expected, 12);
    });
  }

  it('counts, boundaries, ASA, abandon rate, longest waits', () => {
    const v = view(run(slScenario()), at(60));
    const w = q(v, 'sales').windows;
    for (const win of [w.today, w['60m'], w['15m']]) {
      expect(win).toMatchObject({ offered: 7, answered: 3, answeredWithinSl: 2, abandoned: 2, abandonedShort: 1 });
      expect(win.asaSec).toBeCloseTo(20, 12); // (10 + 20 + 30) / 3
      expect(win.abandonRate).toBeCloseTo(0.4, 12); // 2 / (3 + 2)
      expect(win.maxWaitSec).toBe(40);
    }
    expect(q(v, 'sales').waiting).toBe(1);
    expect(q(v, 'sales').longestWaitSec).toBe(59); // c7 offered at +1 s, now +60 s
    expect(q(v, 'sales').oldestWaitingTs).toBe(at(1));
    expect(v.center.waiting).toBe(1);
    expect(v.center.windows.today.serviceLevel).toBeCloseTo(0.4, 12);
  });

  it('a queue with no answered or abandoned calls has null rates, not zeros', () => {
    const ev = eventFactory(T0);
    const v = view(run([ev('call.offered', 0, { callId: 'x', queueId: 'q' })]), at(10));
    const w = q(v, 'q').windows.today;
    expect(w).toMatchObject({
      offered: 1,
      serviceLevel: null,
      asaSec: null,
      abandonRate: null,
      maxWaitSec: null,
      ahtSec: null,
    });
    expect(q(v, 'q').longestWaitSec).toBe(10);
  });

  it('unknown queues get the default T = 20 and S = 5', () => {
    const ev = eventFactory(T0);
    const state = run([
      ev('agent.login', 0, { agentId: 'a' }),
      ev('call.offered', 0, { callId: 'x', queueId: 'new' }),
      ev('call.answered', 20, { callId: 'x', agentId: 'a' }),
      ev('call.offered', 0, { callId: 'y', queueId: 'new' }),
      ev('call.answered', 21, { callId: 'y', agentId: 'b' }),
      ev('call.offered', 30, { callId: 'z', queueId: 'new' }),
      ev('call.abandoned', 35, { callId: 'z' }),
    ]);
    const w = q(view(state, at(40)), 'new').windows.today;
    expect(w).toMatchObject({ answered: 2, answeredWithinSl: 1, abandoned: 0, abandonedShort: 1 });
  });
});

describe('handle time, hold, wrap-up, occupancy', () => {
  /**
   * a1 (team t1, queue sales) logs in at T0. c1 offered at 0, answered at 10, held 70→100, ended 130, wrap-up ends 160.
   * a1 asks for a break at 120, during the call: it takes effect when wrap-up ends (160). Now = 220.
   * Leg: talk = (130 − 10) − 30 hold = 90; hold 30; acw 30; AHT 150.
   * Time: available 10, talking 90, hold 30, acw 30, aux 60 → busy 150; occupancy 150/160; utilization 150/220.
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'], name: 'Alice' }),
    ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 10, { callId: 'c1', agentId: 'a1' }),
    ev('call.held', 70, { callId: 'c1' }),
    ev('call.retrieved', 100, { callId: 'c1' }),
    ev('agent.state', 120, { agentId: 'a1', state: 'aux', reason: 'break' }),
    ev('call.ended', 130, { callId: 'c1' }),
    ev('call.wrapup', 160, { callId: 'c1', agentId: 'a1' }),
  ];

  it('during the call the aux request waits; after wrap-up it applies', () => {
    const state = run(events.slice(0, 6));
    expect(ag(view(state, at(125)), 'a1')).toMatchObject({
      state: 'talking',
      reason: null,
      sinceTs: at(100),
      callId: 'c1',
    });
    const mid = run(events.slice(0, 7));
    expect(ag(view(mid, at(140)), 'a1')).toMatchObject({
      state: 'acw',
      sinceTs: at(130),
      callId: 'c1',
      queueId: 'sales',
    });
    const after = view(run(events), at(220));
    expect(ag(after, 'a1')).toMatchObject({ state: 'aux', reason: 'break', sinceTs: at(160), callId: null });
  });

  it('queue AHT and its parts', () => {
    const w = q(view(run(events), at(220)), 'sales').windows['15m'];
    expect(w.ahtSec).toBeCloseTo(150, 9);
    expect(w.avgTalkSec).toBeCloseTo(90, 9);
    expect(w.avgHoldSec).toBeCloseTo(30, 9);
    expect(w.avgAcwSec).toBeCloseTo(30, 9);
    expect(w.occupancy).toBeCloseTo(150 / 160, 12);
    expect(w.utilization).toBeCloseTo(150 / 220, 12);
  });

  it('agent and team windows', () => {
    const v = view(run(events), at(220));
    for (const w of [ag(v, 'a1').windows.today, v.teams.find((t) => t.id === 't1')!.windows['60m']]) {
      expect(w.handled).toBe(1);
      expect(w.talkSec).toBeCloseTo(90, 9);
      expect(w.ahtSec).toBeCloseTo(150, 9);
      expect(w.occupancy).toBeCloseTo(150 / 160, 12);
      expect(w.utilization).toBeCloseTo(150 / 220, 12);
    }
    expect(v.center.agents).toEqual({ loggedIn: 1, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 1 });
    expect(v.teams.find((t) => t.id === 't1')!.agents).toEqual(v.center.agents);
  });

  it('a call not yet wrapped up is not handled', () => {
    const w = q(view(run(events.slice(0, 7)), at(140)), 'sales').windows.today;
    expect(w.ahtSec).toBeNull();
    expect(ag(view(run(events.slice(0, 7)), at(140)), 'a1').windows.today.handled).toBe(0);
  });

  it('occupancy counts the state the agent is in right now, up to now', () => {
    // At 40 s: available 0→10, talking 10→40 (open): busy 30 of 40.
    const w = ag(view(run(events.slice(0, 3)), at(40)), 'a1').windows.today;
    expect(w.occupancy).toBeCloseTo(30 / 40, 12);
    expect(w.talkSec).toBeCloseTo(30, 9);
  });
});

describe('window edges', () => {
  /**
   * Now = T0 + 70 min 30 s: 60m is [10:30, 70:30], 15m is [55:30, 70:30], both exactly.
   * Offers at 10:00 (today only), 11:00 (60m only), 55:59 and 56:00 (both), 65:00 (answered), 70:10 (all).
   * a1 logs in at T0, answers a call at 65:00 and is still talking:
   *   today: available 65 min, busy 5.5 min; 60m: available 54.5, busy 5.5; 15m: available 9.5, busy 5.5.
   */
  const ev = eventFactory(T0);
  const now = at(70 * 60 + 30);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
    ...[600, 660, 3359, 3360, 4210].map((t, i) => ev('call.offered', t, { callId: `w${i}`, queueId: 'sales' })),
    ev('call.offered', 3900, { callId: 'talk', queueId: 'sales' }),
    ev('call.answered', 3900, { callId: 'talk', agentId: 'a1' }),
  ];
  it('counts by window', () => {
    const w = q(view(run(events), now), 'sales').windows;
    expect([w.today.offered, w['60m'].offered, w['15m'].offered]).toEqual([6, 5, 4]);
  });
  it('clips state time to each window', () => {
    const w = ag(view(run(events), now), 'a1').windows;
    expect(w.today.occupancy).toBeCloseTo(5.5 / 70.5, 12);
    expect(w['60m'].occupancy).toBeCloseTo(5.5 / 60, 12);
    expect(w['15m'].occupancy).toBeCloseTo(5.5 / 15, 12);
    expect(w['15m'].talkSec).toBeCloseTo(330, 9);
  });
  it('old minutes leave the rolling windows as time passes', () => {
    const later = view(run(events), at(200 * 60));
    expect(q(later, 'sales').windows['60m'].offered).toBe(0);
    expect(q(later, 'sales').windows.today.offered).toBe(6);
  });
});

describe('local midnight in Asia/Shanghai (UTC+8)', () => {
  // Local midnight of 29 Nov is 16:00 UTC on 28 Nov.
  const midnight = Date.UTC(2026, 10, 28, 16, 0, 0);
  const ev = eventFactory(midnight);
  const events = [
    ev('agent.login', -600, { agentId: 'a1', queues: ['sales'] }), // 23:50 local
    ev('call.offered', -60, { callId: 'c1', queueId: 'sales' }), // 23:59:00
    ev('call.answered', 10, { callId: 'c1', agentId: 'a1' }), // 00:00:10, wait 70 s
  ];
  it('before midnight, today holds the offer', () => {
    const v = view(run(events.slice(0, 2)), midnight - 30_000);
    expect(q(v, 'sales').windows.today.offered).toBe(1);
  });
  it('after midnight, today starts afresh while the rolling windows carry on', () => {
    const v = view(run(events), midnight + 60_000);
    const w = q(v, 'sales').windows;
    expect(w.today).toMatchObject({ offered: 0, answered: 1, answeredWithinSl: 0 });
    expect(w['60m']).toMatchObject({ offered: 1, answered: 1 });
    // The agent's day: available 00:00:00→00:00:10, talking 00:00:10→00:01:00.
    const a = ag(v, 'a1').windows.today;
    expect(a.occupancy).toBeCloseTo(50 / 60, 12);
    expect(a.talkSec).toBeCloseTo(50, 9);
    // The 60m window still sees the 10 minutes before midnight: available 600 + 10, talking 50.
    expect(ag(v, 'a1').windows['60m'].occupancy).toBeCloseTo(50 / 660, 12);
  });
  it('the next day holds nothing of the previous one', () => {
    const v = view(run(events), midnight + 86_400_000 + 60_000);
    expect(q(v, 'sales').windows.today.answered).toBe(0);
    // The agent has been talking since 00:00:10 yesterday: today it is 100 % busy.
    expect(ag(v, 'a1').windows.today.occupancy).toBe(1);
  });
});

describe('transfers', () => {
  /**
   * c1 offered to sales at 0, a1 answers at 5, transfers to support at 65 (a1: talk 60, enters wrap-up),
   * a1 wraps up at 80 (acw 15 → AHT 75). support: offered at 65, a2 answers at 75 (wait 10), ends 135 (talk 60),
   * wraps up at 145 (acw 10 → AHT 70).
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', queues: ['support'] }),
    ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 5, { callId: 'c1', agentId: 'a1' }),
    ev('call.transferred', 65, { callId: 'c1', toQueueId: 'support' }),
  ];
  const rest = [
    ev('call.answered', 75, { callId: 'c1', agentId: 'a2' }),
    ev('call.wrapup', 80, { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', 135, { callId: 'c1' }),
    ev('call.wrapup', 145, { callId: 'c1', agentId: 'a2' }),
  ];
  it('the call waits anew in the target queue while the first agent wraps up', () => {
    const v = view(run(events), at(70));
    expect(q(v, 'support')).toMatchObject({ waiting: 1, longestWaitSec: 5 });
    expect(q(v, 'support').windows.today.offered).toBe(1);
    expect(ag(v, 'a1')).toMatchObject({ state: 'acw', callId: 'c1' });
  });
  it('each leg counts for the queue it was answered from', () => {
    const v = view(run([...events, ...rest]), at(200));
    expect(q(v, 'sales').windows.today).toMatchObject({ offered: 1, answered: 1 });
    expect(q(v, 'sales').windows.today.ahtSec).toBeCloseTo(75, 9);
    expect(q(v, 'support').windows.today).toMatchObject({ offered: 1, answered: 1, asaSec: 10 });
    expect(q(v, 'support').windows.today.ahtSec).toBeCloseTo(70, 9);
    expect(v.center.windows.today).toMatchObject({ offered: 2, answered: 2 });
    expect(v.center.windows.today.ahtSec).toBeCloseTo(72.5, 9);
    expect(ag(v, 'a1').windows.today.handled).toBe(1);
    expect(ag(v, 'a2').windows.today.handled).toBe(1);
  });
});

describe('outbound', () => {
  /**
   * Campaign agent a9 logs in at 0. Dials o1 at 0, no answer at 20 (back to available). Dials o2 at 30,
   * connected at 45, ended at 165 (talk 120), wrap-up ends 185. Dials o3 at 200; now = 215 (dialing 15 s so far).
   * dialed 3, connected 1, failed 1, connect rate 1/3, talk 120 s.
   * Time: dialing 20 + 15 + 15 = 50, talking 120, acw 20, available 10 + 15 = 25 → logged in 215 s.
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a9', teamId: 'out', queues: ['campaign'] }),
    ev('call.dialed', 0, { callId: 'o1', agentId: 'a9', queueId: 'campaign', direction: 'outbound' }),
    ev('call.failed', 20, { callId: 'o1', reason: 'no-answer' }),
    ev('call.dialed', 30, { callId: 'o2', agentId: 'a9', queueId: 'campaign', direction: 'outbound' }),
    ev('call.answered', 45, { callId: 'o2', agentId: 'a9' }),
    ev('call.ended', 165, { callId: 'o2' }),
    ev('call.wrapup', 185, { callId: 'o2', agentId: 'a9' }),
    ev('call.dialed', 200, { callId: 'o3', agentId: 'a9', queueId: 'campaign', direction: 'outbound' }),
  ];
  it('campaign numbers', () => {
    const v = view(run(events), at(215));
    const o = q(v, 'campaign').windows.today.outbound;
    expect(o).toMatchObject({ dialed: 3, connected: 1, failed: 1, talkSec: 120 });
    expect(o.connectRate).toBeCloseTo(1 / 3, 12);
    expect(o.callsPerAgentHour).toBeCloseTo(3 / (215 / 3600), 9);
    expect(v.center.windows.today.outbound).toMatchObject({ dialed: 3, connected: 1, failed: 1, talkSec: 120 });
  });
  it('agent numbers and state', () => {
    const a = ag(view(run(events), at(215)), 'a9');
    expect(a.state).toBe('dialing');
    expect(a.windows.today.outbound).toMatchObject({ dialed: 3, connected: 1 });
    expect(a.windows.today.occupancy).toBeCloseTo(190 / 215, 12);
    expect(a.windows.today.handled).toBe(1);
    expect(a.windows.today.ahtSec).toBeCloseTo(140, 9);
  });
  it('a failed dial returns the agent to the state it dialed from', () => {
    const e2 = eventFactory(T0);
    const state = run([
      e2('agent.login', 0, { agentId: 'a9', state: 'aux', reason: 'training' }),
      e2('call.dialed', 10, { callId: 'o1', agentId: 'a9', direction: 'outbound' }),
      e2('call.failed', 30, { callId: 'o1', reason: 'busy' }),
    ]);
    expect(ag(view(state, at(40)), 'a9')).toMatchObject({ state: 'aux', reason: 'training', sinceTs: at(30) });
  });
});

describe('scores, faults, callbacks', () => {
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 1, { callId: 'c1', agentId: 'a1' }),
    ev('call.ended', 61, { callId: 'c1' }),
    ev('call.wrapup', 71, { callId: 'c1', agentId: 'a1' }),
    ev('survey.completed', 100, { callId: 'c1', score: 4 }), // finds a1 and sales through the call
    ev('survey.completed', 110, { agentId: 'a1', score: 5 }),
    ev('survey.completed', 120, { queueId: 'sales', score: 2 }),
    ev('qa.scored', 130, { agentId: 'a1', callId: 'c1', score: 90 }),
    ev('qa.scored', 140, { agentId: 'a1', score: 70 }),
    ev('system.fault', 150, { faultId: 'f1', component: 'ivr', severity: 'major', message: 'IVR down' }),
    ev('system.fault', 151, { faultId: 'f2', component: 'acd', severity: 'minor' }),
    ev('system.fault', 170, { faultId: 'f2', component: 'acd', severity: 'minor', resolved: true }),
    ev('callback.requested', 180, { callbackId: 'cb1', queueId: 'sales' }),
    ev('callback.requested', 181, { callbackId: 'cb2', queueId: 'sales', dueTs: at(3600) }),
    ev('callback.completed', 190, { callbackId: 'cb1', queueId: 'sales' }),
  ];
  it('CSAT and QA means per agent, queue and centre', () => {
    const v = view(run(events), at(200));
    expect(ag(v, 'a1').windows.today.csat).toBeCloseTo(4.5, 12); // (4 + 5) / 2
    expect(q(v, 'sales').windows.today.csat).toBeCloseTo(3, 12); // (4 + 2) / 2
    expect(v.center.windows.today.csat).toBeCloseTo(11 / 3, 12); // (4 + 5 + 2) / 3
    expect(ag(v, 'a1').windows.today.qa).toBeCloseTo(80, 12);
    expect(q(v, 'sales').windows.today.qa).toBeCloseTo(90, 12); // only the scored call carries a queue
    expect(v.teams[0]!.windows.today.qa).toBeCloseTo(80, 12);
  });
  it('open faults and pending callbacks', () => {
    const v = view(run(events), at(200));
    expect(v.faults).toEqual([
      { id: 'f1', component: 'ivr', severity: 'major', message: 'IVR down', sinceTs: at(150) },
    ]);
    expect(q(v, 'sales').callbacksPending).toBe(1);
  });
});

describe('repeats and contradictions', () => {
  it('a repeated event id is folded once', () => {
    const ev = eventFactory(T0);
    const offer = ev('call.offered', 0, { callId: 'c1', queueId: 'sales' });
    const state = run([offer, offer, { ...offer }]);
    expect(state.stats).toMatchObject({ folded: 1, duplicates: 2 });
    expect(q(view(state, at(5)), 'sales').windows.today.offered).toBe(1);
  });

  it('contradictions are counted and leave the numbers sensible', () => {
    const ev = eventFactory(T0);
    const state = run([
      ev('call.answered', 0, { callId: 'ghost', agentId: 'a1' }), // answer for an unknown call
      ev('call.wrapup', 5, { callId: 'x', agentId: 'a2' }), // wrap-up for an agent not in wrap-up
      ev('call.abandoned', 6, { callId: 'nope' }),
      ev('agent.logout', 7, { agentId: 'nobody' }),
    ]);
    expect(state.stats.anomalies).toBeGreaterThanOrEqual(4);
    const v = view(state, at(10));
    expect(ag(v, 'a1')).toMatchObject({ state: 'talking', callId: 'ghost' });
    expect(v.center.windows.today).toMatchObject({ offered: 0, answered: 0, abandoned: 0 });
  });

  it('logout ends the agent’s time: logged-in time stops counting', () => {
    const ev = eventFactory(T0);
    const state = run([
      ev('agent.login', 0, { agentId: 'a1', queues: ['q'] }),
      ev('agent.state', 60, { agentId: 'a1', state: 'aux', reason: 'lunch' }),
      ev('agent.logout', 120, { agentId: 'a1' }),
    ]);
    const v = view(state, at(600));
    expect(ag(v, 'a1')).toMatchObject({ state: 'offline', sinceTs: at(120) });
    expect(ag(v, 'a1').windows.today.utilization).toBe(0); // 0 busy of 120 s logged in
    expect(v.center.agents.loggedIn).toBe(0);
  });
});

describe('staffing', () => {
  /**
   * Now = T0 + 14 min exactly: the 15m window starts at T0 − 1 min, 900 s long. 12 calls offered in it, none
   * handled in the last 60 min, so AHT is the queue's default 180 s: A = 12 × 180 / 900 = 2.4 Erlangs.
   * Three agents logged in to the queue, one of them on a break: 2 staffed.
   */
  it('traffic from the 15m window, staffed agents, Erlang C', () => {
    const ev = eventFactory(T0);
    const events = [
      ...['a1', 'a2', 'a3'].map((a) => ev('agent.login', 0, { agentId: a, queues: ['sales'] })),
      ev('agent.state', 1, { agentId: 'a3', state: 'aux', reason: 'break' }),
      ...Array.from({ length: 12 }, (_, i) => ev('call.offered', 60 * i, { callId: `c${i}`, queueId: 'sales' })),
    ];
    const s = q(view(run(events), at(14 * 60)), 'sales').staffing;
    const A = (12 * 180) / 900;
    expect(s.trafficErlangs).toBeCloseTo(A, 12);
    expect(s.agentsStaffed).toBe(2);
    const sales = q(view(run(events), at(14 * 60)), 'sales');
    expect(sales.agents).toEqual({ loggedIn: 3, available: 2, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 1 });
    expect(sales.waiting).toBe(12);
    expect(s.requiredAgents).toBe(requiredAgents({ trafficErlangs: A, ahtSec: 180, thresholdSec: 20, target: 0.8 }));
    expect(s.requiredAgents).toBe(5); // 4 agents give SL 0.760, 5 give 0.915 (factorial-sum Erlang C, computed apart)
    expect(s.projectedServiceLevel).toBe(serviceLevel(2, A, 180, 20)); // 2 < A: unstable, 0
    expect(s.projectedServiceLevel).toBe(0);
  });
});

describe('explain this number, intervals, timelines', () => {
  const formulas = ['answered+abandoned', 'answered', 'offered', 'positive', 'ignoreEarlyAbandons'] as const;

  for (const formula of formulas) {
    it(`the calls listed for SL (${formula}) add up to the figure on the wall`, () => {
      const state = run(slScenario(), { queues: [{ id: 'sales', serviceLevelFormula: formula }] });
      const now = at(60);
      const shown = q(view(state, now), 'sales').windows.today.serviceLevel;
      const e = explain(state, { scope: 'queue', id: 'sales', window: 'today', metric: 'serviceLevel' }, now)!;
      expect(e.value).toBeCloseTo(shown!, 12);
      expect(e.calls.filter((c) => c.counts === 'numerator').length).toBe(e.numerator);
      expect(e.calls.filter((c) => c.counts !== 'excluded').length).toBe(e.denominator);
      expect(e.calls.map((c) => c.callId).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    });
  }

  it('ASA and abandon rate list the calls behind them', () => {
    const state = run(slScenario());
    const now = at(60);
    const asa = explain(state, { scope: 'center', window: '15m', metric: 'asaSec' }, now)!;
    expect(asa).toMatchObject({ numerator: 60, denominator: 3, value: 20 }); // waits 10 + 20 + 30
    expect(asa.calls.map((c) => [c.callId, c.waitSec, c.withinSl])).toEqual([
      ['c1', 10, true],
      ['c2', 20, true],
      ['c3', 30, false],
    ]);
    const ab = explain(state, { scope: 'queue', id: 'sales', window: 'today', metric: 'abandonRate' }, now)!;
    expect(ab).toMatchObject({ numerator: 2, denominator: 5, value: 0.4 });
    expect(ab.calls.find((c) => c.callId === 'c4')).toMatchObject({
      counts: 'excluded',
      shortAbandon: true,
      waitSec: 5,
    });
  });

  it('AHT lists the handled legs', () => {
    const ev = eventFactory(T0);
    const state = run([
      ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
      ev('call.offered', 0, { callId: 'c1', queueId: 'sales' }),
      ev('call.answered', 10, { callId: 'c1', agentId: 'a1' }),
      ev('call.ended', 130, { callId: 'c1' }),
      ev('call.wrapup', 160, { callId: 'c1', agentId: 'a1' }),
    ]);
    const e = explain(state, { scope: 'queue', id: 'sales', window: '60m', metric: 'ahtSec' }, at(200))!;
    expect(e).toMatchObject({ numerator: 150, denominator: 1, value: 150 });
    expect(e.calls).toEqual([expect.objectContaining({ callId: 'c1', handleSec: 150, answeredTs: at(10) })]);
    expect(explain(state, { scope: 'queue', id: 'nope', window: '60m', metric: 'ahtSec' }, at(200))).toBeNull();
  });

  it('15-minute intervals from local midnight, with the peak of calls waiting', () => {
    // T0 is 10:00 local. Two calls wait at 10:05 and 10:06 (peak 2); one is answered at 10:16, in the next interval.
    const ev = eventFactory(T0);
    const state = run([
      ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
      ev('call.offered', 300, { callId: 'c1', queueId: 'sales' }),
      ev('call.offered', 360, { callId: 'c2', queueId: 'sales' }),
      ev('call.answered', 960, { callId: 'c1', agentId: 'a1' }),
    ]);
    const v = view(state, at(1000));
    const rows = v.intervals.find((s) => s.id === 'sales')!.rows;
    expect(rows.map((r) => r.start)).toEqual([T0, T0 + 900_000]);
    expect(rows[0]).toMatchObject({ offered: 2, answered: 0, peakWaiting: 2 });
    expect(rows[1]).toMatchObject({ offered: 0, answered: 1, answeredWithinSl: 0, peakWaiting: 1, serviceLevel: 0 });
    expect(v.intervals.find((s) => s.id === 'center')!.rows[0]).toMatchObject({ offered: 2, peakWaiting: 2 });
    expect(v.timezone).toBe('Asia/Shanghai');
  });

  it('queue detail lists callers in order and the agents serving it', () => {
    const ev = eventFactory(T0);
    const state = run([
      ev('agent.login', 0, { agentId: 'a1', queues: ['sales'] }),
      ev('agent.login', 0, { agentId: 'a2', queues: ['support'] }),
      ev('call.offered', 30, { callId: 'late', queueId: 'sales', callerId: '555-2' }),
      ev('call.offered', 10, { callId: 'early', queueId: 'sales', callerId: '555-1' }),
      ev('callback.requested', 40, { callbackId: 'cb', queueId: 'sales', dueTs: at(3600) }),
    ]);
    const d = queueDetail(state, 'sales', at(60))!;
    expect(d.waiting).toEqual([
      { callId: 'early', position: 1, sinceTs: at(10), callerId: '555-1' },
      { callId: 'late', position: 2, sinceTs: at(30), callerId: '555-2' },
    ]);
    expect(d.callbacks).toEqual([{ callbackId: 'cb', dueTs: at(3600) }]);
    expect(d.agents.map((a) => a.id)).toEqual(['a1']);
  });

  it("an agent's timeline for today starts at local midnight", () => {
    const midnight = Date.UTC(2026, 10, 28, 16, 0, 0); // Shanghai
    const ev = eventFactory(midnight);
    const state = run([
      ev('agent.login', -600, { agentId: 'a1' }),
      ev('agent.state', 60, { agentId: 'a1', state: 'aux', reason: 'break' }),
      ev('agent.state', 120, { agentId: 'a1', state: 'available' }),
    ]);
    expect(agentTimeline(state, 'a1', midnight + 180_000)!.timeline).toEqual([
      { state: 'available', reason: null, from: midnight, to: midnight + 60_000 },
      { state: 'aux', reason: 'break', from: midnight + 60_000, to: midnight + 120_000 },
      { state: 'available', reason: null, from: midnight + 120_000, to: null },
    ]);
  });
});
