// A call's life after the answer: holds, transfers, the hang-up and the agent's wrap-up.
import type { EventOf } from '../../../shared/events.ts';
import { bump } from '../series.ts';
import { queue as queueRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';
import { release, setState, touchQueue } from './agent-state.ts';
import { at, own, remember } from './cells.ts';
import { abandon, offer } from './inbound.ts';
import { closeHold, endTalk } from './legs.ts';
import { fail } from './outbound.ts';

export function hold(s: EngineState, e: EventOf<'call.held'>): void {
  const call = s.calls.get(e.callId);
  const a = call?.agentId ? s.agents.get(call.agentId) : undefined;
  if (call?.phase !== 'talking' || !a) {
    s.stats.anomalies++;
    return;
  }
  call.phase = 'hold';
  call.holdSince = e.ts;
  setState(s, a, 'hold', null, e.ts);
}

export function retrieve(s: EngineState, e: EventOf<'call.retrieved'>): void {
  const call = s.calls.get(e.callId);
  const a = call?.agentId ? s.agents.get(call.agentId) : undefined;
  if (call?.phase !== 'hold' || !a) {
    s.stats.anomalies++;
    return;
  }
  closeHold(call, e.ts);
  call.phase = 'talking';
  setState(s, a, 'talking', null, e.ts);
}

export function transfer(s: EngineState, e: EventOf<'call.transferred'>): void {
  const call = s.calls.get(e.callId);
  if (!call) {
    s.stats.anomalies++;
    return offer(s, e.callId, e.toQueueId, e.ts, null);
  }
  if (call.phase === 'waiting' && call.queueId) {
    // Moved before anyone answered: it leaves the first queue neither answered nor abandoned.
    queueRec(s, call.queueId).waiting.delete(call.id);
    touchQueue(s, call.queueId);
  } else if (call.agentId) {
    endTalk(s, call, e.ts);
  }
  s.calls.delete(call.id);
  offer(s, call.id, e.toQueueId, e.ts, call.callerId);
}

export function end(s: EngineState, e: EventOf<'call.ended'>): void {
  const call = s.calls.get(e.callId);
  if (!call) {
    s.stats.anomalies++;
    return;
  }
  if (call.phase === 'waiting') return abandon(s, call.id, e.ts);
  if (call.phase === 'dialing') return fail(s, call.id, e.ts);
  endTalk(s, call, e.ts);
  s.calls.delete(call.id);
}

export function wrapup(s: EngineState, e: EventOf<'call.wrapup'>): void {
  const a = s.agents.get(e.agentId);
  if (a?.state !== 'acw' || !a.acw || a.acw.callId !== e.callId) {
    s.stats.anomalies++;
    return;
  }
  const leg = a.acw;
  const acwSec = Math.max(0, e.ts - leg.endedTs) / 1000;
  remember(s, {
    kind: 'handled',
    callId: leg.callId,
    queueId: leg.queueId,
    agentId: a.id,
    ts: e.ts,
    answeredTs: leg.answeredTs,
    talkSec: leg.talkMs / 1000,
    holdSec: leg.holdMs / 1000,
    acwSec,
  });
  const cells = at(s, leg.queueId, a, e.ts);
  bump(cells, F.handled, 1);
  bump(cells, F.handleTalk, leg.talkMs / 1000);
  bump(cells, F.handleHold, leg.holdMs / 1000);
  bump(cells, F.handleAcw, acwSec);
  own(s, a, e.ts, F.handled, 1);
  own(s, a, e.ts, F.handleTalk, leg.talkMs / 1000);
  own(s, a, e.ts, F.handleHold, leg.holdMs / 1000);
  own(s, a, e.ts, F.handleAcw, acwSec);
  touchQueue(s, leg.queueId);
  release(s, a, e.ts, { state: 'available', reason: null });
}
