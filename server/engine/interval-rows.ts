// The 15-minute rows of the history (CONTRACT §6): for one interval, the centre's, every queue's, team's and
// agent's tally, by the same fold and definitions as the live windows. Pure: a function of the state and an instant.
import type { DayClock } from '../../shared/time.ts';
import type { ReportScope } from '../../shared/history.ts';
import { sumLog } from './agent-log.ts';
import { INTERVAL, intervalStart, type Series } from './series.ts';
import type { AgentRec, EngineState } from './state.ts';
import { F, STATE_FIELD, addInto, newTally, type Tally } from './tally.ts';
import { addStateTime, type Timeline } from './timeline.ts';
import { AGENT_STATES } from '../../shared/snapshot.ts';

export interface RawRow {
  scope: ReportScope;
  id: string;
  name: string;
  start: number;
  end: number;
  /** The interval's counters (tally.ts); state time in ms. */
  tally: Tally;
  /** Aux time by reason, ms (teams and agents; aux without a reason counts under ''). */
  auxByReason: Map<string, number>;
}

const CENTER_ID = 'center';

/** The interval [start, end) that contains ts, aligned to the zone's local midnight (92 or 100 on DST days). */
export function intervalOf(clock: DayClock, ts: number): { start: number; end: number } {
  const day = clock.dayStart(ts);
  const start = intervalStart(ts, day);
  return { start, end: Math.min(start + INTERVAL, clock.nextDayStart(ts)) };
}

/** The starts of the intervals that begin in [from, to). */
export function intervalStarts(clock: DayClock, from: number, to: number): number[] {
  const out: number[] = [];
  let { start, end } = intervalOf(clock, from);
  if (start < from) ({ start, end } = intervalOf(clock, end));
  while (start < to) {
    out.push(start);
    ({ start, end } = intervalOf(clock, end));
  }
  return out;
}

function seriesTally(series: Series, start: number): Tally {
  const t = newTally();
  const stored = series.intervals?.get(start);
  if (stored) addInto(t, stored);
  return t;
}

/**
 * Every row of the interval that starts at `start`, as the state knows it at `now` (the interval's end or later for
 * a closed interval; inside it for the running one, which then covers [start, now)). Agents who were neither
 * logged in nor counted anything in the interval get no row.
 */
export function intervalRawRows(state: EngineState, start: number, now: number): RawRow[] {
  const { end } = intervalOf(state.clock, start);
  const until = Math.min(end, now);
  const row = (scope: ReportScope, id: string, name: string, tally: Tally): RawRow => ({
    scope,
    id,
    name,
    start,
    end,
    tally,
    auxByReason: new Map(),
  });

  const center = row('center', CENTER_ID, CENTER_ID, seriesTally(state.center.series, start));
  const queues = new Map<string, RawRow>();
  for (const q of state.queues.values())
    queues.set(q.id, row('queue', q.id, q.config.name ?? q.id, seriesTally(q.series, start)));
  const teams = new Map<string, RawRow>();
  for (const t of state.teams.values()) teams.set(t.id, row('team', t.id, t.name, seriesTally(t.series, start)));

  const agents: RawRow[] = [];
  for (const a of state.agents.values()) {
    addOpenSpan(state, a, start, until, center, queues, teams);
    const own = agentRow(a, start, end, until);
    if (!own) continue;
    agents.push(own);
    const team = a.teamId ? teams.get(a.teamId) : undefined;
    if (team)
      for (const [reason, ms] of own.auxByReason)
        team.auxByReason.set(reason, (team.auxByReason.get(reason) ?? 0) + ms);
  }
  if (now < end) {
    // The running interval's peak includes the calls waiting now, as on the live board.
    let waiting = 0;
    for (const q of state.queues.values()) {
      waiting += q.waiting.size;
      const t = queues.get(q.id)!.tally;
      t[F.peakWaiting] = Math.max(t[F.peakWaiting]!, q.waiting.size);
    }
    center.tally[F.peakWaiting] = Math.max(center.tally[F.peakWaiting]!, waiting);
  }
  return [center, ...queues.values(), ...teams.values(), ...agents];
}

/** The part of the agent's current state inside [start, until) not yet credited to its aggregates by the fold. */
function addOpenSpan(
  state: EngineState,
  a: AgentRec,
  start: number,
  until: number,
  center: RawRow,
  queues: Map<string, RawRow>,
  teams: Map<string, RawRow>,
): void {
  if (a.state === 'offline') return;
  const ms = until - Math.max(start, a.creditedTs);
  if (ms <= 0) return;
  const field = STATE_FIELD[a.state];
  const credit = (r: RawRow | undefined, f: number) => {
    if (r) r.tally[f] = r.tally[f]! + ms;
  };
  credit(center, field);
  if (a.teamId) credit(teams.get(a.teamId), field);
  for (const q of a.queues) credit(queues.get(q), field);
  if (a.state === 'talking' && a.direction === 'outbound') {
    const campaign = a.callId ? state.calls.get(a.callId)?.queueId : null;
    credit(center, F.outTalkingMs);
    if (campaign) credit(queues.get(campaign), F.outTalkingMs);
  }
}

/** The agent's own counts from its log, counted in [start, until), and its time in state. */
function agentRow(a: AgentRec, start: number, end: number, until: number): RawRow | null {
  const tally = newTally();
  sumLog(a.log, start, until - 1, tally);
  const auxByReason = new Map<string, number>();
  addStateTime(a.timeline, start, until, tally);
  addAuxReasons(a.timeline, start, until, auxByReason);
  let any = false;
  for (let i = 0; i < tally.length && !any; i++) any = tally[i] !== 0;
  return any ? { scope: 'agent', id: a.id, name: a.name, start, end, tally, auxByReason } : null;
}

const AUX = AGENT_STATES.indexOf('aux');

/** Aux time by reason within [start, end), from the timeline (aux without a reason under ''). */
function addAuxReasons(t: Timeline, start: number, end: number, aux: Map<string, number>): void {
  for (let i = t.from.length - 1; i >= 0; i--) {
    const what = t.what[i]!;
    if (typeof what === 'string' || what === AUX) {
      const ms = (i + 1 < t.from.length ? Math.min(end, t.from[i + 1]!) : end) - Math.max(start, t.from[i]!);
      const reason = typeof what === 'string' ? what : '';
      if (ms > 0) aux.set(reason, (aux.get(reason) ?? 0) + ms);
    }
    if (t.from[i]! <= start) return;
  }
}
