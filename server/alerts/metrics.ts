// How each alert metric is read from the view at `now`, and the entities a rule's scope covers.
import { CENTER_ID, type MetricName, type Rule, type ScopeKind } from '../../shared/alerts.ts';
import type { AgentView, CenterView, QueueView, TeamView, WindowName } from '../../shared/snapshot.ts';
import type { View } from '../engine/index.ts';

/** Inputs the view does not hold. */
export interface AlertExtra {
  /**
   * Wall-clock time the last stream entry arrived (or the node started, before any did). The view has no such
   * field: event time would make a replay after a restart look like a silent feed.
   */
  lastEventTs: number | null;
}

export type Target =
  | { kind: 'center'; id: string; name: string; view: CenterView }
  | { kind: 'queue'; id: string; name: string; view: QueueView }
  | { kind: 'team'; id: string; name: string; view: TeamView }
  | { kind: 'agent'; id: string; name: string; view: AgentView };

const CENTER_NAME = 'Call center';

/** The entities of the view a rule's scope covers, in view order. */
export function targetsOf(view: View, kind: ScopeKind, ids: readonly string[] | undefined): Target[] {
  const all: Target[] =
    kind === 'center'
      ? [{ kind, id: CENTER_ID, name: CENTER_NAME, view: view.center }]
      : kind === 'queue'
        ? view.queues.map((q) => ({ kind, id: q.id, name: q.name, view: q }))
        : kind === 'team'
          ? view.teams.map((t) => ({ kind, id: t.id, name: t.name, view: t }))
          : view.agents.map((a) => ({ kind, id: a.id, name: a.name, view: a }));
  return ids ? all.filter((t) => ids.includes(t.id)) : all;
}

export interface MeasureContext {
  rule: Rule;
  now: number;
  view: View;
  extra: AlertExtra;
}

type Measure = (t: Target, c: MeasureContext) => number | null;

function win(t: Target, w: WindowName | undefined) {
  if (!w) throw new Error('a windowed metric was evaluated without a window');
  return t.view.windows[w];
}

/** Queue and center windows carry the inbound measures; the schema keeps rules on them to those kinds. */
function inbound(t: Target, w: WindowName | undefined) {
  if (t.kind !== 'queue' && t.kind !== 'center') throw new Error(`no inbound window for a ${t.kind}`);
  return win(t, w) as QueueView['windows'][WindowName];
}

function current(t: Target): QueueView | CenterView {
  if (t.kind !== 'queue' && t.kind !== 'center') throw new Error(`no queue figures for a ${t.kind}`);
  return t.view;
}

/** Seconds an agent has been in its current state, when that state (and reason) is one the rule watches. */
function timeInState(t: Target, { rule, now }: MeasureContext): number | null {
  if (t.kind !== 'agent') return null;
  const a = t.view;
  const stateOk = rule.agentStates ? rule.agentStates.includes(a.state) : a.state !== 'offline';
  const reasonOk = !rule.reasons || (a.reason !== null && rule.reasons.includes(a.reason));
  return stateOk && reasonOk ? Math.max(0, now - a.sinceTs) / 1000 : null;
}

export function matchingFaults(view: View, rule: Rule): View['faults'] {
  return rule.faultSeverities ? view.faults.filter((f) => rule.faultSeverities!.includes(f.severity)) : view.faults;
}

export const MEASURES: Record<MetricName, Measure> = {
  serviceLevel: (t, c) => inbound(t, c.rule.window).serviceLevel,
  serviceLevelVsTarget: (t, c) => {
    if (t.kind !== 'queue') return null;
    const sl = inbound(t, c.rule.window).serviceLevel;
    return sl === null ? null : sl - t.view.slTarget;
  },
  asaSec: (t, c) => inbound(t, c.rule.window).asaSec,
  abandonRate: (t, c) => inbound(t, c.rule.window).abandonRate,
  ahtSec: (t, c) => win(t, c.rule.window).ahtSec,
  occupancy: (t, c) => win(t, c.rule.window).occupancy,
  waiting: (t) => current(t).waiting,
  // The view's figure is as of the view's instant; the oldest call's timestamp gives it at `now`.
  longestWaitSec: (t, c) => {
    const oldest = current(t).oldestWaitingTs;
    return oldest === null ? null : Math.max(0, c.now - oldest) / 1000;
  },
  breachingSoon: (t) => (t.kind === 'queue' ? t.view.nowcast.breachingSoon : null),
  projectedIntervalSl: (t) => (t.kind === 'queue' ? t.view.nowcast.projectedIntervalSl : null),
  agentsAvailable: (t) => current(t).agents.available,
  timeInStateSec: timeInState,
  openFaults: (_t, c) => matchingFaults(c.view, c.rule).length,
  feedSilentSec: (_t, c) => {
    const last = c.extra.lastEventTs;
    if (last === null || c.view.center.agents.loggedIn === 0) return null;
    return Math.max(0, c.now - last) / 1000;
  },
  adherence: (t, c) => {
    if (t.kind !== 'team' && t.kind !== 'center') return null;
    return t.view.adherence?.[c.rule.window!].adherence ?? null;
  },
  outOfAdherenceSec: (t, c) => {
    const since = t.kind === 'agent' ? t.view.adherence?.outSinceTs : null;
    return since === null || since === undefined ? null : Math.max(0, c.now - since) / 1000;
  },
};
