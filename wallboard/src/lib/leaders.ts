// The leaderboard (manual 6.6–6.7): top agents today by calls handled, customer satisfaction and quality score,
// star ratings from CSAT (shown beside the CSAT they come from), and the outstanding-agent award for those near
// the top of more than one list. An average from a handful of surveys is luck, not merit: CSAT and QA rank only
// agents with the board's minimum sample, and each row shows its n.
import type { LeadersSettings } from '../../../shared/boards.ts';
import type { AgentView } from '../../../shared/snapshot.ts';

export const LEADERS_PER_LIST = 8;
/** An agent ranked in the top this-many of at least two lists gets the outstanding-agent award (优秀话务员). */
const AWARD_TOP = 3;

export type LeaderMetric = 'handled' | 'csat' | 'qa';

/** Decimals each measure is shown with: equal as shown is a tie. */
export const DECIMALS: Record<LeaderMetric, number> = { handled: 0, csat: 2, qa: 1 };

export interface Leader {
  agent: AgentView;
  value: number;
  /** Surveys (CSAT), scored calls (QA) or calls (handled) the value rests on. */
  sample: number;
  /** Competition ranking: equal values share a rank and the next rank skips (1, 1, 3). */
  rank: number;
}

function scoreOf(a: AgentView, metric: LeaderMetric): { value: number | null; sample: number } {
  const w = a.windows.today;
  if (metric === 'handled') return { value: w.handled > 0 ? w.handled : null, sample: w.handled };
  if (metric === 'csat') return { value: w.csat, sample: w.csatSurveys };
  return { value: w.qa, sample: w.qaScores };
}

/** The fewest samples a list ranks on (handled: one call). */
export function minSample(metric: LeaderMetric, settings: LeadersSettings): number {
  return metric === 'csat' ? settings.minCsatSurveys : metric === 'qa' ? settings.minQaScores : 1;
}

/**
 * Best first, ties (at the shown precision) sharing a rank and listed by name so the order does not flicker;
 * agents with no value or too small a sample are left out. The list is cut after `n` rows, but never inside a tie.
 */
export function topAgents(
  agents: readonly AgentView[],
  metric: LeaderMetric,
  settings: LeadersSettings,
  n = LEADERS_PER_LIST,
): Leader[] {
  const min = minSample(metric, settings);
  const scale = 10 ** DECIMALS[metric];
  const scored: Omit<Leader, 'rank'>[] = [];
  for (const agent of agents) {
    const { value, sample } = scoreOf(agent, metric);
    if (value !== null && sample >= min) scored.push({ agent, value: Math.round(value * scale) / scale, sample });
  }
  scored.sort((x, y) => y.value - x.value || x.agent.name.localeCompare(y.agent.name));
  const ranked: Leader[] = [];
  for (const [i, s] of scored.entries()) {
    const prev = ranked[i - 1];
    const rank = prev && prev.value === s.value ? prev.rank : i + 1;
    if (i >= n && rank !== prev?.rank) break;
    ranked.push({ ...s, rank });
  }
  return ranked;
}

/** CSAT (1–5) as a star rating in half stars. */
export function stars(csat: number | null): number | null {
  return csat === null ? null : Math.round(csat * 2) / 2;
}

export function outstandingAgents(lists: readonly Leader[][]): Set<string> {
  const counts = new Map<string, number>();
  for (const list of lists)
    for (const l of list) if (l.rank <= AWARD_TOP) counts.set(l.agent.id, (counts.get(l.agent.id) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= 2).map(([id]) => id));
}
