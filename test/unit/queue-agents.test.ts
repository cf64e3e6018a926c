// A queue's agents by state (docs/contract.md, "a queue's agents"): an agent with a call counts in that call's
// queue only, so the queues' on-call figures add up to the centre's; free agents count in each queue they serve.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { eventFactory } from '../helpers/events.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const ev = eventFactory(T0);

/**
 * a1 [sales, support] talking on sales call c1; a2 [sales, support] available; a3 [support] on a break;
 * a4 [sales, support] wrapping up support call c2; a5 [sales] holding sales call c3; a6 [sales] talking on an
 * outbound call of no queue; a7 [support] logged out.
 */
function floor() {
  const state = createState(parseConfig({ timezone: 'Asia/Shanghai' }));
  const events = [
    ...['a1', 'a2', 'a4'].map((a) => ev('agent.login', 0, { agentId: a, queues: ['sales', 'support'] })),
    ev('agent.login', 0, { agentId: 'a3', queues: ['support'] }),
    ev('agent.login', 0, { agentId: 'a5', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a6', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a7', queues: ['support'] }),
    ev('agent.logout', 1, { agentId: 'a7' }),
    ev('agent.state', 1, { agentId: 'a3', state: 'aux', reason: 'break' }),
    ev('call.offered', 10, { callId: 'c1', queueId: 'sales' }),
    ev('call.answered', 12, { callId: 'c1', agentId: 'a1' }),
    ev('call.offered', 10, { callId: 'c2', queueId: 'support' }),
    ev('call.answered', 11, { callId: 'c2', agentId: 'a4' }),
    ev('call.ended', 40, { callId: 'c2' }),
    ev('call.offered', 10, { callId: 'c3', queueId: 'sales' }),
    ev('call.answered', 13, { callId: 'c3', agentId: 'a5' }),
    ev('call.held', 30, { callId: 'c3' }),
    ev('call.dialed', 20, { callId: 'o1', agentId: 'a6', direction: 'outbound' }),
    ev('call.answered', 25, { callId: 'o1', agentId: 'a6' }),
  ];
  for (const e of events) fold(state, e);
  return view(state, T0 + 60_000);
}

describe("a queue's agents by state", () => {
  it('counts an agent on a call in the queue of that call only', () => {
    const v = floor();
    const q = (id: string) => v.queues.find((x) => x.id === id)!;
    // Centre: a1, a6 talking; a5 hold; a4 acw; a2 available; a3 aux → 6 logged in (a7 logged out).
    expect(v.center.agents).toEqual({ loggedIn: 6, available: 1, dialing: 0, talking: 2, hold: 1, acw: 1, aux: 1 });
    // Sales: a1 talking (c1), a5 hold (c3), a2 available; not a4 (a support call), not a6 (a call of no queue).
    expect(q('sales').agents).toEqual({ loggedIn: 3, available: 1, dialing: 0, talking: 1, hold: 1, acw: 0, aux: 0 });
    // Support: a4 acw (c2), a2 available, a3 aux; not a1 (on a sales call).
    expect(q('support').agents).toEqual({ loggedIn: 3, available: 1, dialing: 0, talking: 0, hold: 0, acw: 1, aux: 1 });
  });

  it("adds up: the queues' agents with a call are the centre's, less those on calls of no queue", () => {
    const v = floor();
    const busy = (c: { talking: number; hold: number; dialing: number; acw: number }) =>
      c.talking + c.hold + c.dialing + c.acw;
    // Queues: sales 2 (a1, a5) + support 1 (a4) = 3 = centre 4 (a1, a4, a5, a6) − a6 (outbound call of no queue).
    expect(v.queues.reduce((n, x) => n + busy(x.agents), 0)).toBe(3);
    expect(busy(v.center.agents)).toBe(4);
  });

  it('staffs a queue with every agent logged in to it and not in aux, whatever call it is on', () => {
    const v = floor();
    const staffed = (id: string) => v.queues.find((x) => x.id === id)!.staffing.agentsStaffed;
    expect(staffed('sales')).toBe(5); // a1, a2, a4, a5, a6
    expect(staffed('support')).toBe(3); // a1, a2, a4 (a3 on a break, a7 logged out)
  });
});
