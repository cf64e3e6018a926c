// An agent's states over today and the hour before, as two parallel arrays: two small values per change rather
// than an object, because a large floor makes hundreds of thousands of changes a day. The agent's time in state in
// any window is read from here, so its own counters need no per-state fields.
import { AGENT_STATES, type AgentState } from '../../shared/snapshot.ts';
import { STATE_FIELD, type Tally } from './tally.ts';

/** Talking on an outbound call, and its campaign: outbound talk time counts for the campaign (outbound.talkSec). */
export interface Outbound {
  campaign: string | null;
}

export interface Timeline {
  /** when each state began, ascending */
  from: number[];
  /** the state as an index into AGENT_STATES; for aux with a reason, the reason; for outbound talk, its campaign */
  what: (number | string | Outbound)[];
}

export interface TimelineEntry {
  state: AgentState;
  reason: string | null;
  from: number;
}

const CODE = Object.fromEntries(AGENT_STATES.map((s, i) => [s, i])) as Record<AgentState, number>;

export function newTimeline(): Timeline {
  return { from: [], what: [] };
}

/** One mark per campaign, shared by every entry that names it: an outbound call costs no object of its own. */
const OUTBOUND = new Map<string | null, Outbound>();

function outbound(campaign: string | null): Outbound {
  let mark = OUTBOUND.get(campaign);
  if (!mark) OUTBOUND.set(campaign, (mark = { campaign }));
  return mark;
}

/** Only aux carries a reason (fold.ts); `campaign` is given (null: none) for talk on an outbound call. */
export function append(
  t: Timeline,
  state: AgentState,
  reason: string | null,
  from: number,
  campaign?: string | null,
): void {
  t.from.push(from);
  if (state === 'talking' && campaign !== undefined) t.what.push(outbound(campaign));
  else t.what.push(state === 'aux' && reason !== null ? reason : CODE[state]);
}

export function stateOf(what: number | string | Outbound): AgentState {
  if (typeof what === 'string') return 'aux';
  return typeof what === 'number' ? AGENT_STATES[what]! : 'talking';
}

/** Drops what ended before keepFrom; the entry in force at keepFrom stays. */
export function trimBefore(t: Timeline, keepFrom: number): void {
  let drop = 0;
  while (drop + 1 < t.from.length && t.from[drop + 1]! <= keepFrom) drop++;
  if (drop === 0) return;
  t.from.splice(0, drop);
  t.what.splice(0, drop);
}

export function entries(t: Timeline): TimelineEntry[] {
  return t.from.map((from, i) => {
    const what = t.what[i]!;
    return { state: stateOf(what), reason: typeof what === 'string' ? what : null, from };
  });
}

/** Receives an agent's time in one logged-in state; `outbound` is set for talk on an outbound call. */
export interface StateSink {
  span(field: number, ms: number, outbound: Outbound | null): void;
}

/** Hands the time spent in each logged-in state within [start, end) to sink, piece by piece. */
export function stateTimeWithin(t: Timeline, start: number, end: number, sink: StateSink): void {
  // The entry in force at start: the last one that began at or before it (a binary search: timelines hold a day).
  let lo = 0;
  let hi = t.from.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.from[mid]! <= start) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i < t.from.length && t.from[i]! < end; i++) {
    const from = Math.max(start, t.from[i]!);
    const to = i + 1 < t.from.length ? Math.min(end, t.from[i + 1]!) : end;
    const what = t.what[i]!;
    const state = stateOf(what);
    if (to > from && state !== 'offline')
      sink.span(STATE_FIELD[state], to - from, typeof what === 'object' ? what : null);
  }
}

/** Adds the time spent in each logged-in state within [start, end) to its counter in `into`. */
export function addStateTime(t: Timeline, start: number, end: number, into: Tally): void {
  for (let i = t.from.length - 1; i >= 0; i--) {
    const to = i + 1 < t.from.length ? Math.min(end, t.from[i + 1]!) : end;
    const from = Math.max(start, t.from[i]!);
    const state = stateOf(t.what[i]!);
    if (to > from && state !== 'offline') into[STATE_FIELD[state]] = into[STATE_FIELD[state]]! + (to - from);
    if (t.from[i]! <= start) return;
  }
}
