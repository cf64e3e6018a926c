// Agent events: login, logout, state requests, missed offers.
import type { EventOf } from '../../../shared/events.ts';
import { agent as agentRec, queue as queueRec, team as teamRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';
import { creditUntil, isBusy, setState, touchAgent, touchQueue } from './agent-state.ts';
import { countAll } from './cells.ts';

export function login(s: EngineState, e: EventOf<'agent.login'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  // Team and queues decide where time is credited: close the current span under the old ones first.
  creditUntil(s, a, e.ts);
  touchAgent(s, a);
  if (e.name !== undefined) a.name = e.name;
  // Ids are kept as the records' own strings: the event's copies would each cost memory for as long as they are held.
  if (e.teamId !== undefined) a.teamId = teamRec(s, e.teamId).id;
  if (e.queues !== undefined) a.queues = [...new Set(e.queues)].map((q) => queueRec(s, q).id);
  const wanted = e.state ?? 'available';
  const reason = wanted === 'aux' ? (e.reason ?? null) : null;
  if (a.state === 'offline') setState(s, a, wanted, reason, e.ts);
  else if (isBusy(a.state)) a.pending = { state: wanted, reason };
  else setState(s, a, wanted, reason, e.ts);
}

export function logout(s: EngineState, e: EventOf<'agent.logout'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  if (a.state === 'offline') {
    s.stats.anomalies++;
    return;
  }
  if (a.callId || a.acw) {
    // Logging out mid-call: the call is lost to this agent; its leg is closed without a wrap-up.
    s.stats.anomalies++;
    if (a.callId) s.calls.delete(a.callId);
  }
  setState(s, a, 'offline', null, e.ts);
  a.callId = null;
  a.direction = null;
  a.acw = null;
  a.pending = null;
  a.beforeDial = null;
}

export function requestState(s: EngineState, e: EventOf<'agent.state'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  if (a.state === 'offline') s.stats.anomalies++;
  const reason = e.state === 'aux' ? (e.reason ?? null) : null;
  if (isBusy(a.state)) a.pending = { state: e.state, reason };
  else setState(s, a, e.state, reason, e.ts);
  touchAgent(s, a);
}

/** A call offered to the agent rang out unanswered: counted for the agent, its team, the queue and the centre. */
export function missed(s: EngineState, e: EventOf<'agent.missed'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  if (a.state === 'offline') s.stats.anomalies++;
  countAll(s, e.queueId ?? null, a, e.ts, F.missed);
  touchAgent(s, a);
  touchQueue(s, e.queueId ?? null);
}
