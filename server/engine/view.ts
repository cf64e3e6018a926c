// view(state, now): what the screens show. Pure: the same state and instant give the same snapshot.
import type { SlFormula } from '../../shared/config.ts';
import type {
  AgentCounts,
  AgentView,
  AgentWindow,
  CenterView,
  FaultView,
  IntervalRow,
  IntervalSeries,
  QueueView,
  Snapshot,
  TeamView,
  Windows,
} from '../../shared/snapshot.ts';
import { countAgent, noAgents } from './agent-counts.ts';
import { sumLog, todayTally } from './agent-log.ts';
import { addRow, rowsWithin, type RowSink } from './edge.ts';
import { INTERVAL, MINUTE, dayTally, sumMinutes, type Series } from './series.ts';
import { queueNowcast, toNowcast } from './nowcast.ts';
import { GroupTotals, type GroupQueue } from './queue-groups.ts';
import { centerStaffing, queueStaffing } from './staffing.ts';
import type { AgentRec, EngineState, QueueRec } from './state.ts';
import { F, STATE_FIELD, newTally, read, type Tally } from './tally.ts';
import { addStateTime, stateTimeWithin, type Outbound, type StateSink } from './timeline.ts';
import { agentWindow, queueWindow } from './windows.ts';

/** A series' tallies for today, 60m and 15m, in that order. */
type Triple = [Tally, Tally, Tally];

/** The rolling windows' lengths in minutes, by their place in a Triple. */
const ROLLING: readonly [number, number] = [60, 15];

/** Where each window begins at `now`: local midnight, and exactly 60 and 15 minutes before now. */
export function windowStarts(state: EngineState, now: number): { today: number; '60m': number; '15m': number } {
  return { today: state.clock.dayStart(now), '60m': now - 60 * MINUTE, '15m': now - 15 * MINUTE };
}

/**
 * Computes each series' windows once per view. A rolling window [now − L, now] is its whole minutes (minute
 * tallies) plus two cut minutes: the one its start falls in and the running one, whose counts come from the edge
 * log and whose time in state from the agents' timelines. Agents' open spans are added up to now.
 */
class Windowing implements RowSink, StateSink {
  private readonly cache = new Map<Series, Triple>();
  private readonly starts: [number, number, number];
  /** The running minute (index) and when it began. */
  private readonly current: number;
  private readonly currentStart: number;
  /** Where each rolling window's whole minutes begin (and the minute its start cuts ends). */
  private readonly wholeFrom: [number, number];
  /** The windows (places in a Triple) that rows and spans handed to the sinks count for. */
  private targets: readonly number[] = [];
  /** The windows of the series the current agent's time counts for: the centre, its team, its queues. */
  private readonly agentTriples: Triple[] = [];

  constructor(
    private readonly state: EngineState,
    private readonly now: number,
    starts: ReturnType<typeof windowStarts>,
  ) {
    this.starts = [starts.today, starts['60m'], starts['15m']];
    this.current = Math.floor(now / MINUTE);
    this.currentStart = this.current * MINUTE;
    this.wholeFrom = [(this.current - ROLLING[0] + 1) * MINUTE, (this.current - ROLLING[1] + 1) * MINUTE];
    this.countCutMinutes();
  }

  /** The series' windows: today's tally, and the rolling windows' whole minutes (cut minutes are added here). */
  of(series: Series): Triple {
    let t = this.cache.get(series);
    if (!t) {
      const rolled = rollingSums(series, this.current);
      t = [dayTally(series.days, this.starts[0]), rolled[0].slice(), rolled[1].slice()];
      this.cache.set(series, t);
    }
    return t;
  }

  /** The counts of the cut minutes: the running one up to now (both windows), each window's first from its start. */
  private countCutMinutes(): void {
    const log = this.state.edge;
    this.targets = BOTH;
    rowsWithin(log, this.currentStart, this.now, this);
    for (let w = 1; w <= 2; w++) {
      this.targets = ONLY[w]!;
      rowsWithin(log, this.starts[w]!, this.wholeFrom[w - 1]! - 1, this);
    }
  }

  row(field: number, amount: number, queue: Series | null, team: Series | null): void {
    for (const w of this.targets) {
      addRow(this.of(this.state.center.series)[w]!, field, amount);
      if (queue) addRow(this.of(queue)[w]!, field, amount);
      if (team) addRow(this.of(team)[w]!, field, amount);
    }
  }

  /** Time in state: credits ms of field for the current agent to its aggregates (the centre, its team, its queues). */
  span(field: number, ms: number, outbound: Outbound | null): void {
    for (const w of this.targets) {
      for (let i = 0; i < this.agentTriples.length; i++) {
        const t = this.agentTriples[i]![w]!;
        t[field] = t[field]! + ms;
      }
      if (outbound) {
        this.credit(this.state.center.series, w, F.outTalkingMs, ms);
        if (outbound.campaign) this.credit(this.state.queues.get(outbound.campaign)!.series, w, F.outTalkingMs, ms);
      }
    }
  }

  private credit(series: Series, w: number, field: number, ms: number): void {
    const t = this.of(series)[w]!;
    t[field] = t[field]! + ms;
  }

  /**
   * The agent's time in state that the series' tallies do not hold: its current state since creditedTs (today,
   * the rolling windows' whole minutes) and in the cut minutes it spans whole; the cut minutes in which its state
   * changed come from its timeline. Most agents changed state in neither, and cost no timeline search.
   */
  addAgentTime(a: AgentRec): void {
    const t = this.agentTriples;
    t.length = 0;
    t.push(this.of(this.state.center.series));
    if (a.teamId) t.push(this.of(this.state.teams.get(a.teamId)!.series));
    for (const q of a.queues) t.push(this.of(this.state.queues.get(q)!.series));
    const since = a.sinceTs;
    if (a.state !== 'offline') {
      const field = STATE_FIELD[a.state];
      const campaign =
        a.state === 'talking' && a.direction === 'outbound'
          ? a.callId
            ? (this.state.calls.get(a.callId)?.queueId ?? null)
            : null
          : undefined;
      const open = campaign === undefined ? null : { campaign };
      this.targets = ONLY[0];
      const today = this.now - Math.max(a.creditedTs, this.starts[0]);
      if (today > 0) this.span(field, today, open);
      for (let w = 1; w <= 2; w++) {
        const wholeFrom = this.wholeFrom[w - 1]!;
        let ms = Math.max(0, this.currentStart - Math.max(a.creditedTs, wholeFrom));
        if (since <= this.starts[w]!) ms += wholeFrom - this.starts[w]!;
        if (since <= this.currentStart) ms += this.now - this.currentStart;
        this.targets = ONLY[w]!;
        if (ms > 0) this.span(field, ms, open);
      }
    }
    if (since > this.currentStart) {
      this.targets = BOTH;
      stateTimeWithin(a.timeline, this.currentStart, this.now, this);
    }
    for (let w = 1; w <= 2; w++) {
      if (since <= this.starts[w]!) continue;
      this.targets = ONLY[w]!;
      stateTimeWithin(a.timeline, this.starts[w]!, this.wholeFrom[w - 1]!, this);
    }
  }

  /** The agent's own windows: counts from its log, time in state from its timeline up to now. */
  agentWindows(a: AgentRec): Windows<AgentWindow> {
    const own: Triple = [todayTally(a.log, this.starts[0]), newTally(), newTally()];
    sumLog(a.log, this.starts[1], this.now, own[1]);
    sumLog(a.log, this.starts[2], this.now, own[2]);
    for (let w = 0; w < 3; w++) addStateTime(a.timeline, this.starts[w]!, this.now, own[w]!);
    return windows(own, agentWindow);
  }
}

const BOTH = [1, 2] as const;
const ONLY = [[0], [1], [2]] as const;

/** Sums of a series' whole minutes in the 60m and 15m windows (the minutes before the running one, back to the one
 *  after the cut first minute), kept from one view to the next while the series is not written to and the minute
 *  has not turned: most teams and queues of a large floor see no event between two ticks. */
const rolledSums = new WeakMap<Series, { writes: number; minute: number; sums: [Tally, Tally] }>();

function rollingSums(series: Series, current: number): [Tally, Tally] {
  const kept = rolledSums.get(series);
  if (kept && kept.writes === series.writes && kept.minute === current) return kept.sums;
  const sums: [Tally, Tally] = [
    sumMinutes(series, current - ROLLING[0] + 1, current - 1),
    sumMinutes(series, current - ROLLING[1] + 1, current - 1),
  ];
  rolledSums.set(series, { writes: series.writes, minute: current, sums });
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

function windows<W>(t: Triple, f: (t: Tally) => W): Windows<W> {
  return { today: f(t[0]), '60m': f(t[1]), '15m': f(t[2]) };
}

/**
 * Which queues an agent counts in now (see docs/contract.md, "a queue's agents"): an agent with a call or its
 * wrap-up counts in that call's queue only, so each call's agent counts once and the queues' "on call" add up to
 * the centre's; an agent without one (available, aux, or busy on a call of no queue) in each queue it is logged in
 * to, except that one busy on a call of no queue counts in none.
 */
function queuesCounting(state: EngineState, a: AgentRec): readonly string[] {
  if (a.state === 'offline') return [];
  const callQueue = agentQueue(state, a);
  if (callQueue !== null) return [callQueue];
  const busy = a.state !== 'available' && a.state !== 'aux';
  return busy ? [] : a.queues;
}

/** Counts the agent as staffing each queue it is logged in to unless in aux, whatever call it is on: the agents
 *  Erlang C staffs a queue with. */
function countStaffed(staffed: Map<string, number>, a: AgentRec): void {
  if (a.state === 'offline' || a.state === 'aux') return;
  for (const q of a.queues) staffed.set(q, (staffed.get(q) ?? 0) + 1);
}

function oldestWaiting(q: QueueRec): number | null {
  let oldest: number | null = null;
  for (const ts of q.waiting.values()) if (oldest === null || ts < oldest) oldest = ts;
  return oldest;
}

const waitSec = (now: number, since: number | null) => (since === null ? null : Math.max(0, now - since) / 1000);

export type View = Omit<Snapshot, 'alerts' | 'stale' | 'bulletins'>;

export function view(state: EngineState, now: number): View {
  const starts = windowStarts(state, now);
  const w = new Windowing(state, now, starts);
  const centerAgents = noAgents();
  const queueAgents = new Map<string, AgentCounts>();
  const teamAgents = new Map<string, AgentCounts>();
  const queueStaffed = new Map<string, number>();
  for (const q of state.queues.keys()) queueAgents.set(q, noAgents());
  for (const t of state.teams.keys()) teamAgents.set(t, noAgents());
  const groups = new GroupTotals(state.groups);
  const groupQueues = new Map<string, GroupQueue>();

  for (const a of state.agents.values()) {
    w.addAgentTime(a);
    countAgent(centerAgents, a);
    if (a.teamId) countAgent(teamAgents.get(a.teamId)!, a);
    const counting = queuesCounting(state, a);
    for (const q of counting) countAgent(queueAgents.get(q)!, a);
    groups.countAgent(a, counting);
    countStaffed(queueStaffed, a);
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
    const staffing = queueStaffing(q.config, qw, queueStaffed.get(q.id) ?? 0);
    const nowcast = queueNowcast(q, qw, staffing, starts.today, now);
    const qv: QueueView = {
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
      staffing,
      nowcast: toNowcast(nowcast, now),
    };
    queues.push(qv);
    groupQueues.set(q.id, { rec: q, view: qv, tallies: w.of(q.series), nowcast });
  }

  const centerWindows = windows(w.of(state.center.series), (t) => queueWindow(t, 'answered+abandoned'));
  const center: CenterView = {
    waiting,
    longestWaitSec: waitSec(now, oldestAll),
    oldestWaitingTs: oldestAll,
    agents: centerAgents,
    // Queues may use different formulas; the centre uses the default one over the summed counts.
    windows: centerWindows,
    staffing: centerStaffing(
      queues.map((x) => ({ config: state.queues.get(x.id)!.config, offered15: x.windows['15m'].offered })),
      centerWindows,
      centerAgents.loggedIn - centerAgents.aux, // each agent once
    ),
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
    teams.push({
      id: t.id,
      name: t.name,
      agents: teamAgents.get(t.id)!,
      windows: windows(w.of(t.series), agentWindow),
    });
  }

  const faults: FaultView[] = [...state.faults.values()].map((f) => ({ ...f }));
  const intervals: IntervalSeries[] = [
    { id: 'center', rows: intervalRows(state.center.series, 'answered+abandoned', starts.today, now, waiting) },
    ...[...state.queues.values()].map((q) => ({
      id: q.id,
      rows: intervalRows(q.series, q.config.serviceLevelFormula, starts.today, now, q.waiting.size),
    })),
  ];
  return {
    asOf: now,
    cursor: state.cursor,
    timezone: state.timezone,
    center,
    queues,
    agents,
    teams,
    groups: groups.views((id) => groupQueues.get(id), now),
    faults,
    intervals,
  };
}

function agentQueue(state: EngineState, a: AgentRec): string | null {
  if (a.callId) return state.calls.get(a.callId)?.queueId ?? null;
  return a.acw?.queueId ?? null;
}
