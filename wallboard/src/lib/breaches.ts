// Which numbers on the board are red right now, as stable keys ("sales:asaSec"), so the page can tell a new breach
// (chime once) from one that is still going on.
import type { Thresholds, ThresholdMetric } from '../../../shared/boards.ts';
import type { QueueWindow, Snapshot } from '../../../shared/snapshot.ts';
import { judge, ruleFor } from './thresholds.ts';
import { longestWaitSec } from './waiting.ts';

function windowMetrics(w: QueueWindow): [ThresholdMetric, number | null][] {
  return [
    ['serviceLevel', w.serviceLevel],
    ['asaSec', w.asaSec],
    ['abandonRate', w.abandonRate],
  ];
}

export function breachKeys(
  s: Snapshot,
  thresholds: Thresholds,
  now: number,
  queueIds?: readonly string[],
): Set<string> {
  const keys = new Set<string>();
  for (const q of s.queues) {
    if (queueIds && !queueIds.includes(q.id)) continue;
    const values: [ThresholdMetric, number | null][] = [
      ['waiting', q.waiting],
      ['longestWaitSec', longestWaitSec(q.oldestWaitingTs, now)],
      ...windowMetrics(q.windows.today),
    ];
    for (const [metric, value] of values) {
      if (judge(metric, value, ruleFor(thresholds, metric, q.id, q.slTarget, q.slThresholdSec)) === 'bad')
        keys.add(`${q.id}:${metric}`);
    }
  }
  return keys;
}
