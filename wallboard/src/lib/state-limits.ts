// Time-in-state limits on the agent grid (board `stateLimits`): a break over 15 minutes turns the tile's time
// amber, then red, with the status shape beside it. A reason's own rule replaces its state's.
import type { StateLimit, StateLimits } from '../../../shared/boards.ts';
import type { AgentState } from '../../../shared/snapshot.ts';
import type { Status } from './thresholds.ts';

export function limitFor(limits: StateLimits, state: AgentState, reason: string | null): StateLimit | null {
  if (state === 'offline') return null;
  if (state === 'aux' && reason !== null && Object.hasOwn(limits.reasons, reason)) return limits.reasons[reason]!;
  return limits.states[state] ?? null;
}

/** Within the limit nothing is marked (a grid of green ticks says nothing); a bound itself is within. */
export function timeStatus(limit: StateLimit | null, seconds: number): Status {
  if (!limit) return 'none';
  return seconds > limit.redSec ? 'bad' : seconds > limit.amberSec ? 'warn' : 'none';
}
