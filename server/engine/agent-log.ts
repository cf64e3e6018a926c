// An agent's own call counts: a log of the last hour's counted amounts for the rolling windows, and a tally of
// today. A log, not a ring of per-minute tallies: an agent counts a few calls an hour, and 10,000 rings of mostly
// empty minutes were most of the engine's memory. Time in state is not here: it is read from the timeline.
import { MINUTE, RING } from './series.ts';
import { F, FIELDS, newTally, type Tally } from './tally.ts';

export interface AgentLog {
  /** per row: ts × KEY_SPAN + field; one number instead of two (exact: it stays below 2^53) */
  key: number[];
  amount: number[];
  /** the latest minute counted: rows older than the ring's reach from it are dropped */
  latest: number;
  /** the local day `today` counts */
  day: number;
  today: Tally;
  /** Bumped on every count, so a view can tell that the agent's own windows must be recomputed. */
  writes: number;
}

const KEY_SPAN = 32;
const TRIM_CHUNK = 16;

/** The counters an agent's own windows read (view.ts agentWindow); the others are not kept per agent. */
const KEPT = new Set<number>([
  F.handled,
  F.handleTalk,
  F.handleHold,
  F.handleAcw,
  F.dialed,
  F.connected,
  F.csatSum,
  F.csatN,
  F.qaSum,
  F.qaN,
  F.missed,
]);

if (FIELDS.length > KEY_SPAN) throw new Error('agent-log: KEY_SPAN must exceed the number of tally fields');

export function newAgentLog(): AgentLog {
  return { key: [], amount: [], latest: -1, day: -1, today: newTally(), writes: 0 };
}

export function count(log: AgentLog, ts: number, dayStart: number, field: number, amount: number): void {
  if (!KEPT.has(field)) return;
  log.writes++;
  // Only today is shown: a late count for a day already over changes nothing on screen.
  if (dayStart > log.day) {
    log.day = dayStart;
    log.today.fill(0);
  }
  if (dayStart === log.day) log.today[field] = log.today[field]! + amount;
  const minute = Math.floor(ts / MINUTE);
  if (minute > log.latest) log.latest = minute;
  const oldest = log.latest - RING + 1;
  if (minute < oldest) return; // older than anything a rolling window can still show
  log.key.push(ts * KEY_SPAN + field);
  log.amount.push(amount);
  // Rows out of reach are dropped in chunks (sumLog skips them meanwhile): a splice per count was a copy per event.
  let drop = 0;
  while (drop < log.key.length && log.key[drop]! < oldest * MINUTE * KEY_SPAN) drop++;
  if (drop >= TRIM_CHUNK) {
    log.key.splice(0, drop);
    log.amount.splice(0, drop);
  }
}

/** Today's counts at dayStart (zero when nothing was counted that day). */
export function todayTally(log: AgentLog, dayStart: number): Tally {
  return log.day === dayStart ? log.today.slice() : newTally();
}

/** Adds the rows counted in [from, to] (ms, both included) to `into`. */
export function sumLog(log: AgentLog, from: number, to: number, into: Tally): void {
  const lo = from * KEY_SPAN;
  const hi = (to + 1) * KEY_SPAN;
  for (let i = 0; i < log.key.length; i++) {
    const k = log.key[i]!;
    if (k >= lo && k < hi) into[k % KEY_SPAN] = into[k % KEY_SPAN]! + log.amount[i]!;
  }
}

/** The instants of the rows kept, in the order counted (late events make it unordered). */
export function rowInstants(log: AgentLog): number[] {
  return log.key.map((k) => Math.floor(k / KEY_SPAN));
}
