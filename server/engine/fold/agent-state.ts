// An agent's state as the fold moves it: every change credits the time spent in the state it leaves first.
import type { AgentState } from '../../../shared/snapshot.ts';
import { creditedField, outboundCampaign } from '../credit.ts';
import { KEPT_BEFORE_MIDNIGHT, span } from '../series.ts';
import { agent as agentRec, queue as queueRec, team as teamRec, type AgentRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';
import { append, trimBefore } from '../timeline.ts';

/**
 * Credits the agent's current state up to ts to its team, the centre, and every queue it serves (its own time in
 * state is read from its timeline). Events older than what was credited add nothing.
 */
export function creditUntil(s: EngineState, a: AgentRec, ts: number): void {
  if (ts <= a.creditedTs) return;
  const field = creditedField(a);
  if (field !== undefined) {
    span(s.center.series, s.clock, a.creditedTs, ts, field);
    if (a.teamId) span(teamRec(s, a.teamId).series, s.clock, a.creditedTs, ts, field);
    for (const q of a.queues) span(queueRec(s, q).series, s.clock, a.creditedTs, ts, field);
    const campaign = outboundCampaign(s, a);
    if (campaign !== undefined) {
      span(s.center.series, s.clock, a.creditedTs, ts, F.outTalkingMs);
      if (campaign) span(queueRec(s, campaign).series, s.clock, a.creditedTs, ts, F.outTalkingMs);
    }
  }
  a.creditedTs = ts;
}

export function setState(s: EngineState, a: AgentRec, state: AgentState, reason: string | null, ts: number): void {
  creditUntil(s, a, ts);
  if (a.state !== state || a.reason !== reason) {
    a.state = state;
    a.reason = reason;
    a.sinceTs = Math.max(ts, a.creditedTs);
    append(a.timeline, state, reason, a.sinceTs, outboundCampaign(s, a, state));
    trimBefore(a.timeline, s.clock.dayStart(a.sinceTs) - KEPT_BEFORE_MIDNIGHT);
  }
  touchAgent(s, a);
}

export function touchAgent(s: EngineState, a: AgentRec): void {
  a.version = s.version;
  if (a.teamId) teamRec(s, a.teamId).version = s.version;
  for (const q of a.queues) queueRec(s, q).version = s.version;
}

export function touchQueue(s: EngineState, id: string | null): void {
  if (id) queueRec(s, id).version = s.version;
}

export const isBusy = (st: AgentState) => st === 'talking' || st === 'hold' || st === 'acw' || st === 'dialing';

/** An agent seen in a call event without a login is logged in on the spot. */
export function activeAgent(s: EngineState, id: string, ts: number, queueId: string | null): AgentRec {
  const a = agentRec(s, id, ts);
  if (a.state === 'offline') {
    s.stats.anomalies++;
    if (queueId && !a.queues.includes(queueId)) a.queues = [...a.queues, queueId];
    setState(s, a, 'available', null, ts);
  }
  return a;
}

/** The agent is free again: it takes the state it asked for meanwhile, or the given one. */
export function release(
  s: EngineState,
  a: AgentRec,
  ts: number,
  fallback: { state: 'available' | 'aux'; reason: string | null },
): void {
  const next = a.pending ?? fallback;
  a.pending = null;
  a.callId = null;
  a.direction = null;
  a.acw = null;
  a.beforeDial = null;
  setState(s, a, next.state, next.reason, ts);
}
