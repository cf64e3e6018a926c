// The leaderboard (manual 6.6–6.7): top agents today by calls handled, customer satisfaction and quality score,
// star ratings from CSAT, and the outstanding-agent award for those near the top of more than one list.
import type { AgentView } from '../../../shared/snapshot.ts';

export const LEADERS_PER_LIST = 8;
/** An agent in the top this-many of at least two lists gets the outstanding-agent award (优秀话务员). */
export const AWARD_TOP = 3;

export type LeaderMetric = 'handled' | 'csat' | 'qa';

export interface Leader {
  agent: AgentView;
  value: number;
}

function valueOf(a: AgentView, metric: LeaderMetric): number | null {
  const w = a.windows.today;
  if (metric === 'handled') return w.handled > 0 ? w.handled : null;
  return w[metric];
}

/** Best first; ties by name so the order does not flicker between updates. Agents with no value are left out. */
export function topAgents(agents: readonly AgentView[], metric: LeaderMetric, n = LEADERS_PER_LIST): Leader[] {
  const scored: Leader[] = [];
  for (const agent of agents) {
    const value = valueOf(agent, metric);
    if (value !== null) scored.push({ agent, value });
  }
  return scored.sort((x, y) => y.value - x.value || x.agent.name.localeCompare(y.agent.name)).slice(0, n);
}

/** CSAT (1–5) as a star rating in half stars. */
export function stars(csat: number | null): number | null {
  return csat === null ? null : Math.round(csat * 2) / 2;
}

export function outstandingAgents(lists: readonly Leader[][]): Set<string> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const l of list.slice(0, AWARD_TOP)) counts.set(l.agent.id, (counts.get(l.agent.id) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 2).map(([id]) => id));
}
