// The console's view of the REST API (console-api spec): the shared shapes, plus the few only the console uses.
import type { Alert, AlertChange, Rule } from '../../../shared/alerts.ts';
import type { Role } from '../../../shared/config.ts';
import type { IntervalRow } from '../../../shared/snapshot.ts';
import type {
  AgentTimeline,
  ExplainCall,
  ExplainedMetric,
  Explanation,
  ExplainQuestion,
  QueueDetail,
} from '../../../shared/supervisor.ts';
import type { Me } from '../../../shared/users.ts';

export {
  BULLETIN_SEVERITIES,
  type Bulletin,
  type BulletinSeverity,
} from '../../../shared/bulletins.ts';
export type { Alert, AlertChange, AgentTimeline, ExplainCall, Explanation, IntervalRow, Me, QueueDetail, Role, Rule };
export type ExplainMetric = ExplainedMetric;
/** `at`: a replayed moment (the figure of the past picture), absent for the live floor. */
export type ExplainQuery = ExplainQuestion & { at?: number };
export type TimelineSpan = AgentTimeline['timeline'][number];

/** The JSON body of POST /bulletins and PUT /bulletins/:id (validated on the server by bulletinInputSchema). */
export interface BulletinInput {
  text: string;
  severity?: import('../../../shared/bulletins.ts').BulletinSeverity;
  targets?: { boards?: string[]; teams?: string[] };
  expiresAt?: number | null;
  ttlMin?: number;
}

/** GET /alerts/rules */
export interface RuleSet {
  rules: Rule[];
  /** True when an admin replaced the config's rules. */
  edited: boolean;
}
