// The fold: apply one event to the state, by event time. Pure: no I/O; the only clock is the event's ts and the
// arrival time the caller passes in (admission.ts).
import { TS_OUT_OF_RANGE, type EventOf, type FloorEvent } from '../../shared/events.ts';
import { isShortAbandon, withinThreshold } from '../../shared/metrics.ts';
import type { AgentState } from '../../shared/snapshot.ts';
import { preflight, tsInRange, type FoldContext } from './admission.ts';
import { count } from './agent-log.ts';
import { firstSight, isRepeat } from './dedup.ts';
import { EdgeTarget } from './edge.ts';
import { dropBefore, record, size, type CallFact } from './facts.ts';
import {
  KEPT_BEFORE_MIDNIGHT,
  MINUTE,
  bump,
  intervalStart,
  newCells,
  raise,
  span,
  tallies,
  type Cells,
  type Series,
} from './series.ts';
import {
  CLOSED_FAULTS_KEPT,
  FINISHED_KEPT,
  agent as agentRec,
  queue as queueRec,
  team as teamRec,
  type AgentRec,
  type CallRec,
  type EngineState,
} from './state.ts';
import { F, STATE_FIELD } from './tally.ts';
import { append, trimBefore } from './timeline.ts';

/** `ts out of range`: nothing was changed; the caller dead-letters the entry with this reason. */
export type FoldOutcome = 'folded' | 'duplicate' | typeof TS_OUT_OF_RANGE;

const FINISHED_TRIM = 1024;

/**
 * Applies one event. Without a context (tools folding a log they trust, tests) no event is judged by its arrival.
 *
 * All or nothing: everything that can refuse or throw runs before the first write. The range check and the
 * repeat check only read; `preflight` then makes the one library call the fold makes on the event's values (the
 * zone's day bounds, via Intl, which throws outside Date's range). What follows is arithmetic on finite numbers
 * and Map/array updates, which cannot fail half-way for an event that passed. The id is remembered last, so an
 * event that still failed would fail again when retried, not pass as a repeat.
 */
export function fold(state: EngineState, event: FloorEvent, ctx?: FoldContext): FoldOutcome {
  if (ctx && !tsInRange(event.ts, ctx)) return TS_OUT_OF_RANGE;
  if (isRepeat(state.dedup, event.id)) {
    state.stats.duplicates++;
    return 'duplicate';
  }
  preflight(state.clock, event.ts);
  state.version++; // first: what the event touches is stamped with the new version
  apply(state, event);
  firstSight(state.dedup, event.id);
  state.stats.folded++;
  if (event.ts > state.lastEventTs) state.lastEventTs = event.ts;
  clearScratch(); // the scratch must not keep this state's edge log alive once the event is folded
  return 'folded';
}

function apply(s: EngineState, e: FloorEvent): void {
  switch (e.type) {
    case 'agent.login':
      return login(s, e);
    case 'agent.logout':
      return logout(s, e);
    case 'agent.state':
      return requestState(s, e);
    case 'agent.missed':
      return missed(s, e);
    case 'call.offered':
      return offer(s, e.callId, e.queueId, e.ts, e.callerId ?? null);
    case 'call.dialed':
      return dial(s, e);
    case 'call.answered':
      return answer(s, e);
    case 'call.abandoned':
      return abandon(s, e.callId, e.ts);
    case 'call.failed':
      return fail(s, e.callId, e.ts);
    case 'call.held':
      return hold(s, e);
    case 'call.retrieved':
      return retrieve(s, e);
    case 'call.transferred':
      return transfer(s, e);
    case 'call.ended':
      return end(s, e);
    case 'call.wrapup':
      return wrapup(s, e);
    case 'call.disposition':
      return; // outcomes are accepted and validated; no live metric of the contract depends on them
    case 'survey.completed':
      return score(s, e.ts, F.csatSum, F.csatN, e.score, e.callId, e.agentId, e.queueId);
    case 'qa.scored':
      return score(s, e.ts, F.qaSum, F.qaN, e.score, e.callId, e.agentId, undefined);
    case 'callback.requested':
      queueRec(s, e.queueId).callbacks.set(e.callbackId, e.dueTs ?? null);
      return touchQueue(s, e.queueId);
    case 'callback.completed':
      if (!queueRec(s, e.queueId).callbacks.delete(e.callbackId)) s.stats.anomalies++;
      return touchQueue(s, e.queueId);
    case 'system.fault':
      if (e.resolved) {
        const open = s.faults.get(e.faultId);
        if (!open) s.stats.anomalies++;
        else {
          s.faults.delete(e.faultId);
          s.closedFaults.push({ ...open, closedTs: e.ts });
          if (s.closedFaults.length > CLOSED_FAULTS_KEPT)
            s.closedFaults.splice(0, s.closedFaults.length - CLOSED_FAULTS_KEPT);
        }
      } else if (!s.faults.has(e.faultId)) {
        s.faults.set(e.faultId, {
          id: e.faultId,
          component: e.component,
          severity: e.severity,
          message: e.message ?? null,
          sinceTs: e.ts,
        });
      }
      return;
  }
}

// ---- agents ---------------------------------------------------------------------------------------------

/**
 * Credits the agent's current state up to ts to its team, the centre, and every queue it serves (its own time in
 * state is read from its timeline). Events older than what was credited add nothing.
 */
function creditUntil(s: EngineState, a: AgentRec, ts: number): void {
  if (ts <= a.creditedTs) return;
  const field = a.state === 'offline' ? undefined : STATE_FIELD[a.state];
  if (field !== undefined) {
    span(s.center.series, s.clock, a.creditedTs, ts, field);
    if (a.teamId) span(teamRec(s, a.teamId).series, s.clock, a.creditedTs, ts, field);
    for (const q of a.queues) span(queueRec(s, q).series, s.clock, a.creditedTs, ts, field);
    if (a.state === 'talking' && a.direction === 'outbound') {
      const campaign = a.callId ? s.calls.get(a.callId)?.queueId : null;
      span(s.center.series, s.clock, a.creditedTs, ts, F.outTalkingMs);
      if (campaign) span(queueRec(s, campaign).series, s.clock, a.creditedTs, ts, F.outTalkingMs);
    }
  }
  a.creditedTs = ts;
}

function setState(s: EngineState, a: AgentRec, state: AgentState, reason: string | null, ts: number): void {
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

/** For talk on an outbound call, its campaign (null: none); undefined otherwise. */
function outboundCampaign(s: EngineState, a: AgentRec, state: AgentState): string | null | undefined {
  if (state !== 'talking' || a.direction !== 'outbound') return undefined;
  return (a.callId ? s.calls.get(a.callId)?.queueId : null) ?? null;
}

function touchAgent(s: EngineState, a: AgentRec): void {
  a.version = s.version;
  if (a.teamId) teamRec(s, a.teamId).version = s.version;
  for (const q of a.queues) queueRec(s, q).version = s.version;
}

function touchQueue(s: EngineState, id: string | null): void {
  if (id) queueRec(s, id).version = s.version;
}

const isBusy = (st: AgentState) => st === 'talking' || st === 'hold' || st === 'acw' || st === 'dialing';

/** An agent seen in a call event without a login is logged in on the spot. */
function activeAgent(s: EngineState, id: string, ts: number, queueId: string | null): AgentRec {
  const a = agentRec(s, id, ts);
  if (a.state === 'offline') {
    s.stats.anomalies++;
    if (queueId && !a.queues.includes(queueId)) a.queues = [...a.queues, queueId];
    setState(s, a, 'available', null, ts);
  }
  return a;
}

function login(s: EngineState, e: EventOf<'agent.login'>): void {
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

function logout(s: EngineState, e: EventOf<'agent.logout'>): void {
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

function requestState(s: EngineState, e: EventOf<'agent.state'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  if (a.state === 'offline') s.stats.anomalies++;
  const reason = e.state === 'aux' ? (e.reason ?? null) : null;
  if (isBusy(a.state)) a.pending = { state: e.state, reason };
  else setState(s, a, e.state, reason, e.ts);
  touchAgent(s, a);
}

/** A call offered to the agent rang out unanswered: counted for the agent, its team, the queue and the centre. */
function missed(s: EngineState, e: EventOf<'agent.missed'>): void {
  const a = agentRec(s, e.agentId, e.ts);
  if (a.state === 'offline') s.stats.anomalies++;
  countAll(s, e.queueId ?? null, a, e.ts, F.missed);
  touchAgent(s, a);
  touchQueue(s, e.queueId ?? null);
}

/** The agent is free again: it takes the state it asked for meanwhile, or the given one. */
function release(
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

// ---- series credits for call events ----------------------------------------------------------------------

/** Counts an amount in the agent's own log. */
function own(s: EngineState, a: AgentRec, ts: number, field: number, amount: number): void {
  count(a.log, ts, s.clock.dayStart(ts), field, amount);
}

// One scratch list: the fold is synchronous, so no two calls ever hold it at once.
const scratch = newCells();
const edgeTarget = new EdgeTarget();

function clearScratch(): Cells {
  scratch.length = 0;
  scratch.edge = null;
  edgeTarget.log = null;
  return scratch;
}

/**
 * Every tally the instant ts counts in for a call of queueId: the centre's, the queue's and (given an agent) its
 * team's. The agent's own count is kept apart (own). Valid until the next call.
 */
function at(s: EngineState, queueId: string | null, a: AgentRec | null, ts: number): Cells {
  clearScratch();
  const minute = Math.floor(ts / MINUTE);
  const day = s.clock.dayStart(ts);
  const interval = intervalStart(ts, day);
  const queue = queueId ? queueRec(s, queueId).series : null;
  const team = a?.teamId ? teamRec(s, a.teamId).series : null;
  tallies(s.center.series, minute, day, interval, scratch);
  if (queue) tallies(queue, minute, day, interval, scratch);
  if (team) tallies(team, minute, day, interval, scratch);
  scratch.edge = edgeTarget.aim(s.edge, ts, queue, team);
  return scratch;
}

/** Records a counted fact; drops what no window can reach any more in chunks, so the cost stays amortised O(1). */
function remember(s: EngineState, fact: CallFact): void {
  record(s.facts, fact);
  if (size(s.facts) % 1024 === 0) dropBefore(s.facts, s.clock.dayStart(fact.ts) - KEPT_BEFORE_MIDNIGHT);
}

/** Counts one at ts for a call of queueId (and, when given, of agent a). */
function countAll(s: EngineState, queueId: string | null, a: AgentRec | null, ts: number, field: number): void {
  bump(at(s, queueId, a, ts), field, 1);
  if (a) own(s, a, ts, field, 1);
}

// ---- inbound --------------------------------------------------------------------------------------------

function offer(s: EngineState, callId: string, queueId: string, ts: number, callerId: string | null): void {
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

function peak(s: EngineState, series: Series, ts: number, waiting: number): void {
  const day = s.clock.dayStart(ts);
  tallies(series, Math.floor(ts / MINUTE), day, intervalStart(ts, day), clearScratch());
  raise(scratch, F.peakWaiting, waiting);
}

function answer(s: EngineState, e: EventOf<'call.answered'>): void {
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

function startTalk(s: EngineState, a: AgentRec, call: CallRec, ts: number): void {
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

function abandon(s: EngineState, callId: string, ts: number): void {
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

function transfer(s: EngineState, e: EventOf<'call.transferred'>): void {
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

// ---- outbound -------------------------------------------------------------------------------------------

function dial(s: EngineState, e: EventOf<'call.dialed'>): void {
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

function connect(s: EngineState, call: CallRec, e: EventOf<'call.answered'>): void {
  const a = activeAgent(s, call.agentId ?? e.agentId, e.ts, call.queueId);
  countAll(s, call.queueId, a, e.ts, F.connected);
  touchQueue(s, call.queueId);
  call.phase = 'talking';
  call.answeredTs = e.ts;
  a.callId = call.id;
  a.direction = 'outbound';
  setState(s, a, 'talking', null, e.ts);
}

function fail(s: EngineState, callId: string, ts: number): void {
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

// ---- talk, hold, end, wrap-up ---------------------------------------------------------------------------

function hold(s: EngineState, e: EventOf<'call.held'>): void {
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

function retrieve(s: EngineState, e: EventOf<'call.retrieved'>): void {
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

function closeHold(call: CallRec, ts: number): void {
  if (call.holdSince !== null) call.holdMs += Math.max(0, ts - call.holdSince);
  call.holdSince = null;
}

function end(s: EngineState, e: EventOf<'call.ended'>): void {
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

/** Talk ends for the call's agent, who enters wrap-up holding the finished leg. */
function endTalk(s: EngineState, call: CallRec, ts: number): void {
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

function wrapup(s: EngineState, e: EventOf<'call.wrapup'>): void {
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

// ---- scores ---------------------------------------------------------------------------------------------

function score(
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

/**
 * Drops the oldest finished calls, a thousand at a time: a Map's first key is found by skipping the entries deleted
 * before it, so taking one oldest entry per call cost a scan per call.
 */
function trimFinished(s: EngineState): void {
  if (s.finished.size <= FINISHED_KEPT + FINISHED_TRIM) return;
  let excess = s.finished.size - FINISHED_KEPT;
  for (const callId of s.finished.keys()) {
    if (excess-- <= 0) break;
    s.finished.delete(callId);
  }
}
