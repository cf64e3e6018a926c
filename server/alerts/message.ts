// The English sentence of an alert, and the parameters a translation of it needs.
import { METRICS, type Alert, type Comparator, type MetricUnit } from '../../shared/alerts.ts';
import type { AlertTemplate, BaseParams, TemplateExtras } from '../../shared/alert-templates.ts';
import type { AgentState, WindowName } from '../../shared/snapshot.ts';
import { matchingFaults, type MeasureContext, type Target } from './metrics.ts';

type Params = Alert['messageParams'];

export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}

function formatValue(v: number, unit: MetricUnit): string {
  if (unit === 'ratio') return `${Math.round(v * 100)}%`;
  if (unit === 'sec') return formatDuration(v);
  return String(Math.round(v * 100) / 100);
}

const COMPARATOR_WORDS: Record<Comparator, string> = {
  '<': 'below',
  '<=': 'at or below',
  '>': 'above',
  '>=': 'at or above',
};
const WINDOW_WORDS: Record<WindowName, string> = { today: "today's ", '60m': '60-min ', '15m': '15-min ' };
const REASON_WORDS: Record<string, string> = {
  break: 'on break',
  lunch: 'at lunch',
  meeting: 'in a meeting',
  training: 'in training',
  coaching: 'in coaching',
};
const STATE_WORDS: Record<Exclude<AgentState, 'aux'>, string> = {
  offline: 'logged out',
  available: 'available',
  dialing: 'dialing',
  talking: 'on a call',
  hold: 'on hold',
  acw: 'in wrap-up',
};

export function statePhrase(state: AgentState, reason: string | null): string {
  if (state !== 'aux') return STATE_WORDS[state];
  if (reason === null) return 'in aux';
  // Reasons come from events: own properties only, or "constructor" would name Object's.
  return Object.hasOwn(REASON_WORDS, reason) ? REASON_WORDS[reason]! : `in aux (${reason})`;
}

export interface Described {
  message: string;
  messageParams: Params;
}

/**
 * Describes the alert of `rule` on `target` with the current `value`: while active, what is wrong and for how
 * long (`forSec`, since the condition was first seen); once resolved, what the value is back to.
 */
export function describe(
  t: Target,
  c: MeasureContext,
  value: number | null,
  forSec: number,
  resolved: boolean,
): Described {
  const { rule } = c;
  const info = METRICS[rule.metric];
  const prefix = rule.window ? WINDOW_WORDS[rule.window] : '';
  const base: BaseParams = {
    entityName: t.name,
    metric: rule.metric,
    window: rule.window ?? null,
    comparator: rule.comparator,
    value,
    threshold: rule.threshold,
    unit: info.unit,
    forSec: Math.round(forSec),
    resolved: resolved ? 1 : 0,
  };
  const lasting = forSec >= 1 ? ` for ${formatDuration(forSec)}` : '';
  // The template's name picks the extras it must carry (shared/alert-templates.ts), so no param is left out.
  const out = <T extends AlertTemplate>(template: T, text: string, extra: TemplateExtras[T]): Described => ({
    message: `${t.name}: ${text}`,
    messageParams: { template, ...base, ...extra },
  });

  switch (rule.metric) {
    case 'serviceLevelVsTarget': {
      if (t.kind !== 'queue' || value === null) break;
      const target = t.view.slTarget;
      const sl = value + target;
      const extra = { serviceLevel: sl, target };
      const pct = (v: number) => formatValue(v, 'ratio');
      if (resolved)
        return out('serviceLevelVsTarget', `${prefix}service level back to ${pct(sl)} (target ${pct(target)})`, extra);
      const pts = Math.round(Math.abs(value) * 100);
      const gap = pts === 0 ? 'at' : `${pts} pts ${value < 0 ? 'below' : 'above'}`;
      return out(
        'serviceLevelVsTarget',
        `${prefix}service level ${pct(sl)}, ${gap} target ${pct(target)}${lasting}`,
        extra,
      );
    }
    case 'timeInStateSec': {
      if (t.kind !== 'agent') break;
      const extra = { state: t.view.state, reason: t.view.reason };
      const doing = statePhrase(t.view.state, t.view.reason);
      if (value === null) return out('timeInState', `now ${doing}`, extra);
      if (resolved) break;
      return out(
        'timeInState',
        `${doing} for ${formatDuration(value)} (limit ${formatDuration(rule.threshold)})`,
        extra,
      );
    }
    case 'openFaults': {
      const faults = matchingFaults(c.view, rule);
      const kinds = rule.faultSeverities ? `${rule.faultSeverities.join('/')} ` : '';
      const extra = {
        severities: rule.faultSeverities?.join(',') ?? null,
        components: faults.map((f) => f.component).join(','),
      };
      if (faults.length === 0) return out('openFaults', `no open ${kinds}faults`, extra);
      const shown = faults.slice(0, 3).map((f) => (f.message ? `${f.component}: ${f.message}` : f.component));
      const more = faults.length > 3 ? `; ${faults.length - 3} more` : '';
      const noun = faults.length === 1 ? 'fault' : 'faults';
      return out('openFaults', `${faults.length} open ${kinds}${noun} (${shown.join('; ')}${more})`, extra);
    }
    case 'feedSilentSec': {
      const loggedIn = c.view.center.agents.loggedIn;
      const extra = { loggedIn };
      if (loggedIn === 0) return out('feedSilent', 'no agents logged in', extra);
      if (resolved) return out('feedSilent', 'events arriving again', extra);
      if (value === null) break;
      const agents = loggedIn === 1 ? '1 agent is' : `${loggedIn} agents are`;
      return out('feedSilent', `no events for ${formatDuration(value)} while ${agents} logged in`, extra);
    }
  }

  const what = `${prefix}${info.label}`;
  if (resolved)
    return out(
      'generic',
      value === null ? `${what} back to normal` : `${what} back to ${formatValue(value, info.unit)}`,
      {},
    );
  const shown = value === null ? 'unknown' : formatValue(value, info.unit);
  const limit = formatValue(rule.threshold, info.unit);
  return out('generic', `${what} ${shown} ${COMPARATOR_WORDS[rule.comparator]} ${limit}${lasting}`, {});
}
