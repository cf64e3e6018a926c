// An alert's sentence in the screen's language, rebuilt from its messageParams with the board's own number and
// duration formats. The server's `message` is the English original and the answer whenever a translation cannot
// be complete: a screen shows a whole English sentence rather than half a Chinese one.
import type { AlertTemplate, TemplateParams } from '../../../shared/alert-templates.ts';
import type { Alert, MetricUnit } from '../../../shared/alerts.ts';
import { formatAge, formatDuration, formatNumber, formatPercent, type Locale } from './format.ts';
import { MESSAGES, type Messages } from './messages.ts';

/** A param the template needs is absent or of the wrong kind (a server older or newer than this screen). */
class MissingParam extends Error {}

/** A param of template T (shared/alert-templates.ts): reading one the server does not write is a type error. */
type Key<T extends AlertTemplate> = keyof TemplateParams<T> & string;

/** Typed reads of messageParams; each throws MissingParam rather than return something unusable. */
class Params<T extends AlertTemplate> {
  constructor(private readonly raw: Alert['messageParams']) {}

  num(key: Key<T>): number {
    const v = this.raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new MissingParam(key);
    return v;
  }

  numOrNull(key: Key<T>): number | null {
    return this.raw[key] === null ? null : this.num(key);
  }

  str(key: Key<T>): string {
    const v = this.raw[key];
    if (typeof v !== 'string') throw new MissingParam(key);
    return v;
  }

  strOrNull(key: Key<T>): string | null {
    return this.raw[key] === null ? null : this.str(key);
  }

  /** A string naming one of `table`'s own entries. */
  key<K extends object>(key: Key<T>, table: K): keyof K & string {
    const v = this.str(key);
    if (!Object.hasOwn(table, v)) throw new MissingParam(key);
    return v as keyof K & string;
  }

  keyOrNull<K extends object>(key: Key<T>, table: K): (keyof K & string) | null {
    return this.raw[key] === null ? null : this.key(key, table);
  }

  /** The server's booleans are 0 / 1 (params are strings, numbers or null). */
  flag(key: Key<T>): boolean {
    return this.num(key) === 1;
  }
}

interface Context<T extends AlertTemplate> {
  alert: Alert;
  p: Params<T>;
  t: Messages;
  w: Messages['alerts']['text'];
  lang: Locale;
}

/** Up to two decimals, as the server rounds counts, without padding whole numbers with zeros. */
function count(v: number, lang: Locale): string {
  const r = Math.round(v * 100) / 100;
  const decimals = [0, 1].find((d) => Math.abs(Math.round(r * 10 ** d) - r * 10 ** d) < 1e-9) ?? 2;
  return formatNumber(r, lang, decimals);
}

/** A metric's value as the tiles show it. */
const BY_UNIT: Record<MetricUnit, (v: number, lang: Locale) => string> = {
  ratio: (v, lang) => formatPercent(v, lang),
  sec: (v, lang) => formatDuration(v, lang),
  count,
};

function windowWords<T extends AlertTemplate>({ p, w }: Context<T>): string {
  const window = p.keyOrNull('window', w.windows);
  return window === null ? '' : w.windows[window];
}

/** How long the condition has held, as coarse as the board's other ages ("5分钟"); nothing under a second. */
function lasting<T extends AlertTemplate>({ p, w, lang }: Context<T>): string {
  const forSec = p.num('forSec');
  return forSec >= 1 ? w.lasting(formatAge(forSec, lang)) : '';
}

function statePhrase({ p, t, w }: Context<'timeInState'>): string {
  const state = p.key('state', t.states);
  if (state !== 'aux') return t.states[state];
  const reason = p.strOrNull('reason');
  if (reason === null) return t.states.aux;
  return Object.hasOwn(t.reasons, reason) ? t.reasons[reason]! : w.otherReason(reason);
}

// One builder per server template (server/alerts/message.ts and evaluate.ts), each choosing among the same
// variants as the English sentence does.
const TEMPLATES: { [T in AlertTemplate]: (c: Context<T>) => string } = {
  serviceLevelVsTarget(c) {
    const { p, w, lang } = c;
    const window = windowWords(c);
    const sl = formatPercent(p.num('serviceLevel'), lang);
    const target = formatPercent(p.num('target'), lang);
    if (p.flag('resolved')) return w.slBack(window, sl, target);
    const gap = p.num('value');
    const points = Math.round(Math.abs(gap) * 100);
    if (points === 0) return w.slAt(window, sl, target) + lasting(c);
    const text = gap < 0 ? w.slBelow : w.slAbove;
    return text(window, sl, target, formatNumber(points, lang)) + lasting(c);
  },

  timeInState(c) {
    const { p, w, lang } = c;
    const doing = statePhrase(c);
    const inState = p.numOrNull('value');
    if (inState === null) return w.nowIn(doing);
    return w.inState(doing, formatDuration(inState, lang), formatDuration(p.num('threshold'), lang));
  },

  openFaults({ p, w, lang }) {
    const severities = p.strOrNull('severities');
    const kinds =
      severities === null
        ? ''
        : w.faultKinds(
            severities.split(',').map((s) => (Object.hasOwn(w.faultSeverities, s) ? w.faultSeverities[s]! : s)),
          );
    const open = p.num('value');
    if (open === 0) return w.noFaults(kinds);
    const components = p.str('components').split(',');
    // The server lists one component per open fault; anything else would name the wrong ones.
    if (components.length !== open) throw new MissingParam('components');
    const SHOWN = 3;
    const more = open > SHOWN ? formatNumber(open - SHOWN, lang) : '';
    return w.faults(formatNumber(open, lang), kinds, components.slice(0, SHOWN), more);
  },

  feedSilent({ p, w, lang }) {
    const loggedIn = p.num('loggedIn');
    if (loggedIn === 0) return w.noAgents;
    if (p.flag('resolved')) return w.eventsAgain;
    return w.feedSilent(formatAge(p.num('value'), lang), formatNumber(loggedIn, lang));
  },

  generic(c) {
    const { p, w, lang } = c;
    const what = windowWords(c) + w.metrics[p.key('metric', w.metrics)];
    const format = BY_UNIT[p.key('unit', BY_UNIT)];
    const v = p.numOrNull('value');
    if (p.flag('resolved')) return v === null ? w.backToNormal(what) : w.backTo(what, format(v, lang));
    const comparator = w.comparators[p.key('comparator', w.comparators)];
    const shown = v === null ? w.unknown : format(v, lang);
    return w.breach(what, shown, comparator, format(p.num('threshold'), lang)) + lasting(c);
  },

  withdrawn({ alert, w }) {
    return w.withdrawn(alert.ruleName ?? alert.ruleId);
  },
};

/**
 * The alert's sentence in `lang`: for English the server's own `message`; otherwise built from messageParams, or
 * the server's `message` when the template is unknown or a param it needs is missing. `duration: false` leaves
 * out how long the condition has held (in English too).
 */
export function alertText(alert: Alert, lang: Locale, o: { duration?: boolean } = {}): string {
  const withDuration = o.duration ?? true;
  if (lang === 'en' && withDuration) return alert.message;
  try {
    if (withDuration) return built(alert, lang, alert.messageParams);
    const shorter = built(alert, lang, { ...alert.messageParams, forSec: 0 });
    // English keeps the server's own words unless they carry a duration to leave out.
    if (lang === 'en' && shorter === built(alert, lang, alert.messageParams)) return alert.message;
    return shorter;
  } catch (err) {
    if (err instanceof MissingParam) return alert.message;
    throw err;
  }
}

function built(alert: Alert, lang: Locale, params: Alert['messageParams']): string {
  const t = MESSAGES[lang];
  const p = new Params<AlertTemplate>(params);
  // The params are the server's, read as the template they name says; each read still checks its value.
  const build = TEMPLATES[p.key('template', TEMPLATES)] as (c: Context<AlertTemplate>) => string;
  const c: Context<AlertTemplate> = { alert, p, t, w: t.alerts.text, lang };
  // The center's name is the server's English constant; the board has its own word for the whole center.
  const name = alert.scopeKind === 'center' ? t.center.title : p.str('entityName');
  return c.w.entity(name, build(c));
}
