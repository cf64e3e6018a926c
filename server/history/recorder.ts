// Interval rows from a fold of events in a fresh engine: what fills gaps in the history, rebuilds it from an
// export, and writes the demo's past days. Pure: events in, the closed intervals' rows out. An interval is closed
// when the first event at or after its end arrives (or at `finish`); the interval the first event falls in is
// skipped, since what came before the first event is unknown. Each event is judged as the live fold judges it, by
// the instant its entry reached the stream: an event the live board refused is not in the history either (and one
// stamped decades off cannot make the recorder walk through every interval in between).
import type { Config } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import type { CallRecord, FaultRecord } from '../../shared/history.ts';
import { createState, fold, foldLimits, tsInRange, type EngineState, type FoldLimits } from '../engine/index.ts';
import { intervalCalls, intervalFaults } from '../engine/interval-calls.ts';
import { intervalOf, intervalRawRows, type RawRow } from '../engine/interval-rows.ts';

export interface ClosedInterval {
  start: number;
  end: number;
  rows: RawRow[];
  calls: CallRecord[];
  faults: FaultRecord[];
}

/** An event with the instant its entry reached the stream (for events never in a stream: its own ts). */
export interface ArrivedEvent {
  event: FloorEvent;
  arrivalMs: number;
}

export class IntervalRecorder {
  readonly state: EngineState;
  private readonly limits: FoldLimits;
  private current: { start: number; end: number } | null = null;
  private firstTs: number | null = null;
  /** The latest ts folded so far. */
  lastTs = -Infinity;

  /** `from`: go on from a state that already holds every event up to `from.at` (an archived checkpoint). */
  constructor(
    config: Config,
    private readonly wanted: (start: number) => boolean = () => true,
    from?: { state: EngineState; at: number },
  ) {
    this.state = from?.state ?? createState(config);
    this.limits = foldLimits(config);
    if (from) {
      this.firstTs = from.at;
      this.current = intervalOf(this.state.clock, from.at);
    }
  }

  /** Folds the event; returns the intervals its time closed first (usually none). */
  push({ event, arrivalMs }: ArrivedEvent): ClosedInterval[] {
    const ctx = { ...this.limits, arrivalMs };
    if (!tsInRange(event.ts, ctx)) return [];
    const closed = this.closeUpTo(event.ts);
    this.firstTs ??= event.ts;
    this.current ??= intervalOf(this.state.clock, event.ts);
    if (event.ts > this.lastTs) this.lastTs = event.ts;
    fold(this.state, event, ctx);
    return closed;
  }

  /** The intervals that end by `until`, with nothing more to fold. */
  finish(until: number): ClosedInterval[] {
    return this.closeUpTo(until);
  }

  private closeUpTo(ts: number): ClosedInterval[] {
    const out: ClosedInterval[] = [];
    while (this.current && this.current.end <= ts) {
      const { start, end } = this.current;
      if (start >= this.firstTs! && this.wanted(start)) {
        out.push(closedInterval(this.state, start, end, end));
      }
      this.current = intervalOf(this.state.clock, end);
    }
    return out;
  }
}

/** Everything written for the interval [start, end), as the state knows it at `now`. */
export function closedInterval(state: EngineState, start: number, end: number, now: number): ClosedInterval {
  return {
    start,
    end,
    rows: intervalRawRows(state, start, now),
    calls: intervalCalls(state, start, end),
    faults: intervalFaults(state, start, end),
  };
}
