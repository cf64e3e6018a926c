// The floor model's records: its agents and calls as the simulation moves them, and what stats() reports.
import type { AgentSpec, QueueProfile } from './roster.ts';
import * as B from './behaviour.ts';
import { HOUR, MIN } from './behaviour.ts';
import type { Random } from './random.ts';

export interface FloorStats {
  /** The simulated clock (ms since the epoch). */
  simTs: number;
  waiting: number;
  busyAgents: number;
  auxAgents: number;
  agents: number;
}

export type AgentState = 'idle' | 'ringing' | 'dialing' | 'talking' | 'hold' | 'acw' | 'aux';
export type AuxKind = 'break' | 'lunch' | 'other';

export interface Aux {
  reason: string;
  durationMs: number;
}

export interface Agent extends AgentSpec {
  state: AgentState;
  /** Bumped on every state change, so a timer set in an earlier state can tell it is stale. */
  epoch: number;
  /** When the current ringing or dialing phase ends. */
  phaseEnd: number;
  /** Aux asked for while busy; it starts when the wrap-up ends. */
  pendingAux: Aux | undefined;
}

export interface Call {
  id: string;
  seq: number;
  queue: QueueProfile;
  /** Bumped each time the call is offered to a queue (a transfer offers it anew). */
  leg: number;
  state: 'waiting' | 'ringing' | 'connected' | 'gone';
  waitingSince: number;
  agent: Agent | undefined;
  transfers: number;
}

/** What an aux of the kind is for and how long it lasts. */
export function drawAux(rng: Random, kind: AuxKind): Aux {
  const { reason, lastsMin } =
    kind === 'break'
      ? { reason: 'break', lastsMin: B.BREAK.lastsMin }
      : kind === 'lunch'
        ? { reason: 'lunch', lastsMin: B.LUNCH.lastsMin }
        : rng.weighted(B.OTHER_AUX.kinds);
  return { reason, durationMs: Math.round(rng.lognormal(lastsMin.mean, lastsMin.sd) * MIN) };
}

/** How long after an aux of the kind ends the next one comes. */
export function auxGap(rng: Random, kind: AuxKind): number {
  if (kind === 'break') return rng.lognormal(B.BREAK.everyMin.mean, B.BREAK.everyMin.sd) * MIN;
  if (kind === 'lunch') return B.LUNCH.everyHours * HOUR;
  return rng.exponential(B.OTHER_AUX.everyHours * HOUR);
}

/** The first value of a map in insertion order (its oldest). */
export function first<V>(map: Map<string, V>): V | undefined {
  for (const v of map.values()) return v;
  return undefined;
}
