// The schedule chart's rows: a day's activities grouped by team (the teams' order, then agents without a known
// team) and agent (by name), each agent with its adherence now. Pure, for the chart and its tests.
import type { ScheduledActivity } from '../../../shared/schedules.ts';
import type { AgentView, TeamView } from '../../../shared/snapshot.ts';

interface ScheduleRow {
  agentId: string;
  name: string;
  activities: ScheduledActivity[];
  /** Out of adherence now (null: not judged, nothing scheduled now). */
  out: boolean | null;
}

export interface ScheduleTeam {
  teamId: string | null;
  name: string | null;
  /** Today's adherence of the team, when it has scheduled time. */
  adherence: number | null;
  rows: ScheduleRow[];
}

export function scheduleTeams(
  activities: readonly ScheduledActivity[],
  agents: readonly AgentView[],
  teams: readonly TeamView[],
): ScheduleTeam[] {
  const agentById = new Map(agents.map((a) => [a.id, a]));
  const byAgent = new Map<string, ScheduledActivity[]>();
  for (const a of activities) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a]);
  const known = new Set(teams.map((t) => t.id));
  const groups = new Map<string | null, ScheduleRow[]>();
  for (const [agentId, list] of byAgent) {
    const view = agentById.get(agentId);
    const teamId = view?.teamId && known.has(view.teamId) ? view.teamId : null;
    const row = { agentId, name: view?.name ?? agentId, activities: list, out: view?.adherence?.inAdherence === false };
    groups.set(teamId, [...(groups.get(teamId) ?? []), row]);
  }
  const order = [...teams.map((t) => t.id as string | null), null];
  return order
    .filter((id) => groups.has(id))
    .map((id) => {
      const team = teams.find((t) => t.id === id);
      return {
        teamId: id,
        name: team?.name ?? null,
        adherence: team?.adherence?.today.adherence ?? null,
        rows: groups.get(id)!.sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId)),
      };
    });
}
