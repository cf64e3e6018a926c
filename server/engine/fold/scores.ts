// Scores of handled calls: customer surveys and QA, credited to the call's agent and queue.
import { bump } from '../series.ts';
import { agent as agentRec, type EngineState } from '../state.ts';
import { touchAgent, touchQueue } from './agent-state.ts';
import { at, own } from './cells.ts';

export function score(
  s: EngineState,
  ts: number,
  sumField: number,
  nField: number,
  value: number,
  callId: string | undefined,
  agentId: string | undefined,
  queueId: string | undefined,
): void {
  const known = callId ? (s.finished.get(callId) ?? callOwner(s, callId)) : undefined;
  const who = agentId ?? known?.agentId ?? null;
  const where = queueId ?? known?.queueId ?? null;
  const a = who ? agentRec(s, who, ts) : null;
  const cells = at(s, where, a, ts);
  bump(cells, sumField, value);
  bump(cells, nField, 1);
  if (a) {
    own(s, a, ts, sumField, value);
    own(s, a, ts, nField, 1);
    touchAgent(s, a);
  }
  touchQueue(s, where);
}

function callOwner(s: EngineState, callId: string) {
  const c = s.calls.get(callId);
  return c ? { agentId: c.agentId, queueId: c.queueId } : undefined;
}
