// The simulator's options, their defaults and their checks (shared by the model, the writer and the CLI).
import type { ScheduledActivity } from '../shared/schedules.ts';
import type { CurveKind } from './curve.ts';
import { MAX_QUEUES, outboundCount } from './roster.ts';

export interface SimOptions {
  agents: number;
  /** Number of inbound queues (the outbound campaign queue comes on top). */
  queues: number;
  /** Inbound calls per minute for the whole centre, averaged over the day. */
  rate: number;
  seed: number;
  curve: CurveKind;
  /** Simulated seconds to run; undefined or Infinity runs forever. */
  durationSec?: number;
  /** IANA zone whose local hour drives the intraday curve; default the machine's. */
  timezone?: string;
  /** Agents' schedules (agent-sim/schedule.ts): their first break and lunch start when scheduled, not at random. */
  schedule?: readonly ScheduledActivity[];
}

export const MAX_AGENTS = 10_000;

// Calls per minute one inbound agent takes at about 80 % occupancy on the 40-agent floor (34 inbound agents),
// measured on the model with breaks, lunch and the other aux included.
const CALLS_PER_AGENT_MINUTE = 0.144;
const REFERENCE_INBOUND = 34;
// Small floors split few agents over several queues, which pools badly: they need a lighter load.
const SMALL_FLOOR = 6;

/**
 * An inbound rate that keeps the inbound agents about 80 % occupied at the day's average rate. Checked against
 * the model by test/unit/sim.test.ts.
 */
export function defaultRate(agents: number): number {
  const inbound = agents - outboundCount(agents);
  const pooling = Math.min(
    1,
    inbound / (inbound + SMALL_FLOOR) / (REFERENCE_INBOUND / (REFERENCE_INBOUND + SMALL_FLOOR)),
  );
  return Math.max(0.1, Math.round(inbound * CALLS_PER_AGENT_MINUTE * pooling * 10) / 10);
}

export const DEFAULT_SIM_OPTIONS: Readonly<SimOptions> = Object.freeze({
  agents: 40,
  queues: 3,
  rate: defaultRate(40),
  seed: 1,
  curve: 'intraday',
});

/** The first problem with the options, phrased for a person, or undefined when they are usable. */
export function checkSimOptions(opts: SimOptions): string | undefined {
  if (!Number.isInteger(opts.agents) || opts.agents < 1 || opts.agents > MAX_AGENTS)
    return `agents must be an integer from 1 to ${MAX_AGENTS} (got ${opts.agents})`;
  if (!Number.isInteger(opts.queues) || opts.queues < 1 || opts.queues > MAX_QUEUES)
    return `queues must be an integer from 1 to ${MAX_QUEUES} (got ${opts.queues})`;
  if (!Number.isFinite(opts.rate) || opts.rate < 0)
    return `rate must be a number of calls per minute ≥ 0 (got ${opts.rate})`;
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffff_ffff)
    return `seed must be an integer from 0 to ${0xffff_ffff} (got ${opts.seed})`;
  if (opts.curve !== 'intraday' && opts.curve !== 'flat')
    return `curve must be "intraday" or "flat" (got ${opts.curve})`;
  const d = opts.durationSec;
  if (d !== undefined && d !== Number.POSITIVE_INFINITY && !(Number.isFinite(d) && d > 0))
    return `duration must be a positive number of seconds (got ${d})`;
  if (opts.timezone !== undefined && !isTimeZone(opts.timezone))
    return `timezone must be an IANA time zone such as Asia/Shanghai (got ${opts.timezone})`;
  return undefined;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
