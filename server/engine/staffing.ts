// Erlang C staffing (CONTRACT §4 `staffing`): for each queue, and for the centre as one pool of agents.
import { defaultQueueConfig, type QueueConfig } from '../../shared/config.ts';
import { requiredAgents, serviceLevel, trafficErlangs } from '../../shared/erlang.ts';
import type { QueueWindow, Staffing, Windows } from '../../shared/snapshot.ts';

/** The arrival rate is the 15m window's offered calls over its length, which is exactly 15 minutes. */
export const RATE_WINDOW_SEC = 15 * 60;

/** A floor without queues yet: the settings a queue would get. */
const NO_QUEUE = defaultQueueConfig('none');

interface Standard {
  ahtSec: number;
  thresholdSec: number;
  target: number;
}

function erlang(offered15: number, std: Standard, staffed: number): Staffing {
  const traffic = trafficErlangs(offered15, RATE_WINDOW_SEC, std.ahtSec);
  return {
    trafficErlangs: traffic,
    agentsStaffed: staffed,
    requiredAgents: requiredAgents({
      trafficErlangs: traffic,
      ahtSec: std.ahtSec,
      thresholdSec: std.thresholdSec,
      target: std.target,
    }),
    projectedServiceLevel:
      staffed === 0 && traffic === 0 ? null : serviceLevel(staffed, traffic, std.ahtSec, std.thresholdSec),
  };
}

/** The AHT a queue's Erlang figures assume: its 60m window's, or its defaultAhtSec before it has handled a call. */
export function queueAhtSec(config: QueueConfig, w: Windows<QueueWindow>): number {
  return w['60m'].ahtSec ?? config.defaultAhtSec;
}

/** A queue's: its 15m arrivals, its 60m AHT (or its defaultAhtSec), its T and target, its staffed agents. */
export function queueStaffing(config: QueueConfig, w: Windows<QueueWindow>, staffed: number): Staffing {
  const ahtSec = queueAhtSec(config, w);
  return erlang(w['15m'].offered, { ahtSec, thresholdSec: config.slThresholdSec, target: config.slTarget }, staffed);
}

/**
 * The centre's: its own 15m arrivals and 60m AHT, and its agents logged in and not in aux, each counted once (an
 * agent of three queues is one agent). Queues may set different T, targets and default AHTs: the centre takes
 * their means weighted by the calls each queue was offered in the 15m window (plain means when none was offered),
 * the standard the centre's actual mix of calls asks for.
 */
export function centerStaffing(
  queues: { config: QueueConfig; offered15: number }[],
  w: Windows<QueueWindow>,
  staffed: number,
): Staffing {
  const total = queues.reduce((n, q) => n + q.offered15, 0);
  const weight = (q: { offered15: number }) => (total > 0 ? q.offered15 / total : 1 / queues.length);
  const mean = (pick: (c: QueueConfig) => number) =>
    queues.length === 0 ? pick(NO_QUEUE) : queues.reduce((sum, q) => sum + weight(q) * pick(q.config), 0);
  const std: Standard = {
    ahtSec: w['60m'].ahtSec ?? mean((c) => c.defaultAhtSec),
    thresholdSec: mean((c) => c.slThresholdSec),
    target: mean((c) => c.slTarget),
  };
  return erlang(w['15m'].offered, std, staffed);
}
