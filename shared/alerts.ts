// Alert rules and alerts (issue 4): the zod schemas the config, the rule editor and the server share.
import { z } from 'zod';
import { AGENT_STATES, WINDOW_NAMES } from './vocabulary.ts';

const SCOPE_KINDS = ['center', 'queue', 'team', 'agent'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const COMPARATORS = ['<', '<=', '>', '>='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const FAULT_SEVERITIES = ['minor', 'major', 'critical'] as const;

const ALERT_STATES = ['pending', 'firing', 'acknowledged', 'resolved'] as const;

export type MetricUnit = 'ratio' | 'sec' | 'count';

export interface MetricInfo {
  /** English noun phrase for messages; screens translate by metric name. */
  label: string;
  unit: MetricUnit;
  /** Read from one of the view's windows, so a rule on it names `window`. */
  windowed: boolean;
  kinds: readonly ScopeKind[];
}

/**
 * The metrics a rule may watch. `serviceLevelVsTarget` is service level minus the queue's own `slTarget`
 * (−0.18 = 18 points below target): one rule with threshold 0 covers queues with different targets, and a
 * numeric `clear` (e.g. 0.02) still gives hysteresis, which `threshold: 'target'` could not.
 */
export const METRICS = {
  serviceLevel: { label: 'service level', unit: 'ratio', windowed: true, kinds: ['queue', 'center'] },
  serviceLevelVsTarget: { label: 'service level vs target', unit: 'ratio', windowed: true, kinds: ['queue'] },
  asaSec: { label: 'average speed of answer', unit: 'sec', windowed: true, kinds: ['queue', 'center'] },
  abandonRate: { label: 'abandon rate', unit: 'ratio', windowed: true, kinds: ['queue', 'center'] },
  ahtSec: { label: 'average handle time', unit: 'sec', windowed: true, kinds: ['queue', 'center', 'team', 'agent'] },
  occupancy: { label: 'occupancy', unit: 'ratio', windowed: true, kinds: ['queue', 'center', 'team', 'agent'] },
  waiting: { label: 'calls waiting', unit: 'count', windowed: false, kinds: ['queue', 'center'] },
  longestWaitSec: { label: 'longest wait', unit: 'sec', windowed: false, kinds: ['queue', 'center'] },
  /** The now-cast's (queues only): calls within warnSec of T, and the running interval's projected service level. */
  breachingSoon: { label: 'calls about to breach', unit: 'count', windowed: false, kinds: ['queue'] },
  projectedIntervalSl: { label: 'projected interval service level', unit: 'ratio', windowed: false, kinds: ['queue'] },
  agentsAvailable: { label: 'agents available', unit: 'count', windowed: false, kinds: ['queue', 'center'] },
  timeInStateSec: { label: 'time in state', unit: 'sec', windowed: false, kinds: ['agent'] },
  openFaults: { label: 'open faults', unit: 'count', windowed: false, kinds: ['center'] },
  feedSilentSec: { label: 'time since the last event', unit: 'sec', windowed: false, kinds: ['center'] },
  /** Schedule adherence (docs/contract.md, "Schedules and adherence"): null while nothing is scheduled. */
  adherence: { label: 'schedule adherence', unit: 'ratio', windowed: true, kinds: ['team', 'center'] },
  /** How long the agent's exception in progress has lasted (its grace included); null while in adherence. */
  outOfAdherenceSec: { label: 'time out of adherence', unit: 'sec', windowed: false, kinds: ['agent'] },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [MetricName, ...MetricName[]];

/** The id of the one center entity (alert ids are `<ruleId>:center`). */
export const CENTER_ID = 'center';

const text = (max: number) => z.string().min(1).max(max);

export const ruleSchema = z
  .strictObject({
    // No ':' so that an alert id `<ruleId>:<entityId>` splits unambiguously at its first colon.
    id: text(100).regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, "_", "." or "-"'),
    name: text(200).optional(),
    metric: z.enum(METRIC_NAMES),
    scope: z.strictObject({
      kind: z.enum(SCOPE_KINDS),
      /** Absent: every entity of that kind, including ones first seen later. */
      ids: z.array(text(200)).min(1).optional(),
    }),
    window: z.enum(WINDOW_NAMES).optional(),
    comparator: z.enum(COMPARATORS),
    threshold: z.number().finite(),
    /** Hysteresis: a firing alert resolves only once the value is back past this level. Default: threshold. */
    clear: z.number().finite().optional(),
    sustainSec: z.number().nonnegative().default(0),
    severity: z.enum(SEVERITIES),
    escalateAfterMin: z.number().positive().optional(),
    /** timeInStateSec: only these states count (default: any state but offline). */
    agentStates: z.array(z.enum(AGENT_STATES)).min(1).optional(),
    /** timeInStateSec: only these reasons count (an agent without a reason never matches). */
    reasons: z.array(text(100)).min(1).optional(),
    /** openFaults: only faults of these severities count (default: all). */
    faultSeverities: z.array(z.enum(FAULT_SEVERITIES)).min(1).optional(),
  })
  .superRefine((r, ctx) => {
    const info: MetricInfo = METRICS[r.metric];
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (!info.kinds.includes(r.scope.kind)) {
      bad('scope', `metric ${r.metric} applies to ${info.kinds.join(' or ')}, not ${r.scope.kind}`);
    }
    if (r.scope.kind === 'center' && r.scope.ids) bad('scope', 'a center rule takes no ids');
    if (info.windowed && !r.window) bad('window', `metric ${r.metric} needs a window: ${WINDOW_NAMES.join(', ')}`);
    if (!info.windowed && r.window) bad('window', `metric ${r.metric} is not windowed`);
    if (r.metric !== 'timeInStateSec' && (r.agentStates || r.reasons)) {
      bad(r.agentStates ? 'agentStates' : 'reasons', 'only for metric timeInStateSec');
    }
    if (r.metric !== 'openFaults' && r.faultSeverities) bad('faultSeverities', 'only for metric openFaults');
    if (r.clear !== undefined) {
      const above = r.comparator === '>' || r.comparator === '>=';
      if (above ? r.clear > r.threshold : r.clear < r.threshold) {
        bad('clear', `with "${r.comparator}" clear must be ${above ? 'at or below' : 'at or above'} the threshold`);
      }
    }
  });

export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

export const rulesSchema = z.array(ruleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
});

/** Parses a rule list; throws an Error naming the first problem's place, e.g. `rules.2.window: …`. */
export function parseRules(raw: unknown): Rule[] {
  const parsed = rulesSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = ['rules', ...issue.path].join('.');
  if (issue.code === 'unrecognized_keys') throw new Error(`unknown alert rule key: ${where}.${issue.keys.join(', ')}`);
  throw new Error(`${where}: ${issue.message}`);
}

const messageParam = z.union([z.string(), z.number(), z.null()]);

export const alertSchema = z.strictObject({
  /** `<ruleId>:<entityId>`: the same condition on the same entity is the same alert. */
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  scopeKind: z.enum(SCOPE_KINDS),
  entityId: z.string(),
  entityName: z.string(),
  metric: z.enum(METRIC_NAMES),
  window: z.enum(WINDOW_NAMES).nullable(),
  comparator: z.enum(COMPARATORS),
  /** The latest value seen; null when the metric has none (no calls in the window, agent left the state). */
  value: z.number().nullable(),
  threshold: z.number(),
  state: z.enum(ALERT_STATES),
  /** When the alert entered its current state. */
  since: z.number(),
  /** When the condition was first seen true (the start of the pending period). */
  firstSeen: z.number(),
  firedAt: z.number().nullable(),
  acknowledged: z.strictObject({ by: z.string(), at: z.number(), comment: z.string().optional() }).optional(),
  /** Fired and not acknowledged for the rule's escalateAfterMin: severity is one level above the rule's. */
  escalated: z.boolean(),
  /** English sentence, e.g. "Sales: 60-min service level 62% below 80% for 2 min". */
  message: z.string(),
  /**
   * What a translation needs: `template` (generic, serviceLevelVsTarget, timeInState, openFaults, feedSilent),
   * entityName, metric, window, comparator, value, threshold, unit, forSec, and the template's own extras.
   */
  messageParams: z.record(z.string(), messageParam),
  /**
   * Extension (replay): an alert of a past snapshot, as the rules would have raised it then; never live, never to
   * be acknowledged (its id is `replay:<id>`, which the acknowledgement route refuses).
   */
  replay: z.literal(true).optional(),
});
export type Alert = z.output<typeof alertSchema>;

const CHANGE_KINDS = ['fired', 'escalated', 'acknowledged', 'resolved'] as const;

export const alertChangeSchema = z.strictObject({
  kind: z.enum(CHANGE_KINDS),
  at: z.number(),
  /** The alert as it was right after the change. */
  alert: alertSchema,
});
export type AlertChange = z.output<typeof alertChangeSchema>;
