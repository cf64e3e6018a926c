// One alert rule as the editor's form holds it (every field a string, ratios in percent) and back, validated by
// the server's own schema (shared/alerts.ts ruleSchema/rulesSchema), each problem attached to the field it is about.
import {
  METRICS,
  rulesSchema,
  ruleSchema,
  type MetricName,
  type Rule,
  type RuleInput,
} from '../../../shared/alerts.ts';

const FORM_FIELDS = [
  'id',
  'name',
  'metric',
  'scopeKind',
  'scopeIds',
  'window',
  'comparator',
  'threshold',
  'clear',
  'sustainSec',
  'severity',
  'escalateAfterMin',
  'agentStates',
  'reasons',
  'faultSeverities',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type Draft = Record<FormField, string>;
/** What is wrong with a field: empty but needed, not a number, or the schema's own message (in English). */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'notNumber'; text: string }
  | { kind: 'schema'; message: string };
export type FieldErrors = Map<FormField, FieldProblem>;

/** Ratio metrics are typed in percent: 80 means 0.8. */
export const isPercent = (metric: string) =>
  Object.hasOwn(METRICS, metric) && METRICS[metric as MetricName].unit === 'ratio';

const list = (v: readonly string[] | undefined) => (v ? v.join(', ') : '');
const split = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
/** Percent to a ratio without 0.07 * 100 = 7.000000000000001 noise. */
const toShown = (v: number, percent: boolean) => String(percent ? Math.round(v * 1e8) / 1e6 : v);

export function emptyDraft(): Draft {
  return {
    id: '',
    name: '',
    metric: 'serviceLevel',
    scopeKind: 'queue',
    scopeIds: '',
    window: '60m',
    comparator: '<',
    threshold: '',
    clear: '',
    sustainSec: '60',
    severity: 'warning',
    escalateAfterMin: '',
    agentStates: '',
    reasons: '',
    faultSeverities: '',
  };
}

export function draftOf(r: Rule | RuleInput): Draft {
  const percent = isPercent(r.metric);
  return {
    id: r.id,
    name: r.name ?? '',
    metric: r.metric,
    scopeKind: r.scope.kind,
    scopeIds: list(r.scope.ids),
    window: r.window ?? '',
    comparator: r.comparator,
    threshold: toShown(r.threshold, percent),
    clear: r.clear === undefined ? '' : toShown(r.clear, percent),
    sustainSec: String(r.sustainSec ?? 0),
    severity: r.severity,
    escalateAfterMin: r.escalateAfterMin === undefined ? '' : String(r.escalateAfterMin),
    agentStates: list(r.agentStates),
    reasons: list(r.reasons),
    faultSeverities: list(r.faultSeverities),
  };
}

export type Checked = { ok: true; rule: Rule } | { ok: false; errors: FieldErrors };

/**
 * The rule the form describes, checked by the schema and, with `others` (the list's other rules), for a duplicate
 * id. Empty optional fields are left out; a field that is not a number where one is needed is an error on it.
 */
export function ruleOf(d: Draft, others: readonly (Rule | RuleInput)[] = []): Checked {
  const errors: FieldErrors = new Map();
  const percent = isPercent(d.metric);
  const number = (field: FormField, scale: number): number | undefined => {
    const text = d[field].trim();
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) {
      errors.set(field, { kind: 'notNumber', text });
      return undefined;
    }
    return n / scale;
  };
  const raw: Record<string, unknown> = {
    id: d.id.trim(),
    metric: d.metric,
    scope: { kind: d.scopeKind, ...(split(d.scopeIds).length ? { ids: split(d.scopeIds) } : {}) },
    comparator: d.comparator,
    severity: d.severity,
  };
  if (d.name.trim()) raw.name = d.name.trim();
  if (d.window) raw.window = d.window;
  const threshold = number('threshold', percent ? 100 : 1);
  if (threshold === undefined && !errors.has('threshold')) errors.set('threshold', { kind: 'required' });
  raw.threshold = threshold;
  const clear = number('clear', percent ? 100 : 1);
  if (clear !== undefined) raw.clear = clear;
  const sustain = number('sustainSec', 1);
  if (sustain !== undefined) raw.sustainSec = sustain;
  const escalate = number('escalateAfterMin', 1);
  if (escalate !== undefined) raw.escalateAfterMin = escalate;
  for (const field of ['agentStates', 'reasons', 'faultSeverities'] as const)
    if (split(d[field]).length) raw[field] = split(d[field]);

  const parsed = ruleSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      const empty = issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1;
      if (!errors.has(field))
        errors.set(field, empty ? { kind: 'required' } : { kind: 'schema', message: issue.message });
    }
  }
  if (errors.size > 0 || !parsed.success) return { ok: false, errors };
  const all = rulesSchema.safeParse([...others, parsed.data]);
  if (!all.success) {
    errors.set('id', { kind: 'schema', message: all.error.issues[0]!.message });
    return { ok: false, errors };
  }
  return { ok: true, rule: parsed.data };
}

function fieldOf(path: readonly PropertyKey[]): FormField {
  const [first, second] = path;
  if (first === 'scope') return second === 'ids' ? 'scopeIds' : 'scopeKind';
  if (typeof first === 'string' && (FORM_FIELDS as readonly string[]).includes(first)) return first as FormField;
  return 'id';
}
