// Each definition of CONTRACT §3 once. The engine's views and every screen that explains a number use these.
import type { SlFormula } from './config.ts';

/** a / b, or null when b is 0 (a rate of nothing is unknown, not zero). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export interface SlCounts {
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  abandonedShort: number;
  /** Abandons (short ones included) whose wait was ≤ T. */
  abandonedWithinSl: number;
}

/** The formula's numerator and denominator: what the service level is the ratio of, and what totals add. */
export function slParts(formula: SlFormula, c: SlCounts): { numerator: number; denominator: number } {
  switch (formula) {
    case 'answered+abandoned':
      return { numerator: c.answeredWithinSl, denominator: c.answered + c.abandoned };
    case 'answered':
      return { numerator: c.answeredWithinSl, denominator: c.answered };
    case 'offered':
      return { numerator: c.answeredWithinSl, denominator: c.answered + c.abandoned + c.abandonedShort };
    case 'positive':
      return {
        numerator: c.answeredWithinSl + c.abandonedWithinSl,
        denominator: c.answered + c.abandoned + c.abandonedShort,
      };
    case 'ignoreEarlyAbandons':
      return {
        numerator: c.answeredWithinSl,
        denominator: c.answered + c.abandoned + c.abandonedShort - c.abandonedWithinSl,
      };
  }
}

export function serviceLevel(formula: SlFormula, c: SlCounts): number | null {
  const { numerator, denominator } = slParts(formula, c);
  return ratio(numerator, denominator);
}

/** A wait exactly equal to T is within T. */
export function withinThreshold(waitSec: number, thresholdSec: number): boolean {
  return waitSec <= thresholdSec;
}

/** A wait exactly equal to S is a short abandon. */
export function isShortAbandon(waitSec: number, shortAbandonSec: number): boolean {
  return waitSec <= shortAbandonSec;
}

export function abandonRate(answered: number, abandoned: number): number | null {
  return ratio(abandoned, answered + abandoned);
}

/** Time spent per agent state, in ms. busy = talking + hold + acw + dialing. */
export interface StateTime {
  talkingMs: number;
  holdMs: number;
  acwMs: number;
  dialingMs: number;
  availableMs: number;
  auxMs: number;
}

function busyMs(t: StateTime): number {
  return t.talkingMs + t.holdMs + t.acwMs + t.dialingMs;
}

export function loggedInMs(t: StateTime): number {
  return busyMs(t) + t.availableMs + t.auxMs;
}

export function occupancy(t: StateTime): number | null {
  return ratio(busyMs(t), busyMs(t) + t.availableMs);
}

export function utilization(t: StateTime): number | null {
  return ratio(busyMs(t), loggedInMs(t));
}

/** Calls per logged-in agent-hour. */
export function perAgentHour(count: number, t: StateTime): number | null {
  return ratio(count, loggedInMs(t) / 3_600_000);
}

export type SlRole = 'numerator' | 'denominator' | 'excluded';

/**
 * What one answered or abandoned call counts toward in a service-level formula — the per-call reading of
 * `serviceLevel` above, so a figure can be listed call by call (the tests hold the two to each other).
 */
export function slRole(
  formula: SlFormula,
  kind: 'answered' | 'abandoned',
  waitSec: number,
  thresholdSec: number,
  shortAbandonSec: number,
): SlRole {
  const within = withinThreshold(waitSec, thresholdSec);
  if (kind === 'answered') return within ? 'numerator' : 'denominator';
  const short = isShortAbandon(waitSec, shortAbandonSec);
  switch (formula) {
    case 'answered':
      return 'excluded';
    case 'answered+abandoned':
      return short ? 'excluded' : 'denominator';
    case 'offered':
      return 'denominator';
    case 'positive':
      return within ? 'numerator' : 'denominator';
    case 'ignoreEarlyAbandons':
      return within ? 'excluded' : 'denominator';
  }
}

// ---- the manual's 5.4 figures over a period (docs/contract.md §6) ----

const HOUR_MS = 3_600_000;

/** Agent productivity: calls handled per logged-in agent-hour. */
export function productivity(handled: number, t: StateTime): number | null {
  return ratio(handled, loggedInMs(t) / HOUR_MS);
}

/** Daily talk time: talk seconds per local day of the period; null for periods shorter than a day. */
export function dailyTalkSec(talkSec: number, localDays: number | null): number | null {
  return localDays === null ? null : ratio(talkSec, localDays);
}

/** Seat utilization: logged-in agent-hours ÷ (seats × hours of the period); null without a seat count. */
export function seatUtilization(t: StateTime, seats: number | undefined, periodMs: number): number | null {
  return seats === undefined ? null : ratio(loggedInMs(t), seats * periodMs);
}

/** Cost per call: cost per paid (logged-in) agent-hour × those hours ÷ calls handled; null without a cost. */
export function costPerCall(costPerAgentHour: number | undefined, t: StateTime, handled: number): number | null {
  return costPerAgentHour === undefined ? null : ratio((costPerAgentHour * loggedInMs(t)) / HOUR_MS, handled);
}
