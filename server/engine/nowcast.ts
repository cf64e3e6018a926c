// The now-cast (docs/contract.md, *The now-cast*): which waiting calls have breached T or are about to, and the
// service level the running 15-minute interval will end with. Pure: the same waits, counts and staffing give the
// same figures.
import { warnSecOf } from '../../shared/config.ts';
import { ratio, slParts } from '../../shared/metrics.ts';
import type { Nowcast, QueueWindow, Staffing, Windows } from '../../shared/snapshot.ts';
import { INTERVAL, intervalStart } from './series.ts';
import { RATE_WINDOW_SEC, queueAhtSec } from './staffing.ts';
import type { QueueRec } from './state.ts';
import { read } from './tally.ts';

export interface NowcastInput {
  /** Waits so far of the calls waiting now, in seconds, in any order. */
  waitsSec: readonly number[];
  thresholdSec: number;
  warnSec: number;
  /** Agents staffing the queue (logged in, not in aux) and the AHT they are assumed to take. */
  agents: number;
  ahtSec: number;
  /** λ: calls offered per second (the 15m window's). */
  arrivalsPerSec: number;
  /** r: seconds left in the running interval. */
  secondsLeft: number;
  /** P: the Erlang C service level at the current staffing. */
  slNow: number;
  /** A and D: the running interval's service-level numerator and denominator so far. */
  numerator: number;
  denominator: number;
}

/** A now-cast with its projection as parts, so totals (queue groups) add parts rather than percentages. */
export interface NowcastParts extends Omit<Nowcast, 'projectedIntervalSl' | 'nextBreachTs'> {
  numerator: number;
  denominator: number;
}

/**
 * P(a caller with `ahead` callers before it is answered within `withinSec`), every agent busy: each answer frees
 * one of N agents at rate N/AHT, so its answer is the (ahead + 1)-th event of a Poisson process of that rate — an
 * Erlang(ahead + 1, N/AHT) time; P = 1 − Σ_{j=0..ahead} e^(−x)·x^j/j!, x = N·withinSec/AHT. Memorylessness makes the
 * wait so far matter only through withinSec = T − wait.
 */
export function answeredWithin(ahead: number, withinSec: number, agents: number, ahtSec: number): number {
  if (agents <= 0 || withinSec <= 0) return 0;
  const x = (agents * withinSec) / ahtSec;
  // Terms in log space: e^(−x) alone underflows past x ≈ 745 (a big floor with a long T).
  const lnX = Math.log(x);
  let lnTerm = -x;
  let notYet = Math.exp(lnTerm);
  for (let j = 1; j <= ahead; j++) {
    lnTerm += lnX - Math.log(j);
    notYet += Math.exp(lnTerm);
  }
  return Math.max(0, 1 - notYet);
}

/** (A + ΣPᵢ + λ·r·P) / (D + |W| + λ·r), with the breach counts of the calls waiting now. */
export function nowcastParts(input: NowcastInput): NowcastParts {
  const { thresholdSec: t, warnSec, agents, ahtSec } = input;
  const waits = [...input.waitsSec].sort((a, b) => b - a);
  let breached = 0;
  let breachingSoon = 0;
  let longestWithin: number | null = null;
  let answered = 0;
  for (let i = 0; i < waits.length; i++) {
    const wait = waits[i]!;
    if (wait > t) breached++;
    else {
      if (wait > t - warnSec) breachingSoon++;
      longestWithin ??= wait;
    }
    // The i callers waiting longer are ahead of it (first come, first served).
    answered += answeredWithin(i, t - wait, agents, ahtSec);
  }
  const arrivals = input.arrivalsPerSec * input.secondsLeft;
  return {
    breached,
    breachingSoon,
    nextBreachInSec: longestWithin === null ? null : t - longestWithin,
    numerator: input.numerator + answered + arrivals * input.slNow,
    denominator: input.denominator + waits.length + arrivals,
  };
}

/** The snapshot's now-cast at `now`: the projection as a ratio, the next breach also as an instant. */
export function toNowcast(p: NowcastParts, now: number): Nowcast {
  return {
    breached: p.breached,
    breachingSoon: p.breachingSoon,
    nextBreachInSec: p.nextBreachInSec,
    nextBreachTs: p.nextBreachInSec === null ? null : Math.round(now + p.nextBreachInSec * 1000),
    projectedIntervalSl: ratio(p.numerator, p.denominator),
  };
}

/** Several queues' now-casts as one: counts and projection parts summed, the soonest breach. */
export function sumNowcasts(parts: readonly NowcastParts[]): NowcastParts {
  const out: NowcastParts = { breached: 0, breachingSoon: 0, nextBreachInSec: null, numerator: 0, denominator: 0 };
  for (const p of parts) {
    out.breached += p.breached;
    out.breachingSoon += p.breachingSoon;
    out.numerator += p.numerator;
    out.denominator += p.denominator;
    if (p.nextBreachInSec !== null && (out.nextBreachInSec === null || p.nextBreachInSec < out.nextBreachInSec))
      out.nextBreachInSec = p.nextBreachInSec;
  }
  return out;
}

/** A queue's now-cast at `now`: its waiting calls, its running interval's counts, and its staffing block. */
export function queueNowcast(
  q: QueueRec,
  w: Windows<QueueWindow>,
  staffing: Staffing,
  dayStart: number,
  now: number,
): NowcastParts {
  const start = intervalStart(now, dayStart);
  const tally = q.series.intervals?.get(start);
  const sofar = tally ? slParts(q.config.serviceLevelFormula, read(tally)) : { numerator: 0, denominator: 0 };
  const waitsSec: number[] = [];
  for (const since of q.waiting.values()) waitsSec.push(Math.max(0, now - since) / 1000);
  return nowcastParts({
    waitsSec,
    thresholdSec: q.config.slThresholdSec,
    warnSec: warnSecOf(q.config),
    agents: staffing.agentsStaffed,
    ahtSec: queueAhtSec(q.config, w),
    arrivalsPerSec: w['15m'].offered / RATE_WINDOW_SEC,
    secondsLeft: Math.max(0, start + INTERVAL - now) / 1000,
    // Null only with no one staffed and no traffic: then λ is 0 and P weighs nothing.
    slNow: staffing.projectedServiceLevel ?? 0,
    ...sofar,
  });
}
