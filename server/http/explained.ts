// An explain-this-number question answered on an engine state as the asker may see it: the live route asks it of the
// live state, the seek thread of a replayed one (so both refuse and answer alike).
import type { ExplainQuestion } from '../../shared/supervisor.ts';
import type { Principal } from '../auth/principals.ts';
import { queueVisible } from '../auth/scope.ts';
import type { EngineState } from '../engine/index.ts';
import { explain } from '../engine/queries.ts';

/** The explanation, or the refusal (status and error). */
export type Explained = { status: number; body: object };

export function explainAs(p: Principal, state: EngineState, q: ExplainQuestion, now: number): Explained {
  if (q.scope === 'queue') {
    if (!state.queues.has(q.id!)) return { status: 404, body: { error: `no queue "${q.id}"` } };
    if (!queueVisible(p, q.id!)) return { status: 403, body: { error: 'forbidden' } };
  } else if (p.role === 'supervisor' && p.queues) {
    // The centre's calls span every queue: a supervisor limited to some queues may explain only those.
    return { status: 403, body: { error: 'forbidden' } };
  }
  return { status: 200, body: explain(state, q, now)! };
}
