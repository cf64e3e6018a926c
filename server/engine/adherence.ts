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
import { stateOf, type Timeline } from './timeline.ts';
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
  const from = timeline?.from ?? [];
  const what = timeline?.what ?? [];
  const sums = noSums();
  const graceMs = config.graceSec * 1000;
  const exceptions: [number, number][] = [];
  // The exception in progress: a run of out-of-adherence time is contiguous, so its start is all it needs.
  let runStart: number | null = null;
  const closeRun = (end: number) => {
    if (runStart !== null && end - runStart > graceMs) {
      for (const w of WINDOW_NAMES) sums[w].outMs += Math.max(0, end - Math.max(runStart, starts[w]));
      exceptions.push([runStart, end]);
    }
    runStart = null;
  };
  // One walk over [horizon, now), piece by piece between changes of state or activity (this runs every view, for
  // every scheduled agent: no per-piece allocation). `si`: the state in force (−1: before the first, offline).
  let lo = 0;
  let hi = from.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (from[mid]! <= horizon) lo = mid;
    else hi = mid - 1;
  }
  let si = from.length > 0 && from[lo]! <= horizon ? lo : -1;
  let ai = 0;
  for (let t = horizon; t < now; ) {
    while (si + 1 < from.length && from[si + 1]! <= t) si++;
    while (ai < acts.length && acts[ai]!.end <= t) ai++;
    const act = ai < acts.length && acts[ai]!.start <= t ? acts[ai]! : null;
    const nextState = si + 1 < from.length ? from[si + 1]! : now;
    const to = Math.min(now, nextState, act ? act.end : ai < acts.length ? acts[ai]!.start : now);
    if (act === null || act.activity === 'off') closeRun(t);
    else {
      for (const w of WINDOW_NAMES) sums[w].scheduledMs += Math.max(0, to - Math.max(t, starts[w]));
      const w = si >= 0 ? what[si]! : null;
      const ok =
        w === null
          ? satisfies(config, act.activity, 'offline', null)
          : satisfies(config, act.activity, stateOf(w), typeof w === 'string' ? w : null);
      if (ok) closeRun(t);
      else runStart ??= t;
    }
    t = to;
  }
  const outSinceTs = runStart;
  const counting = outSinceTs !== null && now - outSinceTs > graceMs;
  closeRun(now);

  const last = what.length ? what[what.length - 1]! : null;
  const stateNow =
    last === null
      ? { state: 'offline' as const, reason: null }
      : { state: stateOf(last), reason: typeof last === 'string' ? last : null };
  const current = activityAt(acts, now);
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

/** The floor's adherence at an instant: what addAdherence puts into a view. */
export interface FloorAdherence {
  agents: Map<string, AgentAdherence>;
  teams: Map<string, AdherenceWindows>;
  /** Agents the schedule has at work on each queue now. */
  queues: Map<string, number>;
  center: AdherenceWindows;
  centerScheduled: number;
}

/**
 * Each scheduled agent's adherence, each team's and the centre's (over every scheduled agent, also those not seen
 * in the stream), and how many agents the schedule puts to work on each queue now (`work` without queues: the
 * queues the agent logs in to). Null without any schedule around now.
 */
export function floorAdherence(
  state: EngineState,
  schedules: Schedules,
  config: SchedulesConfig,
  now: number,
): FloorAdherence | null {
  if (schedules.size === 0) return null;
  const starts = windowStarts(state, now);
  const center = noSums();
  const teams = new Map<string, Sums>();
  const out: FloorAdherence = {
    agents: new Map(),
    teams: new Map(),
    queues: new Map(),
    center: windowsOf(center),
    centerScheduled: 0,
  };
  for (const [agentId, acts] of schedules) {
    const a = state.agents.get(agentId);
    const r = agentAdherence(acts, a?.timeline ?? null, starts, now, config);
    out.agents.set(agentId, r.adherence);
    addSums(center, r.sums);
    if (a?.teamId) {
      if (!teams.has(a.teamId)) teams.set(a.teamId, noSums());
      addSums(teams.get(a.teamId)!, r.sums);
    }
    const act = activityAt(acts, now);
    if (act?.activity !== 'work') continue;
    out.centerScheduled++;
    for (const q of act.queues.length ? act.queues : (a?.queues ?? [])) out.queues.set(q, (out.queues.get(q) ?? 0) + 1);
  }
  for (const [id, sums] of teams) out.teams.set(id, windowsOf(sums));
  out.center = windowsOf(center);
  return out;
}

/**
 * Adds the floor's adherence to a view fresh from view() (agents without a schedule get null, teams without one
 * empty windows). Null adds nothing: a centre that does not schedule gets the snapshot it always had.
 */
export function addAdherence(v: View, f: FloorAdherence | null): void {
  if (f === null) return;
  for (const agent of v.agents) agent.adherence = f.agents.get(agent.id) ?? null;
  for (const team of v.teams) team.adherence = f.teams.get(team.id) ?? windowsOf(noSums());
  for (const queue of v.queues) queue.scheduled = f.queues.get(queue.id) ?? 0;
  v.center.adherence = f.center;
  v.center.scheduled = f.centerScheduled;
}
