// Green, amber or red for a figure, by the same default thresholds the wall uses (shared/boards.ts), so a
// number means the same colour on the TV and on the supervisor's desk.
import { DEFAULT_THRESHOLDS, slRule, type ThresholdMetric, type ThresholdRule } from '../../../shared/boards.ts';

export type Verdict = 'none' | 'good' | 'amber' | 'red';

export function judge(value: number | null, rule: ThresholdRule | undefined): Verdict {
  if (value === null || !Number.isFinite(value) || !rule) return 'none';
  if (rule.higherIsBetter) return value >= rule.amber ? 'good' : value >= rule.red ? 'amber' : 'red';
  return value <= rule.amber ? 'good' : value <= rule.red ? 'amber' : 'red';
}

/** Judges on whole percent points, as shown: 79.6% displays as 80% and must not be red against an 80% target. */
export function judgeServiceLevel(serviceLevel: number | null, target: number): Verdict {
  if (serviceLevel === null) return 'none';
  return judge(Math.round(serviceLevel * 100) / 100, slRule(target));
}

export function judgeMetric(metric: ThresholdMetric, value: number | null): Verdict {
  return judge(value, DEFAULT_THRESHOLDS[metric]);
}

/** The default target of a metric, when it has one: the amber bound (better than that is green). */
export function targetOf(metric: ThresholdMetric): number | null {
  return DEFAULT_THRESHOLDS[metric]?.amber ?? null;
}
