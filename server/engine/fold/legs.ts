// An agent's leg of a call: talk starts (inbound answer), talk ends into wrap-up (hang-up, abandon, transfer).
import { FINISHED_KEPT, type AgentRec, type CallRec, type EngineState } from '../state.ts';
import { setState, touchQueue } from './agent-state.ts';

const FINISHED_TRIM = 1024;

export function startTalk(s: EngineState, a: AgentRec, call: CallRec, ts: number): void {
  if (a.callId && a.callId !== call.id) {
    // The agent was already on another call; that one can no longer be followed.
    s.stats.anomalies++;
    s.calls.delete(a.callId);
  }
  s.calls.set(call.id, call);
  a.callId = call.id;
  a.direction = call.direction;
  // A call answered during wrap-up ends that wrap-up without counting it as handled.
  if (a.acw) {
    s.stats.anomalies++;
    a.acw = null;
  }
  setState(s, a, 'talking', null, ts);
}

export function closeHold(call: CallRec, ts: number): void {
  if (call.holdSince !== null) call.holdMs += Math.max(0, ts - call.holdSince);
  call.holdSince = null;
}

/** Talk ends for the call's agent, who enters wrap-up holding the finished leg. */
export function endTalk(s: EngineState, call: CallRec, ts: number): void {
  const a = call.agentId ? s.agents.get(call.agentId) : undefined;
  closeHold(call, ts);
  s.finished.set(call.id, { agentId: call.agentId, queueId: call.queueId });
  trimFinished(s);
  if (!a || a.callId !== call.id) {
    s.stats.anomalies++;
    return;
  }
  const legMs = Math.max(0, ts - (call.answeredTs ?? ts));
  setState(s, a, 'acw', null, ts);
  a.acw = {
    callId: call.id,
    queueId: call.queueId,
    answeredTs: call.answeredTs ?? ts,
    talkMs: Math.max(0, legMs - call.holdMs),
    holdMs: call.holdMs,
    endedTs: ts,
  };
  a.callId = null;
  touchQueue(s, call.queueId);
}

/**
 * Drops the oldest finished calls, a thousand at a time: a Map's first key is found by skipping the entries deleted
 * before it, so taking one oldest entry per call cost a scan per call.
 */
export function trimFinished(s: EngineState): void {
  if (s.finished.size <= FINISHED_KEPT + FINISHED_TRIM) return;
  let excess = s.finished.size - FINISHED_KEPT;
  for (const callId of s.finished.keys()) {
    if (excess-- <= 0) break;
    s.finished.delete(callId);
  }
}
