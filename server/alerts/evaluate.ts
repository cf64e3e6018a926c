// The alert lifecycle, pure: rules + the previous book + the view at `now` → the next book and what changed.
// Per (rule, entity): condition true → pending; true for sustainSec → firing; firing and not acknowledged for
// escalateAfterMin → escalated one severity up; firing or acknowledged → resolved once the value passes `clear`.
import type { Alert, AlertChange, Comparator, Rule, Severity } from '../../shared/alerts.ts';
import type { View } from '../engine/index.ts';
import type { AlertTemplate } from '../../shared/alert-templates.ts';
import { describe } from './message.ts';
import { MEASURES, targetsOf, type AlertExtra, type MeasureContext, type Target } from './metrics.ts';

/** Alerts not yet resolved (pending, firing, acknowledged), by id. */
export type AlertBook = Readonly<Record<string, Alert>>;

export interface Evaluation {
  book: AlertBook;
  changes: AlertChange[];
}

const alertId = (ruleId: string, entityId: string): string => `${ruleId}:${entityId}`;

/** The book's own alert of that id: ids come from requests, and "constructor" must not find Object's. */
function entry(book: AlertBook, id: string): Alert | undefined {
  return Object.hasOwn(book, id) ? book[id] : undefined;
}

function holds(value: number, comparator: Comparator, level: number): boolean {
  switch (comparator) {
    case '<':
      return value < level;
    case '<=':
      return value <= level;
    case '>':
      return value > level;
    case '>=':
      return value >= level;
  }
}

const RAISED: Record<Severity, Severity> = { info: 'warning', warning: 'critical', critical: 'critical' };
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

type Lifecycle = Pick<Alert, 'state' | 'since' | 'firstSeen' | 'firedAt' | 'acknowledged' | 'escalated'>;

function render(t: Target, c: MeasureContext, value: number | null, life: Lifecycle, now: number): Alert {
  const { rule } = c;
  const { message, messageParams } = describe(t, c, value, (now - life.firstSeen) / 1000, life.state === 'resolved');
  const alert: Alert = {
    id: alertId(rule.id, t.id),
    ruleId: rule.id,
    ruleName: rule.name ?? null,
    severity: life.escalated ? RAISED[rule.severity] : rule.severity,
    scopeKind: t.kind,
    entityId: t.id,
    entityName: t.name,
    metric: rule.metric,
    window: rule.window ?? null,
    comparator: rule.comparator,
    value,
    threshold: rule.threshold,
    state: life.state,
    since: life.since,
    firstSeen: life.firstSeen,
    firedAt: life.firedAt,
    escalated: life.escalated,
    message,
    messageParams,
  };
  if (life.acknowledged) alert.acknowledged = life.acknowledged;
  return alert;
}

/** One (rule, entity) one step forward; returns the alert to keep, or null when it leaves the book. */
function step(
  prior: Alert | undefined,
  t: Target,
  c: MeasureContext,
  value: number | null,
  changes: AlertChange[],
): Alert | null {
  const { rule, now } = c;
  const breach = value !== null && holds(value, rule.comparator, rule.threshold);
  const life: Lifecycle = prior ?? { state: 'pending', since: now, firstSeen: now, firedAt: null, escalated: false };

  if (life.state === 'pending') {
    if (!breach) return null;
    if (now - life.firstSeen < rule.sustainSec * 1000) return render(t, c, value, life, now);
    const fired = render(t, c, value, { ...life, state: 'firing', since: now, firedAt: now }, now);
    changes.push({ kind: 'fired', at: now, alert: fired });
    return fired;
  }

  // Firing or acknowledged: only passing back over the clear level ends it, so a value hovering between
  // clear and threshold does not flap.
  const active = value !== null && holds(value, rule.comparator, rule.clear ?? rule.threshold);
  if (!active) {
    changes.push({
      kind: 'resolved',
      at: now,
      alert: render(t, c, value, { ...life, state: 'resolved', since: now }, now),
    });
    return null;
  }
  const due =
    rule.escalateAfterMin !== undefined && now - (life.firedAt ?? life.since) >= rule.escalateAfterMin * 60_000;
  if (life.state === 'firing' && !life.escalated && due) {
    const escalated = render(t, c, value, { ...life, escalated: true }, now);
    changes.push({ kind: 'escalated', at: now, alert: escalated });
    return escalated;
  }
  return render(t, c, value, life, now);
}

/** A withdrawn alert (its rule was removed or no longer covers its entity) resolves with the last value it had. */
function withdraw(a: Alert, now: number): Alert {
  return {
    ...a,
    state: 'resolved',
    since: now,
    message: `${a.entityName}: alert withdrawn, its rule "${a.ruleName ?? a.ruleId}" no longer applies`,
    messageParams: { ...a.messageParams, template: 'withdrawn' satisfies AlertTemplate, resolved: 1 },
  };
}

export function evaluate(
  rules: readonly Rule[],
  prior: AlertBook,
  view: View,
  now: number,
  extra: AlertExtra,
): Evaluation {
  const book: Record<string, Alert> = {};
  const changes: AlertChange[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const measure = MEASURES[rule.metric];
    const c: MeasureContext = { rule, now, view, extra };
    for (const t of targetsOf(view, rule.scope.kind, rule.scope.ids)) {
      const id = alertId(rule.id, t.id);
      seen.add(id);
      const next = step(entry(prior, id), t, c, measure(t, c), changes);
      if (next) book[id] = next;
    }
  }
  for (const [id, a] of Object.entries(prior)) {
    if (seen.has(id) || a.state === 'pending') continue;
    changes.push({ kind: 'resolved', at: now, alert: withdraw(a, now) });
  }
  return { book, changes };
}

export type AckResult =
  | { ok: true; book: AlertBook; change: AlertChange }
  | { ok: false; code: 'not-found' | 'not-firing' | 'already-acknowledged'; error: string };

export function acknowledge(
  book: AlertBook,
  id: string,
  by: string,
  comment: string | undefined,
  now: number,
): AckResult {
  const a = entry(book, id);
  if (!a) return { ok: false, code: 'not-found', error: `no active alert "${id}"` };
  if (a.state === 'pending') return { ok: false, code: 'not-firing', error: `alert "${id}" has not fired yet` };
  if (a.state === 'acknowledged') {
    return {
      ok: false,
      code: 'already-acknowledged',
      error: `alert "${id}" was already acknowledged by ${a.acknowledged?.by}`,
    };
  }
  const acked: Alert = {
    ...a,
    state: 'acknowledged',
    since: now,
    acknowledged: comment ? { by, at: now, comment } : { by, at: now },
  };
  return { ok: true, book: { ...book, [id]: acked }, change: { kind: 'acknowledged', at: now, alert: acked } };
}

/** What screens show: fired alerts (pending ones are not yet news), most severe first, then oldest first. */
export function activeAlerts(book: AlertBook): Alert[] {
  return Object.values(book)
    .filter((a) => a.state !== 'pending')
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        (a.firedAt ?? 0) - (b.firedAt ?? 0) ||
        a.id.localeCompare(b.id),
    );
}
