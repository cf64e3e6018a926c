// Where a call event's counts go: the tallies the instant counts in (centre, queue, team, the edge log), the
// agent's own log, and the facts behind each counted call.
import { count } from '../agent-log.ts';
import { EdgeTarget } from '../edge.ts';
import { dropBefore, record, size, type CallFact } from '../facts.ts';
import {
  KEPT_BEFORE_MIDNIGHT,
  MINUTE,
  bump,
  intervalStart,
  newCells,
  raise,
  tallies,
  type Cells,
  type Series,
} from '../series.ts';
import { queue as queueRec, team as teamRec, type AgentRec, type EngineState } from '../state.ts';
import { F } from '../tally.ts';

/** Counts an amount in the agent's own log. */
export function own(s: EngineState, a: AgentRec, ts: number, field: number, amount: number): void {
  count(a.log, ts, s.clock.dayStart(ts), field, amount);
}

// One scratch list: the fold is synchronous, so no two calls ever hold it at once.
const scratch = newCells();
const edgeTarget = new EdgeTarget();

/** Empties the scratch; the fold calls it after each event so that it does not keep the state's edge log alive. */
export function clearScratch(): Cells {
  scratch.length = 0;
  scratch.edge = null;
  edgeTarget.log = null;
  return scratch;
}

/**
 * Every tally the instant ts counts in for a call of queueId: the centre's, the queue's and (given an agent) its
 * team's. The agent's own count is kept apart (own). Valid until the next call.
 */
export function at(s: EngineState, queueId: string | null, a: AgentRec | null, ts: number): Cells {
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
export function remember(s: EngineState, fact: CallFact): void {
  record(s.facts, fact);
  if (size(s.facts) % 1024 === 0) dropBefore(s.facts, s.clock.dayStart(fact.ts) - KEPT_BEFORE_MIDNIGHT);
}

/** Counts one at ts for a call of queueId (and, when given, of agent a). */
export function countAll(s: EngineState, queueId: string | null, a: AgentRec | null, ts: number, field: number): void {
  bump(at(s, queueId, a, ts), field, 1);
  if (a) own(s, a, ts, field, 1);
}

/** Raises the peak of calls waiting in the minute, day and interval of ts. */
export function peak(s: EngineState, series: Series, ts: number, waiting: number): void {
  const day = s.clock.dayStart(ts);
  tallies(series, Math.floor(ts / MINUTE), day, intervalStart(ts, day), clearScratch());
  raise(scratch, F.peakWaiting, waiting);
}
