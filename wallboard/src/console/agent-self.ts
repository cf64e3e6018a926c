// The agent view's figures: the agent's own value today beside its team's average and the floor's target.
import type { ThresholdMetric } from '../../../shared/boards.ts';
import type { AgentView, AgentWindow, TeamView } from '../../../shared/snapshot.ts';
import { judgeMetric, targetOf, type Verdict } from './judge.ts';

const SELF_FIGURES = ['handled', 'ahtSec', 'talkSec', 'occupancy', 'csat', 'qa'] as const;
export type SelfFigure = (typeof SELF_FIGURES)[number];

export interface FigureRow {
  key: SelfFigure;
  mine: number | null;
  team: number | null;
  target: number | null;
  verdict: Verdict;
}

/** Figures with a board threshold (shared/boards.ts) are judged against it; the rest are shown plainly. */
const THRESHOLD: Partial<Record<SelfFigure, ThresholdMetric>> = {
  ahtSec: 'ahtSec',
  occupancy: 'occupancy',
  csat: 'csat',
  qa: 'qa',
};

/** A team's handled and talk time are totals; per agent they compare with the team's average per logged-in agent. */
function teamValue(key: SelfFigure, w: AgentWindow, agentsInTeam: number): number | null {
  if (key === 'handled' || key === 'talkSec') return agentsInTeam > 0 ? w[key] / agentsInTeam : null;
  return w[key];
}

export function selfFigures(agent: AgentView, team: TeamView | undefined): FigureRow[] {
  const mine = agent.windows.today;
  return SELF_FIGURES.map((key) => {
    const metric = THRESHOLD[key];
    return {
      key,
      mine: mine[key],
      team: team ? teamValue(key, team.windows.today, team.agents.loggedIn) : null,
      target: metric ? targetOf(metric) : null,
      verdict: metric ? judgeMetric(metric, mine[key]) : 'none',
    };
  });
}

/** The agent this page is about: the bound one, or the only one an agent's token may see. */
export function ownAgent(agents: readonly AgentView[], agentId: string | undefined): AgentView | null {
  if (agentId) return agents.find((a) => a.id === agentId) ?? null;
  return null;
}
