// Outbound calls: dialled by an agent, connected (answered), or failed.
import type { EventOf } from '../../../shared/events.ts';
import { queue as queueRec, type CallRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';
import { activeAgent, release, setState, touchQueue } from './agent-state.ts';
import { countAll } from './cells.ts';

export function dial(s: EngineState, e: EventOf<'call.dialed'>): void {
  const a = activeAgent(s, e.agentId, e.ts, e.queueId ?? null);
  const before = a.state === 'available' || a.state === 'aux' ? { state: a.state, reason: a.reason } : null;
  if (s.calls.has(e.callId)) s.stats.anomalies++;
  const call: CallRec = {
    id: e.callId,
    direction: 'outbound',
    queueId: e.queueId === undefined ? null : queueRec(s, e.queueId).id,
    phase: 'dialing',
    startTs: e.ts,
    agentId: a.id,
    answeredTs: null,
    holdMs: 0,
    holdSince: null,
    callerId: null,
  };
  if (a.callId && a.callId !== call.id) {
    s.stats.anomalies++;
    s.calls.delete(a.callId);
  }
  s.calls.set(call.id, call);
  if (a.acw) {
    s.stats.anomalies++;
    a.acw = null;
  }
  a.callId = call.id;
  a.direction = 'outbound';
  a.beforeDial = before ?? a.beforeDial ?? { state: 'available', reason: null };
  setState(s, a, 'dialing', null, e.ts);
  countAll(s, call.queueId, a, e.ts, F.dialed);
  touchQueue(s, call.queueId);
}

/** A dialled call is answered (call.answered on a call in its dialling phase). */
export function connect(s: EngineState, call: CallRec, e: EventOf<'call.answered'>): void {
  const a = activeAgent(s, call.agentId ?? e.agentId, e.ts, call.queueId);
  countAll(s, call.queueId, a, e.ts, F.connected);
  touchQueue(s, call.queueId);
  call.phase = 'talking';
  call.answeredTs = e.ts;
  a.callId = call.id;
  a.direction = 'outbound';
  setState(s, a, 'talking', null, e.ts);
}

export function fail(s: EngineState, callId: string, ts: number): void {
  const call = s.calls.get(callId);
  if (call?.phase !== 'dialing') {
    s.stats.anomalies++;
    return;
  }
  s.calls.delete(callId);
  const a = call.agentId ? s.agents.get(call.agentId) : undefined;
  countAll(s, call.queueId, a ?? null, ts, F.failed);
  touchQueue(s, call.queueId);
  if (a && a.callId === callId) release(s, a, ts, a.beforeDial ?? { state: 'available', reason: null });
}
