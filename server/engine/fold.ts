// The fold: apply one event to the state, by event time. Pure: no I/O; the only clock is the event's ts and the
// arrival time the caller passes in (admission.ts). Each event type has its handler in fold/, by family.
import { TS_OUT_OF_RANGE, type EventOf, type EventType, type FloorEvent } from '../../shared/events.ts';
import { preflight, tsInRange, type FoldContext } from './admission.ts';
import { isRepeat, remember } from './dedup.ts';
import { login, logout, missed, requestState } from './fold/agents.ts';
import { clearScratch } from './fold/cells.ts';
import { abandon, answer, offer } from './fold/inbound.ts';
import { dial, fail } from './fold/outbound.ts';
import { callbackCompleted, callbackRequested, fault } from './fold/records.ts';
import { score } from './fold/scores.ts';
import { end, hold, retrieve, transfer, wrapup } from './fold/wrapup.ts';
import type { EngineState } from './state.ts';
import { F } from './tally.ts';

/** `ts out of range`: nothing was changed; the caller dead-letters the entry with this reason. */
export type FoldOutcome = 'folded' | 'duplicate' | typeof TS_OUT_OF_RANGE;

type Handler<K extends EventType> = (s: EngineState, e: EventOf<K>) => void;

/**
 * One handler per event type, typed by the event union: a new event type does not compile without one. Looked up
 * by own key only (handlerOf), so a type named like an Object.prototype member finds nothing.
 */
const HANDLERS: { readonly [K in EventType]: Handler<K> } = {
  'agent.login': login,
  'agent.logout': logout,
  'agent.state': requestState,
  'agent.missed': missed,
  'call.offered': (s, e) => offer(s, e.callId, e.queueId, e.ts, e.callerId ?? null),
  'call.dialed': dial,
  'call.answered': answer,
  'call.abandoned': (s, e) => abandon(s, e.callId, e.ts),
  'call.failed': (s, e) => fail(s, e.callId, e.ts),
  'call.held': hold,
  'call.retrieved': retrieve,
  'call.transferred': transfer,
  'call.ended': end,
  'call.wrapup': wrapup,
  // Outcomes are accepted and validated; no live metric of the contract depends on them.
  'call.disposition': () => undefined,
  'survey.completed': (s, e) => score(s, e.ts, F.csatSum, F.csatN, e.score, e.callId, e.agentId, e.queueId),
  'qa.scored': (s, e) => score(s, e.ts, F.qaSum, F.qaN, e.score, e.callId, e.agentId, undefined),
  'callback.requested': callbackRequested,
  'callback.completed': callbackCompleted,
  'system.fault': fault,
};

function handlerOf(type: string): (s: EngineState, e: FloorEvent) => void {
  if (!Object.hasOwn(HANDLERS, type)) throw new Error(`no handler for event type ${JSON.stringify(type)}`);
  // The table pairs each type with the handler of that type's events; TypeScript cannot follow the pairing.
  return HANDLERS[type as EventType] as (s: EngineState, e: FloorEvent) => void;
}

/**
 * Applies one event. Without a context (tools folding a log they trust, tests) no event is judged by its arrival.
 *
 * All or nothing: everything that can refuse or throw runs before the first write. The range check and the
 * repeat check only read; `preflight` then makes the one library call the fold makes on the event's values (the
 * zone's day bounds, via Intl, which throws outside Date's range), and the handler is looked up. What follows is
 * arithmetic on finite numbers and Map/array updates, which cannot fail half-way for an event that passed. The id
 * is remembered last, so an event that still failed would fail again when retried, not pass as a repeat.
 */
export function fold(state: EngineState, event: FloorEvent, ctx?: FoldContext): FoldOutcome {
  if (ctx && !tsInRange(event.ts, ctx)) return TS_OUT_OF_RANGE;
  if (isRepeat(state.dedup, event.id)) {
    state.stats.duplicates++;
    return 'duplicate';
  }
  preflight(state.clock, event.ts);
  const apply = handlerOf(event.type);
  state.version++; // first: what the event touches is stamped with the new version
  apply(state, event);
  remember(state.dedup, event.id);
  state.stats.folded++;
  if (event.ts > state.lastEventTs) state.lastEventTs = event.ts;
  clearScratch(); // the scratch must not keep this state's edge log alive once the event is folded
  return 'folded';
}
