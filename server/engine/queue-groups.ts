// Queue groups (config `queueGroups`): totals over the group's queues. An agent counts once however many of the
// group's queues it serves, in the agent counts and in the time in state that occupancy and utilization divide (a
// queue's tally holds the time of every agent serving it, so summing the queues' would weigh such an agent twice);
// call counts are summed; every ratio is recomputed from summed numerators and denominators (never a mean of the
// queues' percentages), each queue's service level by its own formula.
import type { QueueGroupConfig } from '../../shared/config.ts';
import { ratio, slParts } from '../../shared/metrics.ts';
import type { AgentCounts, GroupView, QueueView, QueueWindow, Windows } from '../../shared/snapshot.ts';
import { countAgent, noAgents } from './view/agents.ts';
import { sumNowcasts, toNowcast, type NowcastParts } from './nowcast.ts';
import type { AgentRec, QueueRec } from './state.ts';
import { STATE_FIELD, addInto, newTally, read, type Tally } from './tally.ts';
import { queueWindow } from './view/figures.ts';
import type { Triple } from './view/windowing.ts';

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
  /** Each group's distinct agents' time in state (today, 60m, 15m). */
  private readonly time: Triple[];

  constructor(private readonly groups: readonly QueueGroupConfig[]) {
    this.agents = groups.map(noAgents);
    this.members = groups.map((g) => new Set(g.queues));
    this.time = groups.map(() => [newTally(), newTally(), newTally()]);
  }

  /**
   * Counts the agent once in each group one of whose queues it counts in now (`counting`, as the queues do), and its
   * time in state once in each group one of whose queues it serves (`a.queues`, the queues the fold credits its time
   * to). `stateTime` gives the agent's own windows' time in state, asked for only when a group needs it.
   */
  countAgent(a: AgentRec, counting: readonly string[], stateTime: () => Triple): void {
    let own: Triple | undefined;
    for (let g = 0; g < this.groups.length; g++) {
      const members = this.members[g]!;
      if (counting.some((q) => members.has(q))) countAgent(this.agents[g]!, a);
      if (!a.queues.some((q) => members.has(q))) continue;
      own ??= stateTime();
      for (let w = 0; w < WINDOWS.length; w++) addInto(this.time[g]![w]!, own[w]!);
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
        windows: groupWindows(queues, this.time[i]!),
        nowcast: toNowcast(sumNowcasts(queues.map((q) => q.nowcast)), now),
      };
    });
  }
}

const STATE_FIELDS = Object.values(STATE_FIELD);

function groupWindows(queues: readonly GroupQueue[], time: Triple): Windows<QueueWindow> {
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
    for (const f of STATE_FIELDS) sum[f] = time[w]![f]!;
    // The formula passed here only shapes serviceLevel, which is replaced by the per-queue sum just below.
    out[name] = { ...queueWindow(sum, 'answered+abandoned'), serviceLevel: ratio(numerator, denominator) };
  });
  return out;
}
