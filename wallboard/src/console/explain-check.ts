// Recomputes an explained figure from the calls listed, so the panel shows the arithmetic a supervisor can
// check by eye, and flags a list that does not add up to the server's numerator and denominator.
import type { ExplainCall, Explanation } from './types.ts';

export interface Recount {
  numerator: number;
  denominator: number;
  value: number | null;
  /** True when the listed calls give the server's own numerator and denominator. */
  agrees: boolean;
}

const EPSILON = 1e-6;
const counted = (c: ExplainCall) => c.counts !== 'excluded';

/**
 * Ratios (service level, abandon rate): the numerator counts the calls marked `numerator`, the denominator every
 * counted call. Averages (ASA, AHT): the numerator sums the counted calls' waits or handle times, the
 * denominator counts them.
 */
export function recount(e: Explanation): Recount {
  const calls = e.calls.filter(counted);
  let numerator: number;
  if (e.metric === 'serviceLevel' || e.metric === 'abandonRate') {
    numerator = calls.filter((c) => c.counts === 'numerator').length;
  } else {
    const part = e.metric === 'asaSec' ? (c: ExplainCall) => c.waitSec : (c: ExplainCall) => c.handleSec;
    numerator = calls.reduce((sum, c) => sum + (part(c) ?? 0), 0);
  }
  const denominator = calls.length;
  const value = denominator === 0 ? null : numerator / denominator;
  const agrees =
    Math.abs(numerator - e.numerator) < EPSILON * Math.max(1, e.numerator) && denominator === e.denominator;
  return { numerator, denominator, value, agrees };
}
