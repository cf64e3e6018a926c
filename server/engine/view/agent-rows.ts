// An agent's row of a view, kept for the next view while a recomputed row could not differ from it: the rows of
// agents logged out (most of a large floor at night, or between shifts) are then neither rebuilt nor their windows
// recomputed. The row's own fields are compared as they are; its windows move with the clock, so a row is kept
// only up to the last instant at which its windows are provably the same (keptUntil). A kept row is one object in
// both views: whoever decorates rows (adherence) sets its field again on every view.
import type { AgentView, AgentWindow, Windows } from '../../../shared/snapshot.ts';
import { rowInstants } from '../agent-log.ts';
import { MINUTE } from '../series.ts';
import type { AgentRec, EngineState } from '../state.ts';
import { stateOf } from '../timeline.ts';
import { ROLLING, agentWindows, type Starts } from './windowing.ts';

/** An agent's row as the last view built it, and what it was built from. */
interface Kept {
  row: AgentView;
  /** What the windows were computed from: the agent's version, its log's writes, its timeline's last entry. */
  version: number;
  logWrites: number;
  timelineLength: number;
  lastFrom: number | undefined;
  lastWhat: unknown;
  asOf: number;
  keptUntil: number;
}

/**
 * By state, then by agent record: a state restored from a checkpoint (new records) starts afresh, and a dropped
 * state frees its rows. One weak entry per state, not per agent: ten thousand weak keys renewed every view made
 * each garbage collection trace them one by one.
 */
const keptByState = new WeakMap<EngineState, Map<AgentRec, Kept>>();

/** The kept rows of a state's agents, for one view's calls of agentRow. */
export function keptRows(state: EngineState): Map<AgentRec, Kept> {
  let kept = keptByState.get(state);
  if (!kept) keptByState.set(state, (kept = new Map()));
  return kept;
}

/** The agent's row at `now`: the previous view's when still exact, else a new one (its windows computed on read). */
export function agentRow(
  kept: Map<AgentRec, Kept>,
  a: AgentRec,
  queueId: string | null,
  starts: Starts,
  now: number,
  nextDay: number,
): AgentView {
  const callId = a.callId ?? a.acw?.callId ?? null;
  const k = kept.get(a);
  if (k && now >= k.asOf && now <= k.keptUntil && sameInputs(k, a) && sameFields(k.row, a, callId, queueId))
    return k.row;
  // A literal's getter is an own enumerable property (serialising reads it, as JSON.stringify does) and costs far
  // less than defining one on each row: an agent's windows are most of a view's cost on a large floor, and an
  // update carries few agents, so they are computed when first read, then kept.
  const row: AgentView = {
    id: a.id,
    name: a.name,
    teamId: a.teamId,
    state: a.state,
    reason: a.reason,
    sinceTs: a.sinceTs,
    callId,
    queueId,
    queues: a.queues,
    get windows(): Windows<AgentWindow> {
      const value = agentWindows(a, starts, now);
      Object.defineProperty(this, 'windows', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  };
  // Kept only when a later instant can reuse it: a logged-in agent's row is good for this instant alone, and
  // keeping it would only keep it alive (into the old generation) until the next view.
  const until = keptUntil(a, now, nextDay);
  if (until <= now) {
    if (k) kept.delete(a);
    return row;
  }
  const t = a.timeline;
  const next = k ?? ({} as Kept);
  next.row = row;
  next.version = a.version;
  next.logWrites = a.log.writes;
  next.timelineLength = t.from.length;
  next.lastFrom = t.from[t.from.length - 1];
  next.lastWhat = t.what[t.what.length - 1];
  next.asOf = now;
  next.keptUntil = until;
  if (!k) kept.set(a, next);
  return row;
}

function sameInputs(k: Kept, a: AgentRec): boolean {
  const t = a.timeline;
  return (
    k.version === a.version &&
    k.logWrites === a.log.writes &&
    k.timelineLength === t.from.length &&
    k.lastFrom === t.from[t.from.length - 1] &&
    k.lastWhat === t.what[t.what.length - 1]
  );
}

function sameFields(row: AgentView, a: AgentRec, callId: string | null, queueId: string | null): boolean {
  return (
    row.name === a.name &&
    row.teamId === a.teamId &&
    row.state === a.state &&
    row.reason === a.reason &&
    row.sinceTs === a.sinceTs &&
    row.callId === callId &&
    row.queueId === queueId &&
    row.queues === a.queues
  );
}

/**
 * The last instant at which the agent's windows are still those at `now`, its log and timeline unchanged:
 * - time in state grows with the clock in every logged-in state: only an agent offline since `off` ≤ now keeps
 *   its time in state, and in a rolling window of length L only once off ≤ now − L (no time in state is left in
 *   it to slide out); otherwise the row is good for this instant only;
 * - a counted row at ts leaves a rolling window L when the window's start passes it (after ts + L), and a row
 *   stamped after now (a clock behind the events') comes in at ts;
 * - today's window begins anew at the next local midnight.
 * All instants are integer ms, so the bounds are exact.
 */
function keptUntil(a: AgentRec, now: number, nextDay: number): number {
  if (a.state !== 'offline') return now;
  const t = a.timeline;
  const last = t.from.length - 1;
  const off = last >= 0 ? t.from[last]! : Number.NEGATIVE_INFINITY;
  if (last >= 0 && (stateOf(t.what[last]!) !== 'offline' || off > now)) return now;
  let until = nextDay - 1;
  for (const minutes of ROLLING) if (off > now - minutes * MINUTE) return now;
  for (const ts of rowInstants(a.log)) {
    if (ts > now) until = Math.min(until, ts - 1);
    else
      for (const minutes of ROLLING) if (ts >= now - minutes * MINUTE) until = Math.min(until, ts + minutes * MINUTE);
  }
  return until;
}
