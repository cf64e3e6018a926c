// The console's and the agent view's colours, from the one judge every screen uses (lib/thresholds.ts): the same
// rules and the same rounded value as the wall, so a figure is the same colour on the TV and on the desk. No board
// applies here, so the rules are the built-in ones (a board's own thresholds colour its wall only).
import { DEFAULT_THRESHOLDS, slRule, type ThresholdMetric } from '../../../shared/boards.ts';
import { BUILT_IN, judge, ruleFor, type Status } from '../lib/thresholds.ts';

export type Verdict = Status;

/** What a queue's own rules derive from (the service level from its target, the longest wait from its T). */
export interface QueueStandard {
  id?: string;
  slTarget?: number;
  slThresholdSec?: number;
}

export function judgeMetric(metric: ThresholdMetric, value: number | null, queue: QueueStandard = {}): Verdict {
  return judge(metric, value, ruleFor(BUILT_IN, metric, queue.id ?? null, queue.slTarget, queue.slThresholdSec));
}

export function judgeServiceLevel(serviceLevel: number | null, target: number): Verdict {
  return judge('serviceLevel', serviceLevel, slRule(target));
}

/** The default target of a metric, when it has one: the amber bound (better than that is green). */
export function targetOf(metric: ThresholdMetric): number | null {
  return DEFAULT_THRESHOLDS[metric]?.amber ?? null;
}
