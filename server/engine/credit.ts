// The rule that credits an agent's current state, for the fold (which credits it to the series as time passes) and
// the view (which adds the span still open at `now`): one rule, so the two can never disagree.
import type { AgentState } from '../../shared/snapshot.ts';
import type { AgentRec, EngineState } from './state.ts';
import { STATE_FIELD } from './tally.ts';

/** The tally field the agent's time in its current state counts in; undefined while offline. */
export function creditedField(a: AgentRec): number | undefined {
  return a.state === 'offline' ? undefined : STATE_FIELD[a.state];
}

/** For talk on an outbound call, its campaign (null: none); undefined otherwise (that time is not outbound talk). */
export function outboundCampaign(s: EngineState, a: AgentRec, state: AgentState = a.state): string | null | undefined {
  if (state !== 'talking' || a.direction !== 'outbound') return undefined;
  return (a.callId ? s.calls.get(a.callId)?.queueId : null) ?? null;
}
