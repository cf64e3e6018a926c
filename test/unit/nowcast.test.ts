// The now-cast against hand calculations (docs/contract.md, *The now-cast*): breach counts, the countdown, and
// projectedIntervalSl = (A + ΣPᵢ + λ·r·P) / (D + |W| + λ·r), at its edges.
import { describe, expect, it } from 'vitest';
import { parseConfig, warnSecOf } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { answeredWithin, nowcastParts, toNowcast, type NowcastInput } from '../../server/engine/nowcast.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8): an interval starts here.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

/**
 * T 20 s, warnSec 10, N 2 agents, AHT 20 s (answers come at N/AHT = 0.1 per second). Four callers waiting 25, 15,
 * 12 and 4 s. The interval so far: A 6 within T of D 8. λ 9 calls / 900 s = 0.01/s, r 300 s: λ·r = 3 calls to come.
 */
const BASE: NowcastInput = {
  waitsSec: [4, 25, 12, 15],
  thresholdSec: 20,
  warnSec: 10,
  agents: 2,
  ahtSec: 20,
  arrivalsPerSec: 0.01,
  secondsLeft: 300,
  // Erlang C at N 2, A = 9 × 20 / 900 = 0.2 Erlang: B(1) = 0.2/1.2 = 0.166667, B(2) = 0.2·B1/(2 + 0.2·B1) = 0.016393;
  // C = 2·B2/(2 − 0.2·(1 − B2)) = 0.032787/1.803279 = 0.018182; SL = 1 − C·e^(−(2 − 0.2)·20/20) = 1 − 0.018182 ×
  // 0.165299 = 0.9969946.
  slNow: 0.9969945656686984,
  numerator: 6,
  denominator: 8,
};

// Pᵢ by the Erlang distribution, x = N·(T − wait)/AHT, k callers ahead: 1 − e^(−x)·Σ_{j≤k} x^j/j!
// 25 s: over T, P 0.
// 15 s, 1 ahead, x = 2·5/20 = 0.5: 1 − e^(−0.5)·(1 + 0.5) = 1 − 0.606531 × 1.5 = 0.090204.
// 12 s, 2 ahead, x = 2·8/20 = 0.8: 1 − e^(−0.8)·(1 + 0.8 + 0.32) = 1 − 0.449329 × 2.12 = 0.047423.
// 4 s, 3 ahead, x = 2·16/20 = 1.6: 1 − e^(−1.6)·(1 + 1.6 + 1.28 + 0.682667) = 1 − 0.201897 × 4.562667 = 0.078813.
const P15 = 0.09020401043104986;
const P12 = 0.04742259607149024;
const P4 = 0.07881348722971893;

describe('answeredWithin (the Erlang waiting-time distribution)', () => {
  it('is 1 − e^(−x) for the caller at the head: N 1, AHT 20 s, 5 s left, x 0.25 → 0.221199', () => {
    expect(answeredWithin(0, 5, 1, 20)).toBeCloseTo(0.22119921692859512, 12);
  });

  it('matches the hand values for callers further back', () => {
    expect(answeredWithin(1, 5, 2, 20)).toBeCloseTo(P15, 12);
    expect(answeredWithin(2, 8, 2, 20)).toBeCloseTo(P12, 12);
    expect(answeredWithin(3, 16, 2, 20)).toBeCloseTo(P4, 12);
  });

  it('is 0 with no agents, and with no time left', () => {
    expect(answeredWithin(0, 10, 0, 20)).toBe(0);
    expect(answeredWithin(0, 0, 5, 20)).toBe(0);
    expect(answeredWithin(0, -3, 5, 20)).toBe(0);
  });

  it('does not underflow on a large floor with a long threshold (x far past 745)', () => {
    // x = 500 × 60 / 30 = 1000; 10 ahead of a Poisson mean of 1000: answered for certain.
    expect(answeredWithin(10, 60, 500, 30)).toBe(1);
  });
});

describe('nowcastParts', () => {
  it('counts breached and about-to-breach calls and the countdown', () => {
    const n = toNowcast(nowcastParts(BASE), T0);
    // 25 > 20: breached. 15 and 12 in (10, 20]: about to breach. 4: neither. Next breach: 20 − 15 = 5 s.
    expect(n.breached).toBe(1);
    expect(n.breachingSoon).toBe(2);
    expect(n.nextBreachInSec).toBe(5);
    expect(n.nextBreachTs).toBe(T0 + 5000);
  });

  it('projects the interval: (6 + 0.216440 + 3 × 0.996995) / (8 + 4 + 3) = 9.207424 / 15 = 0.613828', () => {
    const n = toNowcast(nowcastParts(BASE), T0);
    expect(n.projectedIntervalSl).toBeCloseTo((6 + P15 + P12 + P4 + 3 * BASE.slNow) / 15, 12);
    expect(n.projectedIntervalSl).toBeCloseTo(0.6138282527158903, 12);
  });

  it('with no agents: no one waiting is answered in time and P is 0 → 6 / 15 = 0.4', () => {
    const n = toNowcast(nowcastParts({ ...BASE, agents: 0, slNow: 0 }), T0);
    expect(n.projectedIntervalSl).toBeCloseTo(0.4, 12);
    expect(n.breached).toBe(1);
    expect(n.breachingSoon).toBe(2);
  });

  it('with no callers: the counts are 0, no countdown, the projection is (6 + 3P) / (8 + 3)', () => {
    const n = toNowcast(nowcastParts({ ...BASE, waitsSec: [] }), T0);
    expect(n).toEqual({
      breached: 0,
      breachingSoon: 0,
      nextBreachInSec: null,
      nextBreachTs: null,
      projectedIntervalSl: expect.closeTo((6 + 3 * BASE.slNow) / 11, 12),
    });
  });

  it('with no callers, no calls so far and none arriving: nothing to project', () => {
    const n = toNowcast(nowcastParts({ ...BASE, waitsSec: [], arrivalsPerSec: 0, numerator: 0, denominator: 0 }), T0);
    expect(n.projectedIntervalSl).toBeNull();
  });

  it('with every caller breached: no countdown, and each weighs in the denominator only → (6 + 3P) / 13', () => {
    const n = toNowcast(nowcastParts({ ...BASE, waitsSec: [30, 21] }), T0);
    expect(n.breached).toBe(2);
    expect(n.breachingSoon).toBe(0);
    expect(n.nextBreachInSec).toBeNull();
    expect(n.projectedIntervalSl).toBeCloseTo((6 + 3 * BASE.slNow) / 13, 12);
  });

  it('at the interval’s end (r = 0): no arrivals to come → (6 + ΣPᵢ) / 12 = 6.216440 / 12 = 0.518037', () => {
    const n = toNowcast(nowcastParts({ ...BASE, secondsLeft: 0 }), T0);
    expect(n.projectedIntervalSl).toBeCloseTo((6 + P15 + P12 + P4) / 12, 12);
  });

  it('a wait of exactly T is about to breach (0 s left); one of exactly T − warnSec is not yet', () => {
    const n = toNowcast(nowcastParts({ ...BASE, waitsSec: [20, 10] }), T0);
    expect(n).toMatchObject({ breached: 0, breachingSoon: 1, nextBreachInSec: 0 });
  });
});

describe('warnSec', () => {
  it('defaults to min(10, T/2) and is never more than T', () => {
    const queues = parseConfig({
      queues: [
        { id: 'a', slThresholdSec: 30 },
        { id: 'b', slThresholdSec: 8 },
        { id: 'c', slThresholdSec: 20, warnSec: 15 },
        { id: 'd', slThresholdSec: 5, warnSec: 9 },
      ],
    }).queues;
    expect(queues.map(warnSecOf)).toEqual([10, 4, 15, 5]);
  });
});

describe('the engine’s now-cast', () => {
  /**
   * sales: T 20 s, defaultAhtSec 20 (nothing handled yet), formula answered+abandoned. a1 and a2 staffed (a1 on c1).
   * Interval 10:00–10:15; now 10:10:00, r = 300 s.
   *   c1 offered 10:01:00, answered after 10 s (within T); c2 offered 10:02:00, abandoned after 30 s (> S 5 s):
   *   A = 1, D = 2. w1…w4 began waiting 25, 15, 12 and 4 s before now.
   *   15m offered: c1, c2, w1…w4 = 6 → λ = 6/900 per second, λ·r = 2; traffic 6 × 20/900 = 0.133333 Erlang.
   *   Erlang C at N 2: B1 = 0.133333/1.133333 = 0.117647; B2 = 0.133333·B1/(2 + 0.133333·B1) = 0.0077821;
   *   C = 2·B2/(2 − 0.133333·(1 − B2)) = 0.0083333; P = 1 − C·e^(−1.866667) = 0.9987113.
   *   Pᵢ as in BASE (same N, AHT and waits): 0 + 0.090204 + 0.047423 + 0.078813.
   *   projected = (1 + 0.216440 + 2 × 0.998711) / (2 + 4 + 2) = 3.213863 / 8 = 0.401733.
   */
  it('folds the interval so far, the waits, λ, r and staffing into the projection', () => {
    const ev = eventFactory(T0);
    const now = T0 + 600_000;
    const waitingFor = (sec: number) => 600 - sec;
    const events = [
      ev('agent.login', -1200, { agentId: 'a1', queues: ['sales'] }),
      ev('agent.login', -1200, { agentId: 'a2', queues: ['sales'] }),
      ev('call.offered', 60, { callId: 'c1', queueId: 'sales' }),
      ev('call.answered', 70, { callId: 'c1', agentId: 'a1' }),
      ev('call.offered', 120, { callId: 'c2', queueId: 'sales' }),
      ev('call.abandoned', 150, { callId: 'c2' }),
      ...[25, 15, 12, 4].map((w, i) => ev('call.offered', waitingFor(w), { callId: `w${i + 1}`, queueId: 'sales' })),
    ];
    const state = createState(
      parseConfig({ timezone: 'Asia/Shanghai', queues: [{ id: 'sales', slThresholdSec: 20, defaultAhtSec: 20 }] }),
    );
    for (const e of events) fold(state, e);
    const sales = view(state, now).queues.find((q) => q.id === 'sales')!;
    expect(sales.staffing.agentsStaffed).toBe(2);
    expect(sales.nowcast).toEqual({
      breached: 1,
      breachingSoon: 2,
      nextBreachInSec: 5,
      nextBreachTs: now + 5000,
      projectedIntervalSl: expect.closeTo(0.40173284866538805, 12),
    });
  });
});
