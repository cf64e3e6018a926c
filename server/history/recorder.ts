// Interval rows from a fold of events in a fresh engine: what fills gaps in the history, rebuilds it from an
// export, and writes the demo's past days. Pure: events in, the closed intervals' rows out. An interval is closed
// when the first event at or after its end arrives (or at `finish`); the interval the first event falls in is
// skipped, since what came before the first event is unknown.
import type { Config } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import type { CallRecord } from '../../shared/history.ts';
import { createState, fold, type EngineState } from '../engine/index.ts';
import { intervalCalls } from '../engine/interval-calls.ts';
import { intervalOf, intervalRawRows, type RawRow } from '../engine/interval-rows.ts';

export interface ClosedInterval {
  start: number;
  end: number;
  rows: RawRow[];
  calls: CallRecord[];
}

export class IntervalRecorder {
  readonly state: EngineState;
  private current: { start: number; end: number } | null = null;
  private firstTs: number | null = null;

  constructor(config: Config, private readonly wanted: (start: number) => boolean = () => true) {
    this.state = createState(config);
  }

  /** Folds the event; returns the intervals its time closed first (usually none). */
  push(event: FloorEvent): ClosedInterval[] {
    const closed = this.closeUpTo(event.ts);
    this.firstTs ??= event.ts;
    this.current ??= intervalOf(this.state.clock, event.ts);
    fold(this.state, event);
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
        out.push({ start, end, rows: intervalRawRows(this.state, start, end), calls: intervalCalls(this.state, start, end) });
      }
      this.current = intervalOf(this.state.clock, end);
    }
    return out;
  }
}
