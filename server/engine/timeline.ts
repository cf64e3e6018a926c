// An agent's states over today and the hour before, as two parallel arrays: two small values per change rather
// than an object, because a large floor makes hundreds of thousands of changes a day. The agent's time in state in
// any window is read from here, so its own counters need no per-state fields.
import { AGENT_STATES, type AgentState } from '../../shared/snapshot.ts';
import { STATE_FIELD, type Tally } from './tally.ts';

export interface Timeline {
  /** when each state began, ascending */
  from: number[];
  /** the state as an index into AGENT_STATES, or, for aux with a reason, the reason */
  what: (number | string)[];
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

/** Only aux carries a reason (fold.ts). */
export function append(t: Timeline, state: AgentState, reason: string | null, from: number): void {
  t.from.push(from);
  t.what.push(state === 'aux' && reason !== null ? reason : CODE[state]);
}

function stateOf(what: number | string): AgentState {
  return typeof what === 'string' ? 'aux' : AGENT_STATES[what]!;
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
