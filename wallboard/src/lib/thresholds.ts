// Green, amber or red for a number, from a board's thresholds: the one judge of every screen (wall, console, agent
// view). Judged on the value as the wall shows it (whole percent points, whole seconds, CSAT to one decimal), so a
// figure gets the same colour everywhere and the colour never contradicts the wall's text, even where another
// screen prints a decimal more.
import {
  DEFAULT_THRESHOLDS,
  slRule,
  waitRule,
  type ThresholdMetric,
  type ThresholdRule,
  type Thresholds,
} from '../../../shared/boards.ts';
import type { CenterView, QueueView } from '../../../shared/snapshot.ts';

export type Status = 'none' | 'good' | 'warn' | 'bad';

/** The thresholds of a screen without a board (the console, the agent's view): the built-in rules only. */
export const BUILT_IN: Thresholds = { default: {}, queues: {} };

const RATIOS: ReadonlySet<ThresholdMetric> = new Set([
  'serviceLevel',
  'abandonRate',
  'occupancy',
  'connectRate',
  'adherence',
]);
const SECONDS: ReadonlySet<ThresholdMetric> = new Set(['longestWaitSec', 'asaSec', 'ahtSec']);

/** The value as displayed: ratios in whole percent, durations in whole seconds, CSAT to one decimal. */
function shownValue(metric: ThresholdMetric, value: number): number {
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
 * built-in default; the service level falls back to the queue's target, the longest wait to its T (amber past T,
 * red past 2T). Null when nothing applies.
 */
export function ruleFor(
  thresholds: Thresholds,
  metric: ThresholdMetric,
  queueId: string | null,
  slTarget?: number,
  slThresholdSec?: number,
): ThresholdRule | null {
  const own = queueId === null ? undefined : thresholds.queues[queueId]?.[metric];
  const rule = own ?? thresholds.default[metric] ?? DEFAULT_THRESHOLDS[metric];
  if (rule) return rule;
  if (metric === 'serviceLevel' && slTarget !== undefined) return slRule(slTarget);
  if (metric === 'longestWaitSec' && slThresholdSec !== undefined) return waitRule(slThresholdSec);
  return null;
}

/**
 * The T the centre's longest wait is judged by: that of the queue its longest-waiting caller waits in (the number
 * shown is that caller's wait); the strictest T when no queue's oldest caller matches. Undefined without queues.
 */
export function centerWaitThresholdSec(
  center: Pick<CenterView, 'oldestWaitingTs'>,
  queues: readonly QueueView[],
): number | undefined {
  const own = queues.find((q) => q.oldestWaitingTs !== null && q.oldestWaitingTs === center.oldestWaitingTs);
  if (own) return own.slThresholdSec;
  return queues.length === 0 ? undefined : Math.min(...queues.map((q) => q.slThresholdSec));
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
