// The figures of one window from its tally, by the definitions of CONTRACT §3: a queue's (or the centre's) and an
// agent's (or a team's). The live view, the queue groups and the reports read tallies through these.
import type { SlFormula } from '../../shared/config.ts';
import * as m from '../../shared/metrics.ts';
import type { AgentWindow, QueueWindow } from '../../shared/snapshot.ts';
import { read, type Tally } from './tally.ts';

export function queueWindow(t: Tally, formula: SlFormula): QueueWindow {
  const r = read(t);
  const st: m.StateTime = r;
  const waitsSeen = r.answered + r.abandoned + r.abandonedShort;
  return {
    offered: r.offered,
    answered: r.answered,
    answeredWithinSl: r.answeredWithinSl,
    abandoned: r.abandoned,
    abandonedShort: r.abandonedShort,
    serviceLevel: m.serviceLevel(formula, r),
    asaSec: m.ratio(r.answeredWaitSum, r.answered),
    abandonRate: m.abandonRate(r.answered, r.abandoned),
    maxWaitSec: waitsSeen > 0 ? r.maxWait : null,
    ahtSec: m.ratio(r.handleTalk + r.handleHold + r.handleAcw, r.handled),
    avgTalkSec: m.ratio(r.handleTalk, r.handled),
    avgHoldSec: m.ratio(r.handleHold, r.handled),
    avgAcwSec: m.ratio(r.handleAcw, r.handled),
    occupancy: m.occupancy(st),
    utilization: m.utilization(st),
    csat: m.ratio(r.csatSum, r.csatN),
    qa: m.ratio(r.qaSum, r.qaN),
    outbound: {
      dialed: r.dialed,
      connected: r.connected,
      failed: r.failed,
      connectRate: m.ratio(r.connected, r.dialed),
      callsPerAgentHour: m.perAgentHour(r.dialed, st),
      talkSec: r.outTalkingMs / 1000,
    },
  };
}

export function agentWindow(t: Tally): AgentWindow {
  const r = read(t);
  const st: m.StateTime = r;
  return {
    handled: r.handled,
    missed: r.missed,
    talkSec: r.talkingMs / 1000,
    ahtSec: m.ratio(r.handleTalk + r.handleHold + r.handleAcw, r.handled),
    occupancy: m.occupancy(st),
    utilization: m.utilization(st),
    csat: m.ratio(r.csatSum, r.csatN),
    qa: m.ratio(r.qaSum, r.qaN),
    csatSurveys: r.csatN,
    qaScores: r.qaN,
    outbound: { dialed: r.dialed, connected: r.connected, callsPerAgentHour: m.perAgentHour(r.dialed, st) },
  };
}
