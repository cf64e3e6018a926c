// Who counts where now: agents by state per queue, team and centre, the agents staffing each queue, the oldest wait.
import type { AgentCounts } from '../../../shared/snapshot.ts';
import type { AgentRec, EngineState, QueueRec } from '../state.ts';

export function noAgents(): AgentCounts {
  return { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 };
}

export function countAgent(c: AgentCounts, a: AgentRec): void {
  if (a.state === 'offline') return;
  c.loggedIn++;
  c[a.state]++;
}

/**
 * Which queues an agent counts in now (see docs/contract.md, "a queue's agents"): an agent with a call or its
 * wrap-up counts in that call's queue only, so each call's agent counts once and the queues' "on call" add up to
 * the centre's; an agent without one (available, aux, or busy on a call of no queue) in each queue it is logged in
 * to, except that one busy on a call of no queue counts in none. `callQueue` is agentQueue's answer.
 */
export function queuesCounting(a: AgentRec, callQueue: string | null): readonly string[] {
  if (a.state === 'offline') return [];
  if (callQueue !== null) return [callQueue];
  const busy = a.state !== 'available' && a.state !== 'aux';
  return busy ? [] : a.queues;
}

/** Counts the agent as staffing each queue it is logged in to unless in aux, whatever call it is on: the agents
 *  Erlang C staffs a queue with. */
export function countStaffed(staffed: Map<string, number>, a: AgentRec): void {
  if (a.state === 'offline' || a.state === 'aux') return;
  for (const q of a.queues) staffed.set(q, (staffed.get(q) ?? 0) + 1);
}

export function oldestWaiting(q: QueueRec): number | null {
  let oldest: number | null = null;
  for (const ts of q.waiting.values()) if (oldest === null || ts < oldest) oldest = ts;
  return oldest;
}

/** The queue of the call the agent is on or wrapping up, or null. */
export function agentQueue(state: EngineState, a: AgentRec): string | null {
  if (a.callId) return state.calls.get(a.callId)?.queueId ?? null;
  return a.acw?.queueId ?? null;
}
