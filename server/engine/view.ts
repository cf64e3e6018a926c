// view(state, now): what the screens show. Pure: the same state and instant give the same snapshot. The windows are
// computed in view/windowing.ts, their figures in view/figures.ts, who counts where in view/agents.ts.
import type {
  AgentCounts,
  AgentView,
  CenterView,
  FaultView,
  IntervalSeries,
  QueueView,
  Snapshot,
  TeamView,
} from '../../shared/snapshot.ts';
import { queueNowcast, toNowcast } from './nowcast.ts';
import { GroupTotals, type GroupQueue } from './queue-groups.ts';
import { centerStaffing, queueStaffing } from './staffing.ts';
import type { EngineState } from './state.ts';
import { agentRow, keptRows } from './view/agent-rows.ts';
import { agentQueue, countAgent, countStaffed, noAgents, oldestWaiting, queuesCounting } from './view/agents.ts';
import { agentWindow, intervalRows, queueWindow, windows } from './view/figures.ts';
import { agentStateTime, Windowing, windowStarts } from './view/windowing.ts';

const waitSec = (now: number, since: number | null) => (since === null ? null : Math.max(0, now - since) / 1000);

export type View = Omit<Snapshot, 'alerts' | 'stale' | 'bulletins'>;

export function view(state: EngineState, now: number): View {
  const starts = windowStarts(state, now);
  const w = new Windowing(state, now, starts);
  const centerAgents = noAgents();
  const queueAgents = new Map<string, AgentCounts>();
  const teamAgents = new Map<string, AgentCounts>();
  const queueStaffed = new Map<string, number>();
  for (const q of state.queues.keys()) queueAgents.set(q, noAgents());
  for (const t of state.teams.keys()) teamAgents.set(t, noAgents());
  const groups = new GroupTotals(state.groups);
  const groupQueues = new Map<string, GroupQueue>();
  const agents: AgentView[] = [];
  const nextDay = state.clock.nextDayStart(now);
  const kept = keptRows(state);

  for (const a of state.agents.values()) {
    const queueId = agentQueue(state, a);
    agents.push(agentRow(kept, a, queueId, starts, now, nextDay));
    w.addAgentTime(a);
    countAgent(centerAgents, a);
    if (a.teamId) countAgent(teamAgents.get(a.teamId)!, a);
    const counting = queuesCounting(a, queueId);
    for (const q of counting) countAgent(queueAgents.get(q)!, a);
    groups.countAgent(a, counting, () => agentStateTime(a, starts, now));
    countStaffed(queueStaffed, a);
  }

  let waiting = 0;
  let oldestAll: number | null = null;
  const queues: QueueView[] = [];
  for (const q of state.queues.values()) {
    const oldest = oldestWaiting(q);
    waiting += q.waiting.size;
    if (oldest !== null && (oldestAll === null || oldest < oldestAll)) oldestAll = oldest;
    const agents = queueAgents.get(q.id)!;
    const qw = windows(w.of(q.series), (t) => queueWindow(t, q.config.serviceLevelFormula));
    const staffing = queueStaffing(q.config, qw, queueStaffed.get(q.id) ?? 0);
    const nowcast = queueNowcast(q, qw, staffing, starts.today, now);
    const qv: QueueView = {
      id: q.id,
      name: q.config.name ?? q.id,
      waiting: q.waiting.size,
      longestWaitSec: waitSec(now, oldest),
      oldestWaitingTs: oldest,
      slThresholdSec: q.config.slThresholdSec,
      slTarget: q.config.slTarget,
      agents,
      callbacksPending: q.callbacks.size,
      windows: qw,
      staffing,
      nowcast: toNowcast(nowcast, now),
    };
    queues.push(qv);
    groupQueues.set(q.id, { rec: q, view: qv, tallies: w.of(q.series), nowcast });
  }

  const centerWindows = windows(w.of(state.center.series), (t) => queueWindow(t, 'answered+abandoned'));
  const center: CenterView = {
    waiting,
    longestWaitSec: waitSec(now, oldestAll),
    oldestWaitingTs: oldestAll,
    agents: centerAgents,
    // Queues may use different formulas; the centre uses the default one over the summed counts.
    windows: centerWindows,
    staffing: centerStaffing(
      queues.map((x) => ({ config: state.queues.get(x.id)!.config, offered15: x.windows['15m'].offered })),
      centerWindows,
      centerAgents.loggedIn - centerAgents.aux, // each agent once
    ),
  };

  const teams: TeamView[] = [];
  for (const t of state.teams.values()) {
    teams.push({
      id: t.id,
      name: t.name,
      agents: teamAgents.get(t.id)!,
      windows: windows(w.of(t.series), agentWindow),
    });
  }

  const faults: FaultView[] = [...state.faults.values()].map((f) => ({ ...f }));
  const intervals: IntervalSeries[] = [
    { id: 'center', rows: intervalRows(state.center.series, 'answered+abandoned', starts.today, now, waiting) },
    ...[...state.queues.values()].map((q) => ({
      id: q.id,
      rows: intervalRows(q.series, q.config.serviceLevelFormula, starts.today, now, q.waiting.size),
    })),
  ];
  return {
    asOf: now,
    cursor: state.cursor,
    timezone: state.timezone,
    center,
    queues,
    agents,
    teams,
    groups: groups.views((id) => groupQueues.get(id), now),
    faults,
    intervals,
  };
}
