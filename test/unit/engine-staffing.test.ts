// The centre's own staffing: each agent counted once, its own traffic, and T and target weighted by the calls each
// queue was offered. Worked out by hand (Erlang C by the factorial sums, computed apart).
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { eventFactory } from '../helpers/events.ts';

// 10:00:00 in Shanghai (UTC+8), on a minute boundary.
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

describe('centre staffing', () => {
  /**
   * sales (T 20 s, target 0.8) and support (T 30 s, target 0.9). a1 and a2 serve both, a3 sales, a4 support and is
   * on a break: 4 logged in, 3 staffed. The queues count a1 and a2 twice: sales 3 + support 2 = 5.
   * Now = 14:00, 15m = [−1:00, 14:00] = 900 s: sales offered 6, support 3, nothing handled: AHT 180 s (default).
   *   A = 9 × 180 / 900 = 1.8 Erlangs.
   *   T = (6 × 20 + 3 × 30) / 9 = 23.33 s; target = (6 × 0.8 + 3 × 0.9) / 9 = 0.8333.
   *   Erlang C, A 1.8: N = 3 gives C 0.35474, SL 1 − C·e^(−1.2 × 23.33 / 180) = 0.69636 < 0.8333;
   *   N = 4 gives C 0.12853, SL 0.90336: 4 required. With the 3 staffed: projected SL 0.69636.
   */
  const ev = eventFactory(T0);
  const events = [
    ev('agent.login', 0, { agentId: 'a1', queues: ['sales', 'support'] }),
    ev('agent.login', 0, { agentId: 'a2', queues: ['sales', 'support'] }),
    ev('agent.login', 0, { agentId: 'a3', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a4', queues: ['support'] }),
    ev('agent.state', 1, { agentId: 'a4', state: 'aux', reason: 'break' }),
    ...Array.from({ length: 6 }, (_, i) => ev('call.offered', 60 + 60 * i, { callId: `s${i}`, queueId: 'sales' })),
    ...Array.from({ length: 3 }, (_, i) => ev('call.offered', 90 + 60 * i, { callId: `p${i}`, queueId: 'support' })),
  ];
  const state = createState(
    parseConfig({
      timezone: 'Asia/Shanghai',
      queues: [
        { id: 'sales', slThresholdSec: 20, slTarget: 0.8 },
        { id: 'support', slThresholdSec: 30, slTarget: 0.9 },
      ],
    }),
  );
  for (const e of events) fold(state, e);
  const v = view(state, T0 + 14 * 60_000);

  it('counts each agent once, where the queues count a1 and a2 twice', () => {
    expect(v.center.staffing.agentsStaffed).toBe(3);
    expect(v.queues.reduce((n, q) => n + q.staffing.agentsStaffed, 0)).toBe(5);
  });

  it('takes the centre’s own traffic and the offered-weighted T and target', () => {
    expect(v.center.staffing.trafficErlangs).toBeCloseTo(1.8, 12);
    expect(v.center.staffing.requiredAgents).toBe(4);
    expect(v.center.staffing.projectedServiceLevel).toBeCloseTo(0.6963601398698095, 12);
  });

  it('with no traffic and no one staffed, requires one agent and projects nothing', () => {
    const empty = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
    expect(view(empty, T0).center.staffing).toEqual({
      trafficErlangs: 0,
      agentsStaffed: 0,
      requiredAgents: 1,
      projectedServiceLevel: null,
    });
  });
});
