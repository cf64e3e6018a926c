// Green, amber or red for a number on the wall, from the board's thresholds. Judged on the value as the screen
// shows it (whole percent points, whole seconds), so the colour never contradicts the text beside it.
import {
  DEFAULT_THRESHOLDS,
  slRule,
  type ThresholdMetric,
  type ThresholdRule,
  type Thresholds,
} from '../../../shared/boards.ts';

export type Status = 'none' | 'good' | 'warn' | 'bad';

const RATIOS: ReadonlySet<ThresholdMetric> = new Set(['serviceLevel', 'abandonRate', 'occupancy', 'connectRate']);
const SECONDS: ReadonlySet<ThresholdMetric> = new Set(['longestWaitSec', 'asaSec', 'ahtSec']);

/** The value as displayed: ratios in whole percent, durations in whole seconds, CSAT to one decimal. */
export function shownValue(metric: ThresholdMetric, value: number): number {
  if (RATIOS.has(metric)) return Math.round(value * 100);
  if (SECONDS.has(metric)) return Math.round(value);
  if (metric === 'csat') return Math.round(value * 10) / 10;
  return Math.round(value);
}

function shownBound(metric: ThresholdMetric, bound: number): number {
  return RATIOS.has(metric) ? Math.round(bound * 100) : metric === 'csat' ? Math.round(bound * 10) / 10 : bound;
}

/**
 * The rule for a metric of a queue (null: the center): the queue's own, else the board default, else the
 * built-in default; the service level falls back to the queue's target. Null when nothing applies.
 */
export function ruleFor(
  thresholds: Thresholds,
  metric: ThresholdMetric,
  queueId: string | null,
  slTarget?: number,
): ThresholdRule | null {
  const own = queueId === null ? undefined : thresholds.queues[queueId]?.[metric];
  const rule = own ?? thresholds.default[metric] ?? DEFAULT_THRESHOLDS[metric];
  if (rule) return rule;
  return metric === 'serviceLevel' && slTarget !== undefined ? slRule(slTarget) : null;
}

/** A bound itself counts as the better side: SL exactly at target is green. */
export function judge(metric: ThresholdMetric, value: number | null, rule: ThresholdRule | null): Status {
  if (value === null || !Number.isFinite(value) || !rule) return 'none';
  const v = shownValue(metric, value);
  const amber = shownBound(metric, rule.amber);
  const red = shownBound(metric, rule.red);
  if (rule.higherIsBetter) return v >= amber ? 'good' : v >= red ? 'warn' : 'bad';
  return v <= amber ? 'good' : v <= red ? 'warn' : 'bad';
}
