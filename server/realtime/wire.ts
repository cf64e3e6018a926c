// The one place numbers are rounded for the wire (socket snapshots and updates, and GET /api/v1/snapshot, so a
// screen and the REST API agree exactly). Unrounded, a window is mostly float digits no screen shows: ratios go to
// 4 decimals (0.01 percentage point), seconds and means to 2 (0.01 s). Fields are chosen by name, never by what a
// value looks like; counts, timestamps and configured values are left as they are. Only the view's figures
// (centre, queues, agents, teams, queue groups, intervals) are walked: alerts, faults and bulletins pass through untouched.
import type { AgentView, CenterView, GroupView, IntervalSeries, QueueView, TeamView } from '../../shared/snapshot.ts';

const RATIO = 4;
const SECONDS_OR_MEAN = 2;

const DECIMALS: ReadonlyMap<string, number> = new Map([
  ['serviceLevel', RATIO],
  ['abandonRate', RATIO],
  ['occupancy', RATIO],
  ['utilization', RATIO],
  ['connectRate', RATIO],
  ['projectedServiceLevel', RATIO],
  ['adherence', RATIO],
  ['projectedIntervalSl', RATIO],
  ['longestWaitSec', SECONDS_OR_MEAN],
  ['nextBreachInSec', SECONDS_OR_MEAN],
  ['asaSec', SECONDS_OR_MEAN],
  ['maxWaitSec', SECONDS_OR_MEAN],
  ['ahtSec', SECONDS_OR_MEAN],
  ['avgTalkSec', SECONDS_OR_MEAN],
  ['avgHoldSec', SECONDS_OR_MEAN],
  ['avgAcwSec', SECONDS_OR_MEAN],
  ['talkSec', SECONDS_OR_MEAN],
  ['csat', SECONDS_OR_MEAN],
  ['qa', SECONDS_OR_MEAN],
  ['callsPerAgentHour', SECONDS_OR_MEAN],
  ['trafficErlangs', SECONDS_OR_MEAN],
  ['scheduledSec', SECONDS_OR_MEAN],
  ['outSec', SECONDS_OR_MEAN],
]);

/** The parts of a snapshot, update or view that carry computed figures. */
interface Figures {
  center?: CenterView;
  queues?: QueueView[];
  agents?: AgentView[];
  teams?: TeamView[];
  groups?: GroupView[];
  intervals?: IntervalSeries[];
}

const FIGURE_PARTS = [
  'center',
  'queues',
  'agents',
  'teams',
  'groups',
  'intervals',
] as const satisfies readonly (keyof Figures)[];

/** A copy of `message` (a snapshot, an update or a view) with its figures rounded as they go on the wire. */
export function roundForWire<T extends Figures>(message: T): T {
  const out: Figures = { ...message };
  for (const part of FIGURE_PARTS) {
    if (message[part] !== undefined) (out as Record<string, unknown>)[part] = roundTree(message[part], part);
  }
  return out as T;
}

/** One field of a view (`key` names it: `windows`, `longestWaitSec`, …) rounded as it goes on the wire. */
export function roundField(key: string, value: unknown): unknown {
  return roundTree(value, key);
}

/** `x` to `decimals` places: the nearest double to that decimal, so JSON prints it in as many digits. */
function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}

function roundTree(value: unknown, key: string): unknown {
  if (typeof value === 'number') {
    const decimals = DECIMALS.get(key);
    return decimals === undefined ? value : roundTo(value, decimals);
  }
  if (Array.isArray(value)) return value.map((item) => roundTree(item, ''));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  // for…in reads an agent's lazily computed windows through their getter, as JSON.stringify would.
  for (const k in value) out[k] = roundTree((value as Record<string, unknown>)[k], k);
  return out;
}
