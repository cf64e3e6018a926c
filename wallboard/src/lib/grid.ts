// The agent grid's pages: agents grouped by team, each team a header row and rows of tiles, packed into pages of
// as many rows as the screen holds. A team too big for what is left of a page carries on at the next.
import type { AgentCounts, AgentView, TeamView } from '../../../shared/snapshot.ts';

interface GridSection {
  teamId: string | null;
  /** The team's name, or null for agents without a team. */
  teamName: string | null;
  /** This section carries on a team begun on an earlier page. */
  continued: boolean;
  agents: AgentView[];
}

export interface GridPage {
  sections: GridSection[];
}

export interface TeamGroup {
  teamId: string | null;
  teamName: string | null;
  agents: AgentView[];
}

/** Logged-in agents by team, in the order of `teams` (agents without a known team last), each by name. */
export function groupByTeam(
  agents: readonly AgentView[],
  teams: readonly TeamView[],
  onlyTeams?: readonly string[],
): TeamGroup[] {
  const order = new Map(teams.map((t, i) => [t.id, i]));
  const groups = new Map<string | null, AgentView[]>();
  for (const a of agents) {
    if (a.state === 'offline') continue;
    if (onlyTeams && (a.teamId === null || !onlyTeams.includes(a.teamId))) continue;
    const key = a.teamId !== null && order.has(a.teamId) ? a.teamId : null;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(a);
  }
  const rank = (id: string | null) => (id === null ? Infinity : order.get(id)!);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([teamId, list]) => ({
      teamId,
      teamName: teamId === null ? null : (teams[order.get(teamId)!]?.name ?? teamId),
      agents: list.sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id)),
    }));
}

/**
 * Packs groups into pages of `rows` rows of `cols` tiles, a team's header taking a row of its own. A team starts on
 * a fresh page rather than leave its header alone at the bottom of one.
 */
export function layoutGrid(groups: readonly TeamGroup[], cols: number, rows: number): GridPage[] {
  const c = Math.max(1, cols);
  const r = Math.max(2, rows);
  const pages: GridPage[] = [];
  let page: GridPage = { sections: [] };
  let used = 0;
  const newPage = () => {
    if (page.sections.length) pages.push(page);
    page = { sections: [] };
    used = 0;
  };
  for (const g of groups) {
    let rest = g.agents;
    let continued = false;
    while (rest.length > 0) {
      if (r - used < 2) newPage();
      const fit = (r - used - 1) * c;
      page.sections.push({ teamId: g.teamId, teamName: g.teamName, continued, agents: rest.slice(0, fit) });
      used += 1 + Math.ceil(Math.min(fit, rest.length) / c);
      rest = rest.slice(fit);
      continued = true;
    }
  }
  newPage();
  return pages;
}

/** Agents by state over the grid's own agents, so the counts above a team-filtered grid are that grid's. */
export function countStates(groups: readonly TeamGroup[]): AgentCounts {
  const c: AgentCounts = { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 };
  for (const g of groups)
    for (const a of g.agents) {
      if (a.state === 'offline') continue;
      c[a.state] += 1;
      c.loggedIn += 1;
    }
  return c;
}
