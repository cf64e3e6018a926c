// The alert lifecycle on scripted timelines: hand-built views at chosen instants, expected changes worked out by hand.
import { describe, expect, it } from 'vitest';
import { parseRules, type AlertChange, type RuleInput } from '../../shared/alerts.ts';
import type { AgentView, FaultView, QueueView, TeamView } from '../../shared/snapshot.ts';
import { agentWindow, queueWindow, noNowcast } from '../helpers/snapshots.ts';
import type { View } from '../../server/engine/index.ts';
import { DEFAULT_RULES } from '../../server/alerts/defaults.ts';
import { acknowledge, activeAlerts, evaluate, type AlertBook } from '../../server/alerts/evaluate.ts';
import type { AlertExtra } from '../../server/alerts/metrics.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const at = (sec: number) => T0 + sec * 1000;

// ---- a tiny view factory: only the fields a test names differ from an idle floor ----

const counts = () => ({ loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 });

interface QueueSpec {
  id: string;
  name?: string;
  waiting?: number;
  oldestWaitingTs?: number | null;
  slTarget?: number;
  sl60?: number | null;
  available?: number;
}

function queue(s: QueueSpec): QueueView {
  const w = queueWindow();
  return {
    id: s.id,
    name: s.name ?? s.id,
    waiting: s.waiting ?? 0,
    longestWaitSec: null,
    oldestWaitingTs: s.oldestWaitingTs ?? null,
    slThresholdSec: 20,
    slTarget: s.slTarget ?? 0.8,
    agents: { ...counts(), available: s.available ?? 0 },
    callbacksPending: 0,
    windows: { today: w, '60m': queueWindow({ serviceLevel: s.sl60 ?? null }), '15m': w },
    staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    nowcast: noNowcast(),
  };
}

function agent(id: string, name: string, state: AgentView['state'], reason: string | null, sinceTs: number): AgentView {
  const w = agentWindow();
  return {
    id,
    name,
    teamId: null,
    state,
    reason,
    sinceTs,
    callId: null,
    queueId: null,
    queues: [],
    windows: { today: w, '60m': w, '15m': w },
  };
}

function team(id: string, occupancy15: number): TeamView {
  const w = agentWindow();
  return {
    id,
    name: id.toUpperCase(),
    agents: counts(),
    windows: { today: w, '60m': w, '15m': agentWindow({ occupancy: occupancy15 }) },
  };
}

interface ViewSpec {
  queues?: QueueSpec[];
  agents?: AgentView[];
  teams?: TeamView[];
  faults?: FaultView[];
  /** Agents logged in at the centre; default: the listed agents not offline. */
  loggedIn?: number;
}

function floor(now: number, s: ViewSpec = {}): View {
  const agents = s.agents ?? [];
  const loggedIn = s.loggedIn ?? agents.filter((a) => a.state !== 'offline').length;
  return {
    asOf: now,
    cursor: '0-0',
    timezone: 'UTC',
    intervals: [],
    center: {
      waiting: 0,
      longestWaitSec: null,
      oldestWaitingTs: null,
      agents: { ...counts(), loggedIn },
      windows: { today: queueWindow(), '60m': queueWindow(), '15m': queueWindow() },
      staffing: { trafficErlangs: 0, agentsStaffed: 0, requiredAgents: null, projectedServiceLevel: null },
    },
    queues: (s.queues ?? []).map(queue),
    agents,
    teams: s.teams ?? [],
    groups: [],
    faults: s.faults ?? [],
  };
}

const NO_EXTRA: AlertExtra = { lastEventTs: null };

/** Runs a timeline of (second, view spec) steps; returns the changes each step produced and the final book. */
function timeline(
  rules: RuleInput[],
  steps: [sec: number, spec: ViewSpec][],
  extra: (sec: number) => AlertExtra = () => NO_EXTRA,
) {
  const parsed = parseRules(rules);
  let book: AlertBook = {};
  const changes: { sec: number; kind: AlertChange['kind']; id: string }[] = [];
  const books: AlertBook[] = [];
  for (const [sec, spec] of steps) {
    const r = evaluate(parsed, book, floor(at(sec), spec), at(sec), extra(sec));
    for (const c of r.changes) changes.push({ sec, kind: c.kind, id: c.alert.id });
    book = r.book;
    books.push(book);
  }
  return { book, books, changes };
}

const waitingRule = (over: Partial<RuleInput> = {}): RuleInput => ({
  id: 'backlog',
  metric: 'waiting',
  scope: { kind: 'queue' },
  comparator: '>',
  threshold: 10,
  severity: 'warning',
  ...over,
});

const sales = (waiting: number): ViewSpec => ({ queues: [{ id: 'sales', name: 'Sales', waiting }] });

describe('sustain', () => {
  it('never fires when the condition holds for less than sustainSec', () => {
    // True at 0, 10, 20, 29 (29 s < 30 s), false at 30: pending all along, then dropped without a change.
    const r = timeline(
      [waitingRule({ sustainSec: 30 })],
      [
        [0, sales(11)],
        [10, sales(12)],
        [20, sales(11)],
        [29, sales(15)],
        [30, sales(10)],
      ],
    );
    expect(r.changes).toEqual([]);
    expect(r.books[3]!['backlog:sales']!.state).toBe('pending');
    expect(r.book).toEqual({});
  });

  it('fires on the first tick at which it has held for sustainSec, not before', () => {
    const r = timeline(
      [waitingRule({ sustainSec: 30 })],
      [
        [0, sales(11)],
        [10, sales(11)],
        [20, sales(11)],
        [29, sales(11)],
        [30, sales(11)],
        [40, sales(11)],
      ],
    );
    expect(r.changes).toEqual([{ sec: 30, kind: 'fired', id: 'backlog:sales' }]);
    const a = r.books[4]!['backlog:sales']!;
    expect(a).toMatchObject({
      state: 'firing',
      firstSeen: at(0),
      firedAt: at(30),
      since: at(30),
      value: 11,
      severity: 'warning',
    });
    expect(a.message).toBe('Sales: calls waiting 11 above 10 for 30 s');
  });

  it('restarts the sustain period when the condition lapses while pending', () => {
    // Pending from 0, lapses at 20, true again from 25: it fires at 55, 30 s after 25.
    const r = timeline(
      [waitingRule({ sustainSec: 30 })],
      [
        [0, sales(11)],
        [20, sales(3)],
        [25, sales(11)],
        [50, sales(11)],
        [54, sales(11)],
        [55, sales(11)],
      ],
    );
    expect(r.changes).toEqual([{ sec: 55, kind: 'fired', id: 'backlog:sales' }]);
    expect(r.book['backlog:sales']!.firstSeen).toBe(at(25));
  });

  it('with sustainSec 0 fires on the first tick the condition holds', () => {
    const r = timeline(
      [waitingRule()],
      [
        [0, sales(10)],
        [5, sales(11)],
      ],
    );
    expect(r.changes).toEqual([{ sec: 5, kind: 'fired', id: 'backlog:sales' }]);
    expect(r.book['backlog:sales']!.message).toBe('Sales: calls waiting 11 above 10');
  });
});

describe('hysteresis', () => {
  const values = [11, 9, 8, 10, 9, 8, 7, 9, 11];

  it('a value oscillating between clear and threshold does not flap', () => {
    // > 10 fires at 11; it stays firing while > 7 (9, 8, 10, 9, 8); 7 resolves; 9 does not re-fire; 11 does.
    const r = timeline(
      [waitingRule({ clear: 7 })],
      values.map((w, i) => [i * 5, sales(w)]),
    );
    expect(r.changes).toEqual([
      { sec: 0, kind: 'fired', id: 'backlog:sales' },
      { sec: 30, kind: 'resolved', id: 'backlog:sales' },
      { sec: 40, kind: 'fired', id: 'backlog:sales' },
    ]);
  });

  it('without clear the same values resolve and re-fire each time they cross the threshold', () => {
    const r = timeline(
      [waitingRule()],
      values.map((w, i) => [i * 5, sales(w)]),
    );
    expect(r.changes.map((c) => `${c.sec}:${c.kind}`)).toEqual(['0:fired', '5:resolved', '40:fired']);
  });

  it('a resolved alert reports the value it came back to', () => {
    const parsed = parseRules([waitingRule({ clear: 7 })]);
    const first = evaluate(parsed, {}, floor(at(0), sales(12)), at(0), NO_EXTRA);
    const second = evaluate(parsed, first.book, floor(at(90), sales(6)), at(90), NO_EXTRA);
    expect(second.changes).toHaveLength(1);
    expect(second.changes[0]!.alert).toMatchObject({ state: 'resolved', since: at(90), value: 6, firedAt: at(0) });
    expect(second.changes[0]!.alert.message).toBe('Sales: calls waiting back to 6');
    expect(second.book).toEqual({});
  });
});

describe('escalation', () => {
  // A caller has waited since 61 s before T0: longest wait 61 s at T0, growing 1 s per second.
  const waitingSince = (ts: number | null): ViewSpec => ({
    queues: [{ id: 'sales', name: 'Sales', waiting: ts === null ? 0 : 1, oldestWaitingTs: ts }],
  });
  const rule: RuleInput = {
    id: 'wait',
    metric: 'longestWaitSec',
    scope: { kind: 'queue' },
    comparator: '>',
    threshold: 60,
    severity: 'warning',
    escalateAfterMin: 5,
  };

  it('escalates once, escalateAfterMin after firing, one severity up', () => {
    const caller = waitingSince(at(-61));
    const r = timeline(
      [rule],
      [
        [0, caller],
        [299, caller],
        [300, caller],
        [310, caller],
      ],
    );
    expect(r.changes).toEqual([
      { sec: 0, kind: 'fired', id: 'wait:sales' },
      { sec: 300, kind: 'escalated', id: 'wait:sales' },
    ]);
    expect(r.books[1]!['wait:sales']).toMatchObject({ escalated: false, severity: 'warning' });
    expect(r.books[2]!['wait:sales']).toMatchObject({
      escalated: true,
      severity: 'critical',
      state: 'firing',
      since: at(0),
    });
    // 361 s of waiting at T0+300.
    expect(r.books[2]!['wait:sales']!.message).toBe('Sales: longest wait 6 min 1 s above 1 min for 5 min');
  });

  it('does not escalate an acknowledged alert', () => {
    const rules = parseRules([rule]);
    const caller = floor(at(0), waitingSince(at(-61)));
    let book = evaluate(rules, {}, caller, at(0), NO_EXTRA).book;
    const ack = acknowledge(book, 'wait:sales', 'lee', undefined, at(100));
    if (!ack.ok) throw new Error(ack.error);
    book = ack.book;
    const later = evaluate(rules, book, floor(at(600), waitingSince(at(-61))), at(600), NO_EXTRA);
    expect(later.changes).toEqual([]);
    expect(later.book['wait:sales']).toMatchObject({ state: 'acknowledged', escalated: false, severity: 'warning' });
  });

  it('resolves when the waiting call is answered (no value is no breach)', () => {
    const r = timeline(
      [rule],
      [
        [0, waitingSince(at(-61))],
        [20, waitingSince(null)],
      ],
    );
    expect(r.changes.map((c) => c.kind)).toEqual(['fired', 'resolved']);
  });
});

describe('acknowledge', () => {
  const rules = parseRules([waitingRule()]);
  const fired = () => evaluate(rules, {}, floor(at(0), sales(12)), at(0), NO_EXTRA).book;

  it('acknowledges a firing alert, which stays active until it resolves', () => {
    const r = acknowledge(fired(), 'backlog:sales', 'lee', 'calling in Team 2', at(45));
    if (!r.ok) throw new Error(r.error);
    expect(r.change.kind).toBe('acknowledged');
    expect(r.change.alert).toMatchObject({
      state: 'acknowledged',
      since: at(45),
      firedAt: at(0),
      acknowledged: { by: 'lee', at: at(45), comment: 'calling in Team 2' },
    });

    const still = evaluate(rules, r.book, floor(at(60), sales(14)), at(60), NO_EXTRA);
    expect(still.changes).toEqual([]);
    expect(activeAlerts(still.book).map((a) => [a.id, a.state, a.value])).toEqual([
      ['backlog:sales', 'acknowledged', 14],
    ]);

    const gone = evaluate(rules, still.book, floor(at(90), sales(2)), at(90), NO_EXTRA);
    expect(gone.changes.map((c) => [c.kind, c.alert.acknowledged?.by])).toEqual([['resolved', 'lee']]);

    // The condition coming back is a new alert, not yet acknowledged.
    const again = evaluate(rules, gone.book, floor(at(120), sales(11)), at(120), NO_EXTRA);
    expect(again.changes.map((c) => c.kind)).toEqual(['fired']);
    expect(again.book['backlog:sales']!.acknowledged).toBeUndefined();
  });

  it('refuses unknown, pending and already acknowledged alerts', () => {
    expect(acknowledge(fired(), 'backlog:support', 'lee', undefined, at(1))).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    const pending = evaluate(
      parseRules([waitingRule({ sustainSec: 60 })]),
      {},
      floor(at(0), sales(12)),
      at(0),
      NO_EXTRA,
    ).book;
    expect(acknowledge(pending, 'backlog:sales', 'lee', undefined, at(1))).toMatchObject({
      ok: false,
      code: 'not-firing',
    });
    const once = acknowledge(fired(), 'backlog:sales', 'lee', undefined, at(1));
    if (!once.ok) throw new Error(once.error);
    expect(once.change.alert.acknowledged).toEqual({ by: 'lee', at: at(1) });
    expect(acknowledge(once.book, 'backlog:sales', 'kim', undefined, at(2))).toMatchObject({
      ok: false,
      code: 'already-acknowledged',
    });
  });
});

describe('scope', () => {
  const three: ViewSpec = {
    queues: [
      { id: 'sales', waiting: 11 },
      { id: 'support', waiting: 4 },
      { id: 'billing', waiting: 20 },
    ],
  };

  it('one rule watches every entity of its kind, one alert each', () => {
    const r = timeline([waitingRule()], [[0, three]]);
    expect(r.changes.map((c) => c.id)).toEqual(['backlog:sales', 'backlog:billing']);
  });

  it('ids narrow the scope', () => {
    const r = timeline([waitingRule({ scope: { kind: 'queue', ids: ['billing', 'support'] } })], [[0, three]]);
    expect(r.changes.map((c) => c.id)).toEqual(['backlog:billing']);
  });

  it('entities fire and resolve independently; the most severe and oldest come first', () => {
    const rules: RuleInput[] = [waitingRule(), waitingRule({ id: 'flood', threshold: 15, severity: 'critical' })];
    const r = timeline(rules, [
      [
        0,
        {
          queues: [
            { id: 'sales', waiting: 11 },
            { id: 'billing', waiting: 4 },
          ],
        },
      ],
      [
        10,
        {
          queues: [
            { id: 'sales', waiting: 11 },
            { id: 'billing', waiting: 20 },
          ],
        },
      ],
      [
        20,
        {
          queues: [
            { id: 'sales', waiting: 5 },
            { id: 'billing', waiting: 20 },
          ],
        },
      ],
    ]);
    expect(r.changes).toEqual([
      { sec: 0, kind: 'fired', id: 'backlog:sales' },
      { sec: 10, kind: 'fired', id: 'backlog:billing' },
      { sec: 10, kind: 'fired', id: 'flood:billing' },
      { sec: 20, kind: 'resolved', id: 'backlog:sales' },
    ]);
    expect(activeAlerts(r.books[1]!).map((a) => a.id)).toEqual(['flood:billing', 'backlog:sales', 'backlog:billing']);
  });

  it('team occupancy reads the team window the rule names', () => {
    const r = timeline(
      [
        {
          id: 'busy',
          metric: 'occupancy',
          scope: { kind: 'team' },
          window: '15m',
          comparator: '>=',
          threshold: 0.95,
          severity: 'info',
        },
      ],
      [[0, { teams: [team('t1', 0.97), team('t2', 0.94)] }]],
    );
    expect(r.changes.map((c) => c.id)).toEqual(['busy:t1']);
    expect(r.book['busy:t1']!.message).toBe('T1: 15-min occupancy 97% at or above 95%');
  });

  it('alerts of a removed rule resolve as withdrawn; its pending ones just drop', () => {
    const rules = parseRules([waitingRule(), waitingRule({ id: 'slow', sustainSec: 600 })]);
    const first = evaluate(rules, {}, floor(at(0), sales(12)), at(0), NO_EXTRA);
    expect(Object.keys(first.book)).toEqual(['backlog:sales', 'slow:sales']);
    const after = evaluate([], first.book, floor(at(5), sales(12)), at(5), NO_EXTRA);
    expect(after.book).toEqual({});
    expect(after.changes.map((c) => [c.kind, c.alert.id, c.alert.message])).toEqual([
      ['resolved', 'backlog:sales', 'Sales: alert withdrawn, its rule "backlog" no longer applies'],
    ]);
  });
});

describe('service level against each queue target', () => {
  const rule: RuleInput = {
    id: 'sl',
    metric: 'serviceLevelVsTarget',
    scope: { kind: 'queue' },
    window: '60m',
    comparator: '<',
    threshold: 0,
    clear: 0.02,
    severity: 'warning',
  };
  const queues = (salesSl: number | null): ViewSpec => ({
    queues: [
      { id: 'sales', name: 'Sales', slTarget: 0.8, sl60: salesSl },
      { id: 'billing', name: 'Billing', slTarget: 0.9, sl60: 0.85 },
      { id: 'support', name: 'Support', slTarget: 0.8, sl60: 0.81 },
    ],
  });

  it('fires for queues below their own target, with the gap in points', () => {
    const r = timeline([rule], [[0, queues(0.62)]]);
    expect(r.changes.map((c) => c.id)).toEqual(['sl:sales', 'sl:billing']);
    expect(r.book['sl:sales']!.message).toBe('Sales: 60-min service level 62%, 18 pts below target 80%');
    expect(r.book['sl:sales']!.value).toBeCloseTo(-0.18, 12);
    expect(r.book['sl:billing']!.message).toBe('Billing: 60-min service level 85%, 5 pts below target 90%');
    expect(r.book['sl:sales']!.messageParams).toMatchObject({
      template: 'serviceLevelVsTarget',
      serviceLevel: 0.62,
      target: 0.8,
    });
  });

  it('resolves only 2 points above target, and not when the window has no calls to measure', () => {
    // 0.81 is above target but within the 2-point clear band: still firing. 0.83 clears it.
    const r = timeline(
      [rule],
      [
        [0, queues(0.62)],
        [60, queues(0.81)],
        [120, queues(0.83)],
        [180, queues(null)],
      ],
    );
    expect(r.changes.filter((c) => c.id === 'sl:sales').map((c) => `${c.sec}:${c.kind}`)).toEqual([
      '0:fired',
      '120:resolved',
    ]);
  });

  it('a queue with no calls in the window has no service level and no alert', () => {
    expect(timeline([rule], [[0, queues(null)]]).changes.map((c) => c.id)).toEqual(['sl:billing']);
  });
});

describe('agent time in state', () => {
  const breakRule: RuleInput = {
    id: 'break',
    metric: 'timeInStateSec',
    scope: { kind: 'agent' },
    agentStates: ['aux'],
    reasons: ['break'],
    comparator: '>',
    threshold: 900,
    severity: 'info',
  };

  it('watches only the named state and reasons', () => {
    const agents = [
      agent('a1', 'Ann', 'aux', 'break', at(-901)),
      agent('a2', 'Bo', 'aux', 'lunch', at(-2000)),
      agent('a3', 'Cy', 'aux', 'break', at(-100)),
      agent('a4', 'Di', 'available', null, at(-5000)),
      agent('a5', 'Ed', 'aux', null, at(-5000)),
    ];
    const r = timeline([breakRule], [[0, { agents }]]);
    expect(r.changes.map((c) => c.id)).toEqual(['break:a1']);
    expect(r.book['break:a1']!).toMatchObject({ value: 901, scopeKind: 'agent', entityName: 'Ann' });
    expect(r.book['break:a1']!.message).toBe('Ann: on break for 15 min 1 s (limit 15 min)');
  });

  it('fires as the agent crosses the limit, and resolves when the agent changes state', () => {
    const onBreak = { agents: [agent('a1', 'Ann', 'aux', 'break', at(0))] };
    const back = { agents: [agent('a1', 'Ann', 'available', null, at(1000))] };
    const r = timeline(
      [breakRule],
      [
        [890, onBreak],
        [900, onBreak],
        [905, onBreak],
        [1000, back],
      ],
    );
    expect(r.changes.map((c) => `${c.sec}:${c.kind}`)).toEqual(['905:fired', '1000:resolved']);
    expect(r.books[0]).toEqual({});
  });

  it('says what the agent does now when it resolves', () => {
    const rules = parseRules([breakRule]);
    const first = evaluate(
      rules,
      {},
      floor(at(0), { agents: [agent('a1', 'Ann', 'aux', 'break', at(-1000))] }),
      at(0),
      NO_EXTRA,
    );
    const r = evaluate(
      rules,
      first.book,
      floor(at(30), { agents: [agent('a1', 'Ann', 'available', null, at(20))] }),
      at(30),
      NO_EXTRA,
    );
    expect(r.changes[0]!.alert).toMatchObject({ state: 'resolved', value: null, message: 'Ann: now available' });
  });

  it('wrap-up over 5 min, any reason', () => {
    const r = timeline(
      [
        {
          id: 'acw',
          metric: 'timeInStateSec',
          scope: { kind: 'agent' },
          agentStates: ['acw'],
          comparator: '>',
          threshold: 300,
          severity: 'info',
        },
      ],
      [
        [
          0,
          {
            agents: [
              agent('a1', 'Ann', 'acw', null, at(-301)),
              agent('a2', 'Bo', 'acw', null, at(-299)),
              agent('a3', 'Cy', 'aux', 'break', at(-999)),
            ],
          },
        ],
      ],
    );
    expect(r.changes.map((c) => c.id)).toEqual(['acw:a1']);
    expect(r.book['acw:a1']!.message).toBe('Ann: in wrap-up for 5 min 1 s (limit 5 min)');
  });

  it('without a state filter, an offline agent is never in a watched state', () => {
    const r = timeline(
      [
        {
          id: 'stuck',
          metric: 'timeInStateSec',
          scope: { kind: 'agent' },
          comparator: '>',
          threshold: 3600,
          severity: 'info',
        },
      ],
      [
        [
          0,
          { agents: [agent('a1', 'Ann', 'offline', null, at(-99_999)), agent('a2', 'Bo', 'talking', null, at(-3601))] },
        ],
      ],
    );
    expect(r.changes.map((c) => c.id)).toEqual(['stuck:a2']);
    expect(r.book['stuck:a2']!.message).toBe('Bo: on a call for 1 h (limit 1 h)');
  });
});

describe('faults', () => {
  const rule: RuleInput = {
    id: 'fault',
    metric: 'openFaults',
    scope: { kind: 'center' },
    faultSeverities: ['major', 'critical'],
    comparator: '>=',
    threshold: 1,
    severity: 'critical',
  };
  const minor: FaultView = { id: 'f1', component: 'wallboard', severity: 'minor', message: null, sinceTs: at(-50) };
  const major: FaultView = { id: 'f2', component: 'pbx', severity: 'major', message: 'trunk 3 down', sinceTs: at(-10) };

  it('counts open faults of the named severities', () => {
    const r = timeline(
      [rule],
      [
        [0, { faults: [minor] }],
        [10, { faults: [minor, major] }],
        [20, { faults: [minor] }],
      ],
    );
    expect(r.changes.map((c) => `${c.sec}:${c.kind}:${c.id}`)).toEqual([
      '10:fired:fault:center',
      '20:resolved:fault:center',
    ]);
    expect(r.books[1]!['fault:center']).toMatchObject({ value: 1, scopeKind: 'center', entityName: 'Call center' });
    expect(r.books[1]!['fault:center']!.message).toBe('Call center: 1 open major/critical fault (pbx: trunk 3 down)');
  });
});

describe('feed silence', () => {
  const rule: RuleInput = {
    id: 'silent',
    metric: 'feedSilentSec',
    scope: { kind: 'center' },
    comparator: '>',
    threshold: 60,
    severity: 'critical',
  };
  const staffed: ViewSpec = { loggedIn: 12 };

  it('fires after 60 s without events while agents are logged in, resolves when one arrives', () => {
    const lastEvent = (sec: number) => ({ lastEventTs: sec < 65 ? at(0) : at(65) });
    const r = timeline(
      [rule],
      [
        [60, staffed],
        [61, staffed],
        [64, staffed],
        [65, staffed],
      ],
      lastEvent,
    );
    expect(r.changes.map((c) => `${c.sec}:${c.kind}`)).toEqual(['61:fired', '65:resolved']);
    expect(r.books[1]!['silent:center']!.message).toBe(
      'Call center: no events for 1 min 1 s while 12 agents are logged in',
    );
  });

  it('stays quiet when nobody is logged in', () => {
    const r = timeline([rule], [[300, { loggedIn: 0 }]], () => ({ lastEventTs: at(0) }));
    expect(r.changes).toEqual([]);
  });
});

describe('default rules', () => {
  it('an unhappy floor fires the expected defaults, and only those', () => {
    const now = at(0);
    const view = floor(now, {
      queues: [
        { id: 'sales', name: 'Sales', waiting: 12, oldestWaitingTs: at(-75), sl60: 0.7, slTarget: 0.8 },
        { id: 'support', name: 'Support', waiting: 2, oldestWaitingTs: at(-10), sl60: 0.95, slTarget: 0.8 },
      ],
      agents: [agent('a1', 'Ann', 'aux', 'lunch', at(-3700)), agent('a2', 'Bo', 'acw', null, at(-30))],
      faults: [{ id: 'f', component: 'crm', severity: 'critical', message: null, sinceTs: at(-5) }],
    });
    // Sustained rules (SL 120 s, backlog 30 s) are pending at the first tick and fire at the next, 120 s later,
    // when Support's caller (waiting since −10 s) has waited 130 s too.
    const first = evaluate(DEFAULT_RULES, {}, view, now, { lastEventTs: at(-90) });
    expect(first.changes.map((c) => c.alert.id).sort()).toEqual([
      'feed-silent:center',
      'long-lunch:a1',
      'longest-wait:sales',
      'system-fault:center',
    ]);
    expect(
      Object.values(first.book)
        .filter((a) => a.state === 'pending')
        .map((a) => a.id)
        .sort(),
    ).toEqual(['queue-backlog:sales', 'sl-below-target:sales']);
    const later = evaluate(DEFAULT_RULES, first.book, { ...view, asOf: at(120) }, at(120), { lastEventTs: at(-90) });
    expect(later.changes.map((c) => `${c.kind}:${c.alert.id}`).sort()).toEqual([
      'fired:longest-wait:support',
      'fired:queue-backlog:sales',
      'fired:sl-below-target:sales',
    ]);
  });
});
