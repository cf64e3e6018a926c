// Queue groups' totals against hand counts: each agent once, counts summed, ratios of summed parts (each queue's
// service level by its own formula), never a mean of percentages.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8): an interval starts here; now is 10:05:00 (r = 600 s).
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const NOW = T0 + 300_000;

/**
 * Group "Billing and Support" = billing (T 20 s, answered+abandoned) + support (T 30 s, formula `answered`).
 * Agents: a1 billing+support, available; a2 billing, on b1; a3 support, aux; a5 support, on s1; a4 sales only.
 * billing: b1 answered after 10 s (within), b2 abandoned after 30 s, w1 waiting 8 s → SL 1 / (1 + 1) = 0.5.
 * support: s1 answered after 10 s (within), s2 abandoned after 40 s (not counted by `answered`), w2 waiting 50 s
 *   → SL 1 / 1 = 1.
 * Group: SL (1 + 1) / (2 + 1) = 0.666667 (the mean of the percentages would say 0.75, the summed counts under one
 *   formula 2 / 4 = 0.5); offered 6, answered 2, abandoned 2; abandonRate 2 / 4 = 0.5; ASA (10 + 10) / 2 = 10 s.
 */
function floor(groups: unknown[] = [{ id: 'bs', name: 'Billing and Support', queues: ['billing', 'support'] }]) {
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', -600, { agentId: 'a1', queues: ['billing', 'support'] }),
    ev('agent.login', -600, { agentId: 'a2', queues: ['billing'] }),
    ev('agent.login', -600, { agentId: 'a3', queues: ['support'] }),
    ev('agent.login', -600, { agentId: 'a4', queues: ['sales'] }),
    ev('agent.login', -600, { agentId: 'a5', queues: ['support'] }),
    ev('agent.state', -500, { agentId: 'a3', state: 'aux', reason: 'break' }),
    ev('call.offered', 10, { callId: 'b1', queueId: 'billing' }),
    ev('call.offered', 10, { callId: 's1', queueId: 'support' }),
    ev('call.answered', 20, { callId: 'b1', agentId: 'a2' }),
    ev('call.answered', 20, { callId: 's1', agentId: 'a5' }),
    ev('call.offered', 30, { callId: 'b2', queueId: 'billing' }),
    ev('call.offered', 30, { callId: 's2', queueId: 'support' }),
    ev('call.abandoned', 60, { callId: 'b2' }),
    ev('call.abandoned', 70, { callId: 's2' }),
    ev('call.offered', 250, { callId: 'w2', queueId: 'support' }),
    ev('call.offered', 292, { callId: 'w1', queueId: 'billing' }),
  ];
  const state = createState(
    parseConfig({
      timezone: 'Asia/Shanghai',
      queues: [
        { id: 'billing', slThresholdSec: 20 },
        { id: 'support', slThresholdSec: 30, serviceLevelFormula: 'answered' },
        { id: 'sales' },
      ],
      queueGroups: groups,
    }),
  );
  for (const e of events) fold(state, e);
  return view(state, NOW);
}

describe('queue groups', () => {
  const v = floor();
  const g = v.groups[0]!;

  it('counts an agent of two of the group’s queues once', () => {
    // a1 (available), a2 and a5 (talking), a3 (aux): 4 logged in; the queues' own counts add to 2 + 3 = 5.
    expect(g.agents).toEqual({ loggedIn: 4, available: 1, dialing: 0, talking: 2, hold: 0, acw: 0, aux: 1 });
    const inGroup = v.queues.filter((q) => g.queues.includes(q.id));
    expect(inGroup.reduce((n, q) => n + q.agents.loggedIn, 0)).toBe(5);
  });

  it('sums the counts and the waiting calls', () => {
    expect(g).toMatchObject({ id: 'bs', name: 'Billing and Support', waiting: 2, longestWaitSec: 50 });
    expect(g.oldestWaitingTs).toBe(T0 + 250_000);
    expect(g.windows.today).toMatchObject({ offered: 6, answered: 2, answeredWithinSl: 2, abandoned: 2 });
  });

  it('recomputes ratios from summed numerators and denominators, each queue by its own formula', () => {
    const q = (id: string) => v.queues.find((x) => x.id === id)!;
    expect(q('billing').windows.today.serviceLevel).toBe(0.5);
    expect(q('support').windows.today.serviceLevel).toBe(1);
    expect(g.windows.today.serviceLevel).toBeCloseTo(2 / 3, 12);
    expect(g.windows.today.abandonRate).toBe(0.5);
    expect(g.windows.today.asaSec).toBe(10);
  });

  /**
   * billing: w1 8 s of T 20 (warn 10): not yet about to breach, next breach in 12 s. support: w2 50 s > 30: breached.
   * Projection parts (AHT 180 s default, λ·r = 3/900 × 600 = 2 per queue, 2 staffed in each, 0.6 Erlang):
   *   billing: A 1, D 2; w1 at the head, x = 2 × 12/180, P = 1 − e^(−0.133333) = 0.124827; Erlang C SL at N 2,
   *     A 0.6, T 20: B2 = 0.101124, C = 0.138462, P = 1 − C·e^(−1.4 × 20/180) = 0.881485.
   *   support: A 1, D 1; w2 breached, P 0; SL at T 30: 1 − C·e^(−1.4 × 30/180) = 0.890354.
   *   group = (1 + 0.124827 + 2 × 0.881485 + 1 + 0 + 2 × 0.890354) / (2 + 1 + 2 + 1 + 1 + 2) = 5.668505 / 9 = 0.629834
   *   (billing alone 0.577559, support alone 0.695177: their mean 0.636368 is not it).
   */
  /**
   * Time in state since the logins at 09:50 (now 10:05, so today, 60m and 15m all span the same 900 s):
   *   a1 (billing + support) available 900 s; a2 (billing) available 620 s, talking 280 s (b1 from 10:00:20);
   *   a3 (support) available 100 s, aux 800 s; a5 (support) available 620 s, talking 280 s. a4 (sales) is not in it.
   * Each agent once: busy 280 + 280 = 560, available 900 + 620 + 100 + 620 = 2240, logged in 4 × 900 = 3600 s:
   *   occupancy 560 / (560 + 2240) = 0.2, utilization 560 / 3600 = 0.155556.
   * The queues' tallies summed would count a1's 900 s twice (billing's and support's): occupancy 560 / 3700.
   */
  it('weighs an agent of two of the group’s queues once in occupancy and utilization', () => {
    for (const w of ['today', '60m', '15m'] as const) {
      expect(g.windows[w].occupancy).toBeCloseTo(560 / 2800, 12);
      expect(g.windows[w].utilization).toBeCloseTo(560 / 3600, 12);
      // Outbound per agent-hour divides by the same distinct agents' logged-in hours (none dialed here).
      expect(g.windows[w].outbound.callsPerAgentHour).toBe(0);
    }
    // The queues' own figures still hold every agent serving them: billing a1 + a2, 280 / (280 + 900 + 620).
    expect(v.queues.find((x) => x.id === 'billing')!.windows.today.occupancy).toBeCloseTo(280 / 1800, 12);
  });

  it('sums the now-casts: counts, the soonest breach, the projection from summed parts', () => {
    expect(g.nowcast).toEqual({
      breached: 1,
      breachingSoon: 0,
      nextBreachInSec: 12,
      nextBreachTs: NOW + 12_000,
      projectedIntervalSl: expect.closeTo(0.6298338643533771, 12),
    });
    expect(v.queues.find((x) => x.id === 'billing')!.nowcast.projectedIntervalSl).toBeCloseTo(0.5775594548947313, 12);
  });

  it('a group naming a queue never seen adds nothing for it', () => {
    const other = floor([{ id: 'x', queues: ['billing', 'nowhere'] }]).groups[0]!;
    expect(other.name).toBe('x');
    expect(other.waiting).toBe(1);
    expect(other.windows.today.serviceLevel).toBe(0.5);
  });

  it('refuses a board page naming a group the config lacks', () => {
    const board = { id: 'b', pages: [{ kind: 'queues', group: 'nope' }] };
    expect(() => parseConfig({ queueGroups: [{ id: 'bs', queues: ['a'] }], boards: [board] })).toThrow(
      'config boards.0.pages.0.group: no queue group "nope" in queueGroups',
    );
    expect(
      parseConfig({ queueGroups: [{ id: 'nope', queues: ['a'] }], boards: [board] }).boards[0]!.pages[0]!.group,
    ).toBe('nope');
  });

  it('refuses two groups with one id', () => {
    expect(() =>
      parseConfig({
        queueGroups: [
          { id: 'g', queues: ['a'] },
          { id: 'g', queues: ['b'] },
        ],
      }),
    ).toThrow(/queueGroups: group ids must be unique/);
  });
});
