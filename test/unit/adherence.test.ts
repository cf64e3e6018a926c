// Real-time adherence (issue 17), hand-computed: activity boundaries, the grace, exceptions across activity changes,
// a night shift over midnight, a fall-back day, and the team / centre / queue figures.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../shared/alerts.ts';
import { parseConfig } from '../../shared/config.ts';
import type { Activity, ScheduledActivity } from '../../shared/schedules.ts';
import { localInstant } from '../../shared/time.ts';
import type { AgentState } from '../../shared/vocabulary.ts';
import { MEASURES, targetsOf } from '../../server/alerts/metrics.ts';
import { addAdherence, agentAdherence, floorAdherence } from '../../server/engine/adherence.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { append, newTimeline, type Timeline } from '../../server/engine/timeline.ts';
import { eventFactory } from '../helpers/events.ts';

const SH = 'Asia/Shanghai';
const config = parseConfig({ timezone: SH }).schedules;
const MIN = 60_000;

/** A Shanghai wall-clock time on 2026-12-04 ('HH:MM' or 'HH:MM:SS'); the 5th with `next`. */
function t(hm: string, date = '2026-12-04'): number {
  const [h, m, s = 0] = hm.split(':').map(Number);
  return localInstant(date, h! * 60 + m!, SH)! + s * 1000;
}

function act(activity: Activity, start: number, end: number, queues: string[] = []): ScheduledActivity {
  return { agentId: 'a1', date: '2026-12-04', start, end, activity, queues };
}

function timeline(...steps: [number, AgentState, string?][]): Timeline {
  const tl = newTimeline();
  for (const [from, state, reason] of steps) append(tl, state, reason ?? null, from);
  return tl;
}

/** The windows a view has at now, in Shanghai: local midnight, and 60 / 15 minutes back. */
const startsAt = (now: number, dayStart = t('00:00')) => ({
  today: dayStart,
  '60m': now - 60 * MIN,
  '15m': now - 15 * MIN,
});

const seconds = (r: ReturnType<typeof agentAdherence>) =>
  Object.fromEntries(Object.entries(r.adherence.windows).map(([w, x]) => [w, [x.scheduledSec, x.outSec]]));

describe('one agent', () => {
  // Work 09:00–10:00, break 10:00–10:15, work 10:15–12:00.
  const day = [
    act('work', t('09:00'), t('10:00'), ['sales']),
    act('break', t('10:00'), t('10:15')),
    act('work', t('10:15'), t('12:00')),
  ];

  it('back 5 min late from the break: 300 s out, counted in each window it falls in', () => {
    // Logs in 08:55 (not scheduled yet), aux break 10:00 on the dot, available 10:20. Now 10:30.
    const tl = timeline([t('08:55'), 'available'], [t('10:00'), 'aux', 'break'], [t('10:20'), 'available']);
    const now = t('10:30');
    const r = agentAdherence(day, tl, startsAt(now), now, config);
    // today: scheduled 09:00–10:30 = 5400 s; out 10:15–10:20 = 300 s → 1 − 300/5400 = 0.94444…
    // 60m [09:30, 10:30]: 3600 s, 300 out → 0.91666…; 15m [10:15, 10:30]: 900 s, 300 out → 0.66666…
    expect(seconds(r)).toEqual({ today: [5400, 300], '60m': [3600, 300], '15m': [900, 300] });
    expect(r.adherence.windows.today.adherence).toBeCloseTo(1 - 300 / 5400, 10);
    expect(r.adherence.windows['60m'].adherence).toBeCloseTo(1 - 300 / 3600, 10);
    expect(r.adherence.windows['15m'].adherence).toBeCloseTo(1 - 300 / 900, 10);
    expect(r.adherence).toMatchObject({
      activity: 'work',
      activityEnd: t('12:00'),
      inAdherence: true,
      outSinceTs: null,
    });
  });

  it('the grace: an exception of exactly 2 min does not count, one of 2 min 1 s counts whole', () => {
    const now = t('10:30');
    const back = (hm: string) =>
      agentAdherence(
        day,
        timeline([t('08:55'), 'available'], [t('10:00'), 'aux', 'break'], [t(hm), 'available']),
        startsAt(now),
        now,
        config,
      );
    expect(back('10:17').adherence.windows.today.outSec).toBe(0);
    expect(back('10:17:01').adherence.windows.today.outSec).toBe(121);
  });

  it('an exception in progress counts only once past the grace, from its start', () => {
    const tl = timeline([t('08:55'), 'available'], [t('10:00'), 'aux', 'break']);
    const early = agentAdherence(day, tl, startsAt(t('10:16:30')), t('10:16:30'), config);
    expect(early.adherence).toMatchObject({ inAdherence: false, outSinceTs: t('10:15'), counting: false });
    expect(early.adherence.windows.today.outSec).toBe(0);
    const later = agentAdherence(day, tl, startsAt(t('10:18')), t('10:18'), config);
    // 10:15–10:18 = 180 s > 120 s: all of it counts. Scheduled 09:00–10:18 = 4680 s.
    expect(later.adherence).toMatchObject({ inAdherence: false, outSinceTs: t('10:15'), counting: true });
    expect(seconds(later).today).toEqual([4680, 180]);
  });

  it('at an activity boundary the activity changes on the instant', () => {
    const tl = timeline([t('08:55'), 'available']);
    const r = agentAdherence(day, tl, startsAt(t('10:00')), t('10:00'), config);
    // At 10:00 the break has begun and the agent is still available: out since 10:00, within the grace.
    expect(r.adherence).toMatchObject({
      activity: 'break',
      activityEnd: t('10:15'),
      inAdherence: false,
      outSinceTs: t('10:00'),
    });
    expect(seconds(r).today).toEqual([3600, 0]);
  });
});

describe('overlapping exceptions', () => {
  it('one exception across an activity change is one run: 1 min + 2 min = 3 min, counted', () => {
    const acts = [act('work', t('11:00'), t('12:00')), act('meeting', t('12:00'), t('13:00'))];
    // aux lunch 11:59–12:02 satisfies neither work nor the meeting; each part alone is within the grace.
    const tl = timeline([t('10:55'), 'available'], [t('11:59'), 'aux', 'lunch'], [t('12:02'), 'aux', 'meeting']);
    const now = t('12:30');
    const r = agentAdherence(acts, tl, startsAt(now), now, config);
    // Scheduled 11:00–12:30 = 5400 s; out 11:59–12:02 = 180 s.
    expect(seconds(r)).toEqual({ today: [5400, 180], '60m': [3600, 180], '15m': [900, 0] });
  });

  it('two short exceptions with adherence between them are judged apart: neither counts', () => {
    const acts = [act('work', t('11:00'), t('12:00'))];
    const tl = timeline(
      [t('10:55'), 'available'],
      [t('11:10'), 'aux'],
      [t('11:11:30'), 'available'],
      [t('11:12:30'), 'aux'],
      [t('11:14'), 'available'],
    );
    const r = agentAdherence(acts, tl, startsAt(t('11:30')), t('11:30'), config);
    expect(seconds(r).today).toEqual([1800, 0]);
  });

  it('an early break: out until the break begins, then in adherence', () => {
    const acts = [act('work', t('09:00'), t('10:00')), act('break', t('10:00'), t('10:15'))];
    const tl = timeline([t('08:55'), 'available'], [t('09:50'), 'aux', 'break']);
    const r = agentAdherence(acts, tl, startsAt(t('10:10')), t('10:10'), config);
    // Scheduled 09:00–10:10 = 4200 s; out 09:50–10:00 = 600 s; in adherence now, on the break.
    expect(seconds(r).today).toEqual([4200, 600]);
    expect(r.adherence).toMatchObject({ activity: 'break', inAdherence: true, outSinceTs: null });
  });

  it('a configured mapping: lunch may be spent logged out', () => {
    const lunchOut = parseConfig({
      timezone: SH,
      schedules: { states: { lunch: ['aux:lunch', 'offline'] } },
    }).schedules;
    const acts = [act('lunch', t('12:00'), t('13:00'))];
    const tl = timeline([t('11:00'), 'available'], [t('12:00'), 'offline']);
    const now = t('12:30');
    expect(agentAdherence(acts, tl, startsAt(now), now, config).adherence.windows.today.outSec).toBe(1800);
    expect(agentAdherence(acts, tl, startsAt(now), now, lunchOut).adherence.windows.today.outSec).toBe(0);
  });
});

it('midnight: a night shift 22:00–06:00, logged out 23:50–00:10', () => {
  const acts = [act('work', t('22:00'), t('06:00', '2026-12-05'))];
  const tl = timeline([t('22:00'), 'available'], [t('23:50'), 'offline'], [t('00:10', '2026-12-05'), 'available']);
  const now = t('00:30', '2026-12-05');
  const r = agentAdherence(acts, tl, startsAt(now, t('00:00', '2026-12-05')), now, config);
  // One exception 23:50–00:10 (20 min). today [00:00, 00:30]: 1800 s scheduled, 600 s out → 0.6666…;
  // 60m [23:30, 00:30]: 3600 s, 1200 s out; 15m [00:15, 00:30]: 900 s, none out.
  expect(seconds(r)).toEqual({ today: [1800, 600], '60m': [3600, 1200], '15m': [900, 0] });
  expect(r.adherence.windows.today.adherence).toBeCloseTo(1 - 600 / 1800, 10);
});

it('DST: a fall-back day in New York has a 5-hour 00:00–04:00 shift', () => {
  const NY = 'America/New_York';
  const start = localInstant('2026-11-01', 0, NY)!; // 00:00 EDT = 04:00Z
  const end = localInstant('2026-11-01', 240, NY)!; // 04:00 EST = 09:00Z
  expect([new Date(start).toISOString(), new Date(end).toISOString()]).toEqual([
    '2026-11-01T04:00:00.000Z',
    '2026-11-01T09:00:00.000Z',
  ]);
  // Aux from the first 01:30 (EDT, 05:30Z) to the second (EST, 06:30Z): one real hour.
  const first = localInstant('2026-11-01', 90, NY)!;
  expect(new Date(first).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  const tl = timeline([start, 'available'], [first, 'aux'], [first + 60 * MIN, 'available']);
  const r = agentAdherence([act('work', start, end)], tl, startsAt(end, start), end, config);
  // Scheduled 18000 s (5 h), out 3600 s → 0.8.
  expect(seconds(r).today).toEqual([18000, 3600]);
  expect(r.adherence.windows.today.adherence).toBeCloseTo(0.8, 10);
});

it('teams, the centre and each queue: sums of the agents, absent agents in the centre', () => {
  const state = createState(
    parseConfig({ timezone: SH, teams: [{ id: 't1' }], queues: [{ id: 'sales' }, { id: 'support' }] }),
  );
  const T0 = t('08:00');
  const ev = eventFactory(T0);
  const sec = (hm: string) => (t(hm) - T0) / 1000;
  for (const e of [
    ev('agent.login', sec('08:55'), { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', sec('09:00'), { agentId: 'a2', teamId: 't1', queues: ['sales', 'support'] }),
    ev('agent.state', sec('10:00'), { agentId: 'a1', state: 'aux', reason: 'break' }),
    ev('agent.state', sec('10:20'), { agentId: 'a1', state: 'available' }),
  ])
    fold(state, e);
  const of = (agentId: string, ...acts: ScheduledActivity[]) =>
    [agentId, acts.map((a) => ({ ...a, agentId }))] as const;
  const schedules = new Map([
    of(
      'a1',
      act('work', t('09:00'), t('10:00'), ['sales']),
      act('break', t('10:00'), t('10:15')),
      act('work', t('10:15'), t('12:00'), ['sales']),
    ),
    of('a2', act('work', t('09:00'), t('12:00'))),
    // a3 never logs in: offline, out of adherence from 10:00.
    of('a3', act('work', t('10:00'), t('12:00'), ['support'])),
  ]);
  const now = t('10:30');
  const v = view(state, now);
  addAdherence(v, floorAdherence(state, schedules, config, now));
  // a1: 5400 s, 300 out (as above); a2: 5400 s, none out; a3: 1800 s, all out (30 min > grace).
  // t1: 10800 s, 300 out → 0.97222…; centre: 12600 s, 2100 out → 0.83333…
  expect(v.teams.find((x) => x.id === 't1')!.adherence!.today).toEqual({
    scheduledSec: 10800,
    outSec: 300,
    adherence: 1 - 300 / 10800,
  });
  expect(v.center.adherence!.today).toEqual({ scheduledSec: 12600, outSec: 2100, adherence: 1 - 2100 / 12600 });
  // At work now: a1 on sales, a2 on its own queues (sales, support), a3 on support.
  expect(v.queues.map((q) => [q.id, q.scheduled])).toEqual([
    ['sales', 2],
    ['support', 2],
  ]);
  expect(v.center.scheduled).toBe(3);
  expect(v.agents.find((a) => a.id === 'a2')!.adherence).toMatchObject({ activity: 'work', inAdherence: true });
});

it('alert metrics: team adherence in a window, an agent’s time out of adherence', () => {
  const state = createState(parseConfig({ timezone: SH, teams: [{ id: 't1' }] }));
  const T0 = t('08:00');
  const ev = eventFactory(T0);
  fold(state, ev('agent.login', 55 * 60, { agentId: 'a1', teamId: 't1', queues: ['sales'] }));
  fold(state, ev('agent.state', 2 * 3600, { agentId: 'a1', state: 'aux', reason: 'break' }));
  const schedules = new Map([['a1', [act('work', t('09:00'), t('12:00'))]]]);
  const now = t('10:30');
  const v = view(state, now);
  addAdherence(v, floorAdherence(state, schedules, config, now));
  const rule = (metric: 'adherence' | 'outOfAdherenceSec', kind: 'team' | 'agent') =>
    parseRules([
      {
        id: 'r',
        metric,
        scope: { kind },
        ...(kind === 'team' ? { window: '60m' } : {}),
        comparator: '<',
        threshold: 0,
        severity: 'info',
      },
    ])[0]!;
  const team = targetsOf(v, 'team', undefined)[0]!;
  const agent = targetsOf(v, 'agent', undefined)[0]!;
  const extra = { lastEventTs: null };
  // Out since 10:00: the last 60 min hold 3600 s scheduled, 1800 s out → 0.5; the exception is 1800 s old.
  expect(MEASURES.adherence(team, { rule: rule('adherence', 'team'), now, view: v, extra })).toBe(0.5);
  expect(
    MEASURES.outOfAdherenceSec(agent, { rule: rule('outOfAdherenceSec', 'agent'), now: now + 5000, view: v, extra }),
  ).toBe(1805);
});
