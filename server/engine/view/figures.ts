// A window's figures from its tally (the contract's ratios, via shared/metrics.ts), and today's interval rows.
import type { SlFormula } from '../../../shared/config.ts';
import * as m from '../../../shared/metrics.ts';
import type { AgentWindow, IntervalRow, QueueWindow, Windows } from '../../../shared/snapshot.ts';
import { INTERVAL, type Series } from '../series.ts';
import { read, type Tally } from '../tally.ts';
import type { Triple } from './windowing.ts';

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

/** Today's interval rows of a series; the running interval's peak includes the calls waiting now. */
export function intervalRows(
  series: Series,
  formula: SlFormula,
  dayStart: number,
  now: number,
  waitingNow: number,
): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const current = dayStart + Math.floor((now - dayStart) / INTERVAL) * INTERVAL;
  const starts = [...(series.intervals?.keys() ?? [])].filter((t) => t >= dayStart && t <= now).sort((a, b) => a - b);
  if (!starts.includes(current)) starts.push(current);
  for (const start of starts) {
    const t = series.intervals?.get(start);
    const r = t ? read(t) : null;
    const w = t ? queueWindow(t, formula) : null;
    rows.push({
      start,
      offered: r?.offered ?? 0,
      answered: r?.answered ?? 0,
      answeredWithinSl: r?.answeredWithinSl ?? 0,
      abandoned: r?.abandoned ?? 0,
      abandonedShort: r?.abandonedShort ?? 0,
      serviceLevel: w?.serviceLevel ?? null,
      asaSec: w?.asaSec ?? null,
      abandonRate: w?.abandonRate ?? null,
      peakWaiting: Math.max(r?.peakWaiting ?? 0, start === current ? waitingNow : 0),
    });
  }
  return rows;
}

export function windows<W>(t: Triple, f: (t: Tally) => W): Windows<W> {
  return { today: f(t[0]), '60m': f(t[1]), '15m': f(t[2]) };
}
