// view(state, now): what the screens show. Pure: the same state and instant give the same snapshot.
import { requiredAgents, serviceLevel as erlangSl, trafficErlangs } from '../../shared/erlang.ts';
import type { SlFormula } from '../../shared/config.ts';
import * as m from '../../shared/metrics.ts';
import type {
  AgentCounts,
  AgentView,
  AgentWindow,
  CenterView,
  FaultView,
  IntervalRow,
  IntervalSeries,
  QueueView,
  QueueWindow,
  Snapshot,
  Staffing,
  TeamView,
  Windows,
} from '../../shared/snapshot.ts';
import { sumLog, todayTally } from './agent-log.ts';
import { INTERVAL, MINUTE, dayTally, sumMinutes, type Series } from './series.ts';
import type { AgentRec, EngineState, QueueRec } from './state.ts';
import { F, STATE_FIELD, newTally, read, type Tally } from './tally.ts';
import { addStateTime } from './timeline.ts';

/** A series' tallies for today, 60m and 15m, in that order. */
type Triple = [Tally, Tally, Tally];

/** Where each window begins at `now`. Rolling windows are whole minutes: the current one and the 59 (14) before. */
export function windowStarts(state: EngineState, now: number): { today: number; '60m': number; '15m': number } {
  const minute = Math.floor(now / MINUTE) * MINUTE;
  return { today: state.clock.dayStart(now), '60m': minute - 59 * MINUTE, '15m': minute - 14 * MINUTE };
}

/** Computes each series' windows once per view, and adds to them the spans agents are in right now. */
class Windowing {
  private readonly cache = new Map<Series, Triple>();
  private readonly starts: [number, number, number];

  constructor(
    private readonly state: EngineState,
    private readonly now: number,
    starts: ReturnType<typeof windowStarts>,
  ) {
    this.starts = [starts.today, starts['60m'], starts['15m']];
  }

  /** The series' windows from its stored tallies; open spans are added by addOpenSpans. */
  of(series: Series): Triple {
    let t = this.cache.get(series);
    if (!t) {
      const rolled = rollingSums(series, this.now);
      t = [dayTally(series.days, this.starts[0]), rolled[0].slice(), rolled[1].slice()];
      this.cache.set(series, t);
    }
    return t;
  }

  /** Adds [from, now) of `field`, clipped to each window, to the series' windows. */
  private add(series: Series, from: number, field: number): void {
    const t = this.of(series);
    for (let w = 0; w < 3; w++) {
      const ms = this.now - Math.max(from, this.starts[w]!);
      if (ms > 0) t[w]![field] = t[w]![field]! + ms;
    }
  }

  /** Credits the agent's current state, up to now, to its aggregates: the centre, its team, its queues. */
  addOpenSpans(a: AgentRec): void {
    if (a.state === 'offline') return;
    const field = STATE_FIELD[a.state];
    this.add(this.state.center.series, a.creditedTs, field);
    if (a.teamId) this.add(this.state.teams.get(a.teamId)!.series, a.creditedTs, field);
    for (const q of a.queues) this.add(this.state.queues.get(q)!.series, a.creditedTs, field);
    if (a.state === 'talking' && a.direction === 'outbound') {
      const campaign = a.callId ? this.state.calls.get(a.callId)?.queueId : null;
      this.add(this.state.center.series, a.creditedTs, F.outTalkingMs);
      if (campaign) this.add(this.state.queues.get(campaign)!.series, a.creditedTs, F.outTalkingMs);
    }
  }

  /** The agent's own windows: counts from its log, time in state from its timeline up to now. */
  agentWindows(a: AgentRec): Windows<AgentWindow> {
    const current = Math.floor(this.now / MINUTE);
    const own: Triple = [todayTally(a.log, this.starts[0]), newTally(), newTally()];
    sumLog(a.log, current, 60, own[1]);
    sumLog(a.log, current, 15, own[2]);
    for (let w = 0; w < 3; w++) addStateTime(a.timeline, this.starts[w]!, this.now, own[w]!);
    return windows(own, agentWindow);
  }
}

/** Sums of a series' last 60 and 15 minutes, kept from one view to the next while the series is not written to
 *  and the minute has not turned: most teams and queues of a large floor see no event between two ticks. */
const rolledSums = new WeakMap<Series, { writes: number; minute: number; sums: [Tally, Tally] }>();

function rollingSums(series: Series, now: number): [Tally, Tally] {
  const minute = Math.floor(now / MINUTE);
  const kept = rolledSums.get(series);
  if (kept && kept.writes === series.writes && kept.minute === minute) return kept.sums;
  const sums: [Tally, Tally] = [sumMinutes(series, now, 60), sumMinutes(series, now, 15)];
  rolledSums.set(series, { writes: series.writes, minute, sums });
  return sums;
}

/**
 * An agent's windows are most of a view's cost on a large floor, and an update carries few agents: they are
 * computed when first read (serialising reads them), then kept.
 */
function lazyWindows(view: Omit<AgentView, 'windows'>, compute: () => Windows<AgentWindow>): AgentView {
  return Object.defineProperty(view, 'windows', {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(view, 'windows', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  }) as AgentView;
}

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
export function intervalRows(series: Series, formula: SlFormula, dayStart: number, now: number, waitingNow: number): IntervalRow[] {
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

function windows<W>(t: Triple, f: (t: Tally) => W): Windows<W> {
  return { today: f(t[0]), '60m': f(t[1]), '15m': f(t[2]) };
}

function noAgents(): AgentCounts {
  return { loggedIn: 0, available: 0, dialing: 0, talking: 0, hold: 0, acw: 0, aux: 0 };
}

function countAgent(c: AgentCounts, a: AgentRec): void {
  if (a.state === 'offline') return;
  c.loggedIn++;
  c[a.state]++;
}

function oldestWaiting(q: QueueRec): number | null {
  let oldest: number | null = null;
  for (const ts of q.waiting.values()) if (oldest === null || ts < oldest) oldest = ts;
  return oldest;
}

const waitSec = (now: number, since: number | null) => (since === null ? null : Math.max(0, now - since) / 1000);

function staffing(q: QueueRec, w: Windows<QueueWindow>, agents: AgentCounts, now: number, start15: number): Staffing {
  const ahtSec = w['60m'].ahtSec ?? q.config.defaultAhtSec;
  const intervalSec = Math.max(1, (now - start15) / 1000);
  const traffic = trafficErlangs(w['15m'].offered, intervalSec, ahtSec);
  const staffed = agents.loggedIn - agents.aux;
  const T = q.config.slThresholdSec;
  return {
    trafficErlangs: traffic,
    agentsStaffed: staffed,
    requiredAgents: requiredAgents({ trafficErlangs: traffic, ahtSec, thresholdSec: T, target: q.config.slTarget }),
    projectedServiceLevel: staffed === 0 && traffic === 0 ? null : erlangSl(staffed, traffic, ahtSec, T),
  };
}

export type View = Omit<Snapshot, 'alerts' | 'stale' | 'bulletins'>;

export function view(state: EngineState, now: number): View {
  const starts = windowStarts(state, now);
  const w = new Windowing(state, now, starts);
  const centerAgents = noAgents();
  const queueAgents = new Map<string, AgentCounts>();
  const teamAgents = new Map<string, AgentCounts>();
  for (const q of state.queues.keys()) queueAgents.set(q, noAgents());
  for (const t of state.teams.keys()) teamAgents.set(t, noAgents());

  for (const a of state.agents.values()) {
    w.addOpenSpans(a);
    countAgent(centerAgents, a);
    if (a.teamId) countAgent(teamAgents.get(a.teamId)!, a);
    for (const q of a.queues) countAgent(queueAgents.get(q)!, a);
  }

  let waiting = 0;
  let oldestAll: number | null = null;
  const queues: QueueView[] = [];
  for (const q of state.queues.values()) {
    const oldest = oldestWaiting(q);
    waiting += q.waiting.size;
    if (oldest !== null && (oldestAll === null || oldest < oldestAll)) oldestAll = oldest;
    const agents = queueAgents.get(q.id)!;
    const qw = windows(w.of(q.series), (t) => queueWindow(t, q.config.serviceLevelFormula));
    queues.push({
      id: q.id,
      name: q.config.name ?? q.id,
      waiting: q.waiting.size,
      longestWaitSec: waitSec(now, oldest),
      oldestWaitingTs: oldest,
      slThresholdSec: q.config.slThresholdSec,
      slTarget: q.config.slTarget,
      agents,
      callbacksPending: q.callbacks.size,
      windows: qw,
      staffing: staffing(q, qw, agents, now, starts['15m']),
    });
  }

  const center: CenterView = {
    waiting,
    longestWaitSec: waitSec(now, oldestAll),
    oldestWaitingTs: oldestAll,
    agents: centerAgents,
    // Queues may use different formulas; the centre uses the default one over the summed counts.
    windows: windows(w.of(state.center.series), (t) => queueWindow(t, 'answered+abandoned')),
  };

  const agents: AgentView[] = [];
  for (const a of state.agents.values()) {
    const entry = {
      id: a.id,
      name: a.name,
      teamId: a.teamId,
      state: a.state,
      reason: a.reason,
      sinceTs: a.sinceTs,
      callId: a.callId ?? a.acw?.callId ?? null,
      queueId: agentQueue(state, a),
      queues: a.queues,
    };
    agents.push(lazyWindows(entry, () => w.agentWindows(a)));
  }

  const teams: TeamView[] = [];
  for (const t of state.teams.values()) {
    teams.push({ id: t.id, name: t.name, agents: teamAgents.get(t.id)!, windows: windows(w.of(t.series), agentWindow) });
  }

  const faults: FaultView[] = [...state.faults.values()].map((f) => ({ ...f }));
  const intervals: IntervalSeries[] = [
    { id: 'center', rows: intervalRows(state.center.series, 'answered+abandoned', starts.today, now, waiting) },
    ...[...state.queues.values()].map((q) => ({
      id: q.id,
      rows: intervalRows(q.series, q.config.serviceLevelFormula, starts.today, now, q.waiting.size),
    })),
  ];
  return { asOf: now, cursor: state.cursor, timezone: state.timezone, center, queues, agents, teams, faults, intervals };
}

function agentQueue(state: EngineState, a: AgentRec): string | null {
  if (a.callId) return state.calls.get(a.callId)?.queueId ?? null;
  return a.acw?.queueId ?? null;
}
