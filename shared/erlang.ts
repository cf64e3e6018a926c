// Erlang B/C staffing maths (CONTRACT §5). Pure: the server's per-queue staffing block, the CLI and the browser share it.

/** Service-level target when none is given: the contract's default `slTarget`. */
export const DEFAULT_SL_TARGET = 0.8;

/**
 * Largest traffic accepted. Every calculation walks the server counts 0…N one by one, so the cost grows with the
 * traffic; a million Erlangs (millions of agents) is beyond any real center and still takes only milliseconds.
 */
const MAX_TRAFFIC_ERLANGS = 1_000_000;

export interface RequiredAgentsInput {
  trafficErlangs: number;
  ahtSec: number;
  /** T: a call answered within T seconds counts towards the service level. */
  thresholdSec: number;
  /** Service-level fraction to reach, 0 < target ≤ 1. */
  target: number;
  /** When given, the answer also keeps occupancy A/N at or below this fraction. */
  maxOccupancy?: number;
}

export interface StaffingInput {
  /** Calls offered in the interval (a forecast may be fractional). */
  calls: number;
  intervalSec: number;
  ahtSec: number;
  /** Agents staffed now, whose probability of waiting, service level, ASA and occupancy are reported. */
  agents: number;
  thresholdSec: number;
  /** Defaults to DEFAULT_SL_TARGET. */
  target?: number;
  maxOccupancy?: number;
  /** Fraction of paid time agents are unavailable (breaks, training, …), 0 ≤ shrinkage < 1. */
  shrinkage?: number;
}

/** Exactly the object of CONTRACT §5. */
export interface StaffingResult {
  trafficErlangs: number;
  probWait: number;
  serviceLevel: number;
  /** null when the queue is unstable (agents ≤ traffic): the wait grows without bound. */
  asaSec: number | null;
  /** null when there are no agents to be occupied. */
  occupancy: number | null;
  requiredAgents: number;
  requiredAgentsWithShrinkage: number;
}

/** A rejected input; `field` names it so a caller (the CLI) can translate it to its own spelling. */
export class StaffingInputError extends RangeError {
  constructor(
    readonly field: string,
    readonly requirement: string,
    readonly value: unknown,
  ) {
    super(`${field} must be ${requirement}, got ${String(value)}`);
    this.name = 'StaffingInputError';
  }
}

function check(ok: boolean, field: string, requirement: string, value: unknown): void {
  if (!ok) throw new StaffingInputError(field, requirement, value);
}

function checkServers(field: string, n: number): void {
  check(Number.isSafeInteger(n) && n >= 0, field, 'a whole number ≥ 0', n);
}

function checkTraffic(a: number): void {
  check(Number.isFinite(a) && a >= 0, 'trafficErlangs', 'a finite number ≥ 0', a);
  check(a <= MAX_TRAFFIC_ERLANGS, 'trafficErlangs', `at most ${MAX_TRAFFIC_ERLANGS} Erlangs`, a);
}

function checkAht(aht: number): void {
  check(Number.isFinite(aht) && aht > 0, 'ahtSec', 'a finite number > 0', aht);
}

function checkThreshold(t: number): void {
  check(Number.isFinite(t) && t >= 0, 'thresholdSec', 'a finite number ≥ 0', t);
}

function checkShrinkage(s: number): void {
  check(s >= 0 && s < 1, 'shrinkage', 'a fraction with 0 ≤ value < 1', s);
}

function checkFraction(field: string, x: number): void {
  check(x > 0 && x <= 1, field, 'a fraction with 0 < value ≤ 1', x);
}

/** B(N) from B(N−1). Dividing keeps every term in [0, 1], unlike A^N/N!, which overflows past N ≈ 170. */
function nextB(n: number, a: number, prevB: number): number {
  return (a * prevB) / (n + a * prevB);
}

/** Erlang C from Erlang B, for n > a. */
function cFromB(n: number, a: number, b: number): number {
  return (n * b) / (n - a * (1 - b));
}

function slFromC(n: number, a: number, c: number, ahtSec: number, thresholdSec: number): number {
  return 1 - c * Math.exp((-(n - a) * thresholdSec) / ahtSec);
}

/** Erlang B: probability that a call finding all `servers` busy is blocked, with `trafficErlangs` offered. */
export function erlangB(servers: number, trafficErlangs: number): number {
  checkServers('servers', servers);
  checkTraffic(trafficErlangs);
  let b = 1;
  for (let n = 1; n <= servers; n++) {
    b = nextB(n, trafficErlangs, b);
    // Once B underflows it stays 0; stopping keeps huge server counts cheap.
    if (b === 0) break;
  }
  return b;
}

/** Erlang C: probability that a call waits. 1 when servers ≤ traffic (the queue never empties). */
export function erlangC(servers: number, trafficErlangs: number): number {
  checkServers('servers', servers);
  checkTraffic(trafficErlangs);
  if (servers <= trafficErlangs) return 1;
  return cFromB(servers, trafficErlangs, erlangB(servers, trafficErlangs));
}

/** Fraction of calls answered within `thresholdSec`: 1 − C·e^(−(N−A)·T/AHT); 0 when servers ≤ traffic. */
export function serviceLevel(servers: number, trafficErlangs: number, ahtSec: number, thresholdSec: number): number {
  checkAht(ahtSec);
  checkThreshold(thresholdSec);
  const c = erlangC(servers, trafficErlangs);
  if (servers <= trafficErlangs) return 0;
  return slFromC(servers, trafficErlangs, c, ahtSec, thresholdSec);
}

/** Average speed of answer C·AHT/(N−A), in seconds; null when servers ≤ traffic. */
export function asaSec(servers: number, trafficErlangs: number, ahtSec: number): number | null {
  checkAht(ahtSec);
  const c = erlangC(servers, trafficErlangs);
  if (servers <= trafficErlangs) return null;
  return (c * ahtSec) / (servers - trafficErlangs);
}

/**
 * A/N. Traffic beyond capacity cannot make agents busier than always busy, so it is capped at 1;
 * null with no agents.
 */
export function occupancy(servers: number, trafficErlangs: number): number | null {
  checkServers('servers', servers);
  checkTraffic(trafficErlangs);
  if (servers === 0) return null;
  return Math.min(1, trafficErlangs / servers);
}

/** Offered load in Erlangs: calls × AHT / interval. */
export function trafficErlangs(calls: number, intervalSec: number, ahtSec: number): number {
  check(Number.isFinite(calls) && calls >= 0, 'calls', 'a finite number ≥ 0', calls);
  check(Number.isFinite(intervalSec) && intervalSec > 0, 'intervalSec', 'a finite number > 0', intervalSec);
  checkAht(ahtSec);
  const a = (calls * ahtSec) / intervalSec;
  checkTraffic(a);
  return a;
}

/**
 * Smallest whole N > A whose service level reaches `target` and, when given, whose occupancy A/N ≤ `maxOccupancy`.
 * With no traffic this is 1, not 0: the contract asks for N > A, and 1 is also the answer once the traffic is small
 * enough, so the result does not jump as the traffic falls to zero.
 * Always terminates: as N grows, C falls to 0 and the service level to exactly 1.
 */
export function requiredAgents(input: RequiredAgentsInput): number {
  const { trafficErlangs: a, ahtSec, thresholdSec, target, maxOccupancy } = input;
  checkTraffic(a);
  checkAht(ahtSec);
  checkThreshold(thresholdSec);
  checkFraction('target', target);
  if (maxOccupancy !== undefined) checkFraction('maxOccupancy', maxOccupancy);

  const first = Math.floor(a) + 1;
  let b = 1;
  for (let n = 1; n < first; n++) b = nextB(n, a, b);
  for (let n = first; ; n++) {
    b = nextB(n, a, b);
    if (maxOccupancy !== undefined && a / n > maxOccupancy) continue;
    if (slFromC(n, a, cFromB(n, a, b), ahtSec, thresholdSec) >= target) return n;
  }
}

/** ⌈agents / (1 − shrinkage)⌉: agents to roster so that `agents` remain available. */
export function withShrinkage(agents: number, shrinkage: number): number {
  checkServers('agents', agents);
  checkShrinkage(shrinkage);
  // 21 / (1 − 0.3) is 30.000000000000004 in binary floating point; shave such noise before rounding up.
  return Math.ceil((agents / (1 - shrinkage)) * (1 - 1e-12));
}

/** The calculator of CONTRACT §5. */
export function staffing(input: StaffingInput): StaffingResult {
  const { calls, intervalSec, ahtSec, agents, thresholdSec, maxOccupancy, shrinkage = 0 } = input;
  const target = input.target ?? DEFAULT_SL_TARGET;
  checkServers('agents', agents);
  checkThreshold(thresholdSec);
  checkShrinkage(shrinkage);
  const a = trafficErlangs(calls, intervalSec, ahtSec);
  const required = requiredAgents({ trafficErlangs: a, ahtSec, thresholdSec, target, maxOccupancy });
  return {
    trafficErlangs: a,
    probWait: erlangC(agents, a),
    serviceLevel: serviceLevel(agents, a, ahtSec, thresholdSec),
    asaSec: asaSec(agents, a, ahtSec),
    occupancy: occupancy(agents, a),
    requiredAgents: required,
    requiredAgentsWithShrinkage: withShrinkage(required, shrinkage),
  };
}
