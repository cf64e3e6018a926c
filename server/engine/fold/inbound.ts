// Inbound calls: offered to a queue, answered by an agent, or abandoned while waiting.
import type { EventOf } from '../../../shared/events.ts';
import { isShortAbandon, withinThreshold } from '../../../shared/metrics.ts';
import { bump, raise } from '../series.ts';
import { queue as queueRec, type CallRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';
import { activeAgent, touchQueue } from './agent-state.ts';
import { at, countAll, peak, remember } from './cells.ts';
import { endTalk, startTalk, trimFinished } from './legs.ts';
import { connect } from './outbound.ts';

export function offer(s: EngineState, callId: string, queueId: string, ts: number, callerId: string | null): void {
  const existing = s.calls.get(callId);
  if (existing) {
    s.stats.anomalies++;
    if (existing.phase === 'waiting' && existing.queueId) queueRec(s, existing.queueId).waiting.delete(callId);
    else return; // an offer for a call already being handled changes nothing
  }
  const q = queueRec(s, queueId);
  s.calls.set(callId, {
    id: callId,
    direction: 'inbound',
    queueId: q.id,
    phase: 'waiting',
    startTs: ts,
    agentId: null,
    answeredTs: null,
    holdMs: 0,
    holdSince: null,
    callerId,
  });
  q.waiting.set(callId, ts);
  countAll(s, queueId, null, ts, F.offered);
  let total = 0;
  s.queues.forEach((other) => (total += other.waiting.size)); // forEach: no iterator objects on the hot path
  peak(s, q.series, ts, q.waiting.size);
  peak(s, s.center.series, ts, total);
  touchQueue(s, queueId);
}

export function answer(s: EngineState, e: EventOf<'call.answered'>): void {
  const call = s.calls.get(e.callId);
  if (call?.phase === 'dialing') return connect(s, call, e);
  if (call?.phase !== 'waiting' || !call.queueId) {
    // Nothing known of the wait: the agent is on a call, but no queue statistic can count it.
    s.stats.anomalies++;
    const a = activeAgent(s, e.agentId, e.ts, null);
    if (call) s.calls.delete(call.id);
    startTalk(
      s,
      a,
      { ...(call ?? blankCall(e.callId, e.ts)), phase: 'talking', agentId: a.id, answeredTs: e.ts },
      e.ts,
    );
    return;
  }
  const q = queueRec(s, call.queueId);
  q.waiting.delete(call.id);
  const waitSec = Math.max(0, e.ts - call.startTs) / 1000;
  const within = withinThreshold(waitSec, q.config.slThresholdSec) ? 1 : 0;
  remember(s, { kind: 'answered', callId: call.id, queueId: q.id, ts: e.ts, waitStartTs: call.startTs, waitSec });
  const cells = at(s, q.id, null, e.ts);
  bump(cells, F.answered, 1);
  bump(cells, F.answeredWithinSl, within);
  bump(cells, F.answeredWaitSum, waitSec);
  raise(cells, F.maxWait, waitSec);
  touchQueue(s, q.id);
  const a = activeAgent(s, e.agentId, e.ts, q.id);
  call.phase = 'talking';
  call.agentId = a.id;
  call.answeredTs = e.ts;
  startTalk(s, a, call, e.ts);
}

function blankCall(id: string, ts: number): CallRec {
  return {
    id,
    direction: 'inbound',
    queueId: null,
    phase: 'talking',
    startTs: ts,
    agentId: null,
    answeredTs: ts,
    holdMs: 0,
    holdSince: null,
    callerId: null,
  };
}

export function abandon(s: EngineState, callId: string, ts: number): void {
  const call = s.calls.get(callId);
  if (call?.phase !== 'waiting' || !call.queueId) {
    s.stats.anomalies++;
    if (call?.agentId) {
      endTalk(s, call, ts);
      s.calls.delete(callId);
    }
    return;
  }
  const q = queueRec(s, call.queueId);
  q.waiting.delete(callId);
  s.calls.delete(callId);
  s.finished.set(callId, { agentId: null, queueId: q.id });
  trimFinished(s);
  const waitSec = Math.max(0, ts - call.startTs) / 1000;
  const kind = isShortAbandon(waitSec, q.config.shortAbandonSec) ? F.abandonedShort : F.abandoned;
  const within = withinThreshold(waitSec, q.config.slThresholdSec) ? 1 : 0;
  remember(s, { kind: 'abandoned', callId, queueId: q.id, ts, waitStartTs: call.startTs, waitSec });
  const cells = at(s, q.id, null, ts);
  bump(cells, kind, 1);
  bump(cells, F.abandonedWithinSl, within);
  raise(cells, F.maxWait, waitSec);
  touchQueue(s, q.id);
}
