// Real-time schedule adherence (issue 17; docs/contract.md, "Schedules and adherence"). Pure: from the schedule,
// the agents' timelines and the clock. An agent is out of adherence while scheduled (any activity but `off`) and in
// a state the activity does not accept; an exception (a run of such time, across activity changes) counts, from its
// start, once it has lasted longer than the grace. Adherence over a window = 1 − counted out time ÷ scheduled time.
import type {
  Activity,
  AdherenceWindow,
  AdherenceWindows,
  AgentAdherence,
  ScheduledActivity,
  SchedulesConfig,
} from '../../shared/schedules.ts';
import { WINDOW_NAMES, type AgentState, type WindowName } from '../../shared/vocabulary.ts';
import type { EngineState } from './state.ts';
import { entries, type Timeline } from './timeline.ts';
import { windowStarts, type View } from './view.ts';

export type Schedules = ReadonlyMap<string, readonly ScheduledActivity[]>;

/** Scheduled and counted out-of-adherence ms of one agent or a sum of them, per window. */
type Sums = Record<WindowName, { scheduledMs: number; outMs: number }>;

const noSums = (): Sums => ({
  today: { scheduledMs: 0, outMs: 0 },
  '60m': { scheduledMs: 0, outMs: 0 },
  '15m': { scheduledMs: 0, outMs: 0 },
});

/** Whether a state (aux with its reason) satisfies an activity, by the configured tokens. */
function satisfies(config: SchedulesConfig, activity: Activity, state: AgentState, reason: string | null): boolean {
  if (activity === 'off') return true;
  const accepted = config.states[activity];
  return accepted.includes(state) || (state === 'aux' && reason !== null && accepted.includes(`aux:${reason}`));
}

function activityAt(acts: readonly ScheduledActivity[], ts: number): ScheduledActivity | null {
  for (const a of acts) if (a.start <= ts && ts < a.end) return a;
  return null;
}

const scheduledAt = (a: ScheduledActivity | null) => a !== null && a.activity !== 'off';

interface AgentResult {
  adherence: AgentAdherence;
  sums: Sums;
  /** The exceptions that count, [start, end), oldest first (the one in progress ends at now). */
  exceptions: [number, number][];
}

/**
 * One agent's adherence at `now`. Time before `horizon` is not looked at (the timeline starts an hour before local
 * midnight); an agent absent from the stream (`timeline` null) is offline throughout.
 */
export function agentAdherence(
  acts: readonly ScheduledActivity[],
  timeline: Timeline | null,
  starts: Record<WindowName, number>,
  now: number,
  config: SchedulesConfig,
): AgentResult {
  const horizon = Math.min(starts.today, starts['60m']);
  const states = timeline ? entries(timeline) : [];
  // Every instant in [horizon, now) where the activity or the state may change.
  const cuts = new Set<number>([horizon, now]);
  for (const a of acts) for (const t of [a.start, a.end]) if (t > horizon && t < now) cuts.add(t);
  for (const s of states) if (s.from > horizon && s.from < now) cuts.add(s.from);
  const times = [...cuts].sort((a, b) => a - b);

  const sums = noSums();
  const graceMs = config.graceSec * 1000;
  let s = 0;
  // The exception in progress: its start, and its pieces until it is known whether it outlasts the grace.
  let runStart: number | null = null;
  let runPieces: [number, number][] = [];
  const addOut = (pieces: [number, number][]) => {
    for (const w of WINDOW_NAMES)
      for (const [from, to] of pieces) sums[w].outMs += Math.max(0, to - Math.max(from, starts[w]));
  };
  const exceptions: [number, number][] = [];
  const closeRun = (end: number) => {
    if (runStart !== null && end - runStart > graceMs) {
      addOut(runPieces);
      exceptions.push([runStart, end]);
    }
    runStart = null;
    runPieces = [];
  };
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i]!;
    const to = times[i + 1]!;
    while (s + 1 < states.length && states[s + 1]!.from <= from) s++;
    const st = states[s] && states[s]!.from <= from ? states[s]! : { state: 'offline' as const, reason: null };
    const act = activityAt(acts, from);
    if (!scheduledAt(act)) {
      closeRun(from);
      continue;
    }
    for (const w of WINDOW_NAMES) sums[w].scheduledMs += Math.max(0, to - Math.max(from, starts[w]));
    if (satisfies(config, act!.activity, st.state, st.reason)) closeRun(from);
    else {
      runStart ??= from;
      runPieces.push([from, to]);
    }
  }
  const outSinceTs = runStart;
  const counting = outSinceTs !== null && now - outSinceTs > graceMs;
  closeRun(now);

  const current = activityAt(acts, now);
  const stateNow = states.length ? states[states.length - 1]! : { state: 'offline' as const, reason: null };
  const inAdherence = scheduledAt(current)
    ? satisfies(config, current!.activity, stateNow.state, stateNow.reason)
    : null;
  return {
    adherence: {
      activity: scheduledAt(current) ? current!.activity : null,
      activityEnd: scheduledAt(current) ? current!.end : null,
      inAdherence,
      // The run ends at now when the state or the activity changes exactly now.
      outSinceTs: inAdherence === false ? (outSinceTs ?? now) : null,
      counting: inAdherence === false && counting,
      windows: windowsOf(sums),
    },
    sums,
    exceptions,
  };
}

function windowsOf(sums: Sums): AdherenceWindows {
  const one = ({ scheduledMs, outMs }: Sums[WindowName]): AdherenceWindow => ({
    scheduledSec: scheduledMs / 1000,
    outSec: outMs / 1000,
    adherence: scheduledMs > 0 ? 1 - outMs / scheduledMs : null,
  });
  return { today: one(sums.today), '60m': one(sums['60m']), '15m': one(sums['15m']) };
}

function addSums(into: Sums, s: Sums): void {
  for (const w of WINDOW_NAMES) {
    into[w].scheduledMs += s[w].scheduledMs;
    into[w].outMs += s[w].outMs;
  }
}

/**
 * Adds adherence to a view fresh from view(): each agent's (null without a schedule around now), each team's and
 * the centre's (over every scheduled agent, also those not seen in the stream), and how many agents the schedule
 * puts to work on each queue now (`work` without queues: the queues the agent logs in to). Without any schedule
 * around now it adds nothing: a centre that does not schedule gets the snapshot it always had.
 */
export function addAdherence(
  v: View,
  state: EngineState,
  schedules: Schedules,
  config: SchedulesConfig,
  now: number,
): void {
  if (schedules.size === 0) return;
  const starts = windowStarts(state, now);
  const results = new Map<string, AgentResult>();
  for (const [agentId, acts] of schedules)
    results.set(agentId, agentAdherence(acts, state.agents.get(agentId)?.timeline ?? null, starts, now, config));

  const center = noSums();
  const teams = new Map<string, Sums>();
  const scheduled = new Map<string, number>();
  let centerScheduled = 0;
  for (const [agentId, r] of results) {
    addSums(center, r.sums);
    const a = state.agents.get(agentId);
    if (a?.teamId) {
      if (!teams.has(a.teamId)) teams.set(a.teamId, noSums());
      addSums(teams.get(a.teamId)!, r.sums);
    }
    const act = activityAt(schedules.get(agentId)!, now);
    if (act?.activity !== 'work') continue;
    centerScheduled++;
    for (const q of act.queues.length ? act.queues : (a?.queues ?? [])) scheduled.set(q, (scheduled.get(q) ?? 0) + 1);
  }
  for (const agent of v.agents) agent.adherence = results.get(agent.id)?.adherence ?? null;
  for (const team of v.teams) team.adherence = windowsOf(teams.get(team.id) ?? noSums());
  for (const queue of v.queues) queue.scheduled = scheduled.get(queue.id) ?? 0;
  v.center.adherence = windowsOf(center);
  v.center.scheduled = centerScheduled;
}
