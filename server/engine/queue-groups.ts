// Queue groups (config `queueGroups`): totals over the group's queues. An agent counts once however many of the
// group's queues it serves; counts are summed; every ratio is recomputed from summed numerators and denominators
// (never a mean of the queues' percentages), each queue's service level by its own formula.
import type { QueueGroupConfig } from '../../shared/config.ts';
import { ratio, slParts } from '../../shared/metrics.ts';
import type { AgentCounts, GroupView, QueueView, QueueWindow, Windows } from '../../shared/snapshot.ts';
import { countAgent, noAgents } from './view/agents.ts';
import { sumNowcasts, toNowcast, type NowcastParts } from './nowcast.ts';
import type { AgentRec, QueueRec } from './state.ts';
import { addInto, newTally, read, type Tally } from './tally.ts';
import { queueWindow } from './view/figures.ts';

/** What a group total needs of each of its queues: its record, its view, its window tallies, its now-cast. */
export interface GroupQueue {
  rec: QueueRec;
  view: QueueView;
  /** today, 60m, 15m */
  tallies: readonly [Tally, Tally, Tally];
  nowcast: NowcastParts;
}

const WINDOWS = ['today', '60m', '15m'] as const;

export class GroupTotals {
  private readonly agents: AgentCounts[];
  private readonly members: Set<string>[];

  constructor(private readonly groups: readonly QueueGroupConfig[]) {
    this.agents = groups.map(noAgents);
    this.members = groups.map((g) => new Set(g.queues));
  }

  /** Counts the agent once in each group one of whose queues it counts in now (`counting`, as the queues do). */
  countAgent(a: AgentRec, counting: readonly string[]): void {
    for (let g = 0; g < this.groups.length; g++) {
      const members = this.members[g]!;
      if (counting.some((q) => members.has(q))) countAgent(this.agents[g]!, a);
    }
  }

  /** The groups' views; a group's queues not yet seen (configured nowhere, no event yet) add nothing. */
  views(queueOf: (id: string) => GroupQueue | undefined, now: number): GroupView[] {
    return this.groups.map((g, i) => {
      const queues = g.queues.map(queueOf).filter((q) => q !== undefined);
      let waiting = 0;
      let oldest: number | null = null;
      for (const q of queues) {
        waiting += q.view.waiting;
        const ts = q.view.oldestWaitingTs;
        if (ts !== null && (oldest === null || ts < oldest)) oldest = ts;
      }
      return {
        id: g.id,
        name: g.name ?? g.id,
        queues: g.queues,
        waiting,
        longestWaitSec: oldest === null ? null : Math.max(0, now - oldest) / 1000,
        oldestWaitingTs: oldest,
        agents: this.agents[i]!,
        windows: groupWindows(queues),
        nowcast: toNowcast(sumNowcasts(queues.map((q) => q.nowcast)), now),
      };
    });
  }
}

function groupWindows(queues: readonly GroupQueue[]): Windows<QueueWindow> {
  const out = {} as Windows<QueueWindow>;
  WINDOWS.forEach((name, w) => {
    const sum = newTally();
    let numerator = 0;
    let denominator = 0;
    for (const q of queues) {
      const t = q.tallies[w]!;
      addInto(sum, t);
      const parts = slParts(q.rec.config.serviceLevelFormula, read(t));
      numerator += parts.numerator;
      denominator += parts.denominator;
    }
    // The formula passed here only shapes serviceLevel, which is replaced by the per-queue sum just below.
    out[name] = { ...queueWindow(sum, 'answered+abandoned'), serviceLevel: ratio(numerator, denominator) };
  });
  return out;
}
