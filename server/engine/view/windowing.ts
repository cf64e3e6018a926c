// The windows of a view: today, and the rolling 60m and 15m ending at `now`, of every series and agent.
import type { AgentWindow, Windows } from '../../../shared/snapshot.ts';
import { sumLog, todayTally } from '../agent-log.ts';
import { creditedField, outboundCampaign } from '../credit.ts';
import { addRow, rowsWithin, type RowSink } from '../edge.ts';
import { MINUTE, dayTally, sumMinutes, type Series } from '../series.ts';
import type { AgentRec, EngineState } from '../state.ts';
import { F, newTally, type Tally } from '../tally.ts';
import { addStateTime, stateTimeWithin, type Outbound, type StateSink } from '../timeline.ts';
import { agentWindow, windows } from './figures.ts';

/** A series' tallies for today, 60m and 15m, in that order. */
export type Triple = [Tally, Tally, Tally];

/** The rolling windows' lengths in minutes, by their place in a Triple. */
export const ROLLING: readonly [number, number] = [60, 15];

/** Where each window begins at `now`: local midnight, and exactly 60 and 15 minutes before now. */
export type Starts = { today: number; '60m': number; '15m': number };

export function windowStarts(state: EngineState, now: number): Starts {
  return { today: state.clock.dayStart(now), '60m': now - 60 * MINUTE, '15m': now - 15 * MINUTE };
}

/**
 * Computes each series' windows once per view. A rolling window [now − L, now] is its whole minutes (minute
 * tallies) plus two cut minutes: the one its start falls in and the running one, whose counts come from the edge
 * log and whose time in state from the agents' timelines. Agents' open spans are added up to now.
 */
export class Windowing implements RowSink, StateSink {
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
    starts: Starts,
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
    const field = creditedField(a);
    if (field !== undefined) {
      const campaign = outboundCampaign(this.state, a);
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
}

/** The agent's own windows: counts from its log, time in state from its timeline up to now. */
export function agentWindows(a: AgentRec, starts: Starts, now: number): Windows<AgentWindow> {
  const own: Triple = [todayTally(a.log, starts.today), newTally(), newTally()];
  sumLog(a.log, starts['60m'], now, own[1]);
  sumLog(a.log, starts['15m'], now, own[2]);
  addOwnStateTime(a, starts, now, own);
  return windows(own, agentWindow);
}

/** The agent's own time in state in each window, from its timeline up to now (a queue group's agent time). */
export function agentStateTime(a: AgentRec, starts: Starts, now: number): Triple {
  const own: Triple = [newTally(), newTally(), newTally()];
  addOwnStateTime(a, starts, now, own);
  return own;
}

function addOwnStateTime(a: AgentRec, starts: Starts, now: number, into: Triple): void {
  const from = [starts.today, starts['60m'], starts['15m']];
  for (let w = 0; w < 3; w++) addStateTime(a.timeline, from[w]!, now, into[w]!);
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
