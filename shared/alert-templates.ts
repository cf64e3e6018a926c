// The alert sentence templates and the params each carries in `messageParams`, so the server that fills a
// template (server/alerts/message.ts, evaluate.ts) and the screen that rebuilds it in another language
// (wallboard/src/lib/alert-text.ts) cannot drift apart: a param one writes and the other does not read, or reads
// under another name, is a type error. On the wire messageParams stays a flat record of strings, numbers and null
// (shared/alerts.ts), which is why booleans are 0 / 1, and why these are type aliases (they fit that record).
import type { Comparator, MetricName, MetricUnit } from './alerts.ts';
import type { AgentState, WindowName } from './vocabulary.ts';

/** What every template's params hold: the rule, the entity and the value. */
export type BaseParams = {
  entityName: string;
  metric: MetricName;
  window: WindowName | null;
  comparator: Comparator;
  value: number | null;
  threshold: number;
  unit: MetricUnit;
  /** Whole seconds the condition has held. */
  forSec: number;
  resolved: 0 | 1;
};

/** Each template's own params, beyond BaseParams. */
export interface TemplateExtras {
  generic: Record<never, never>;
  serviceLevelVsTarget: { serviceLevel: number; target: number };
  timeInState: { state: AgentState; reason: string | null };
  /** `severities` and `components` are comma-separated; one component per open fault. */
  openFaults: { severities: string | null; components: string };
  feedSilent: { loggedIn: number };
  /** The rule was removed or changed: the alert's last params, resolved. */
  withdrawn: Record<never, never>;
}

export type AlertTemplate = keyof TemplateExtras;

export type TemplateParams<T extends AlertTemplate> = { template: T } & BaseParams & TemplateExtras[T];
