// Writes history from a sequence of events folded in a fresh engine (IntervalRecorder): the rebuild from an
// export, the demo's past days and the refill of gaps all go through here. Rows are upserted a batch of intervals
// at a time, so a rerun writes the same rows again, never twice.
import type { Config } from '../../shared/config.ts';
import type { FaultRecord } from '../../shared/history.ts';
import type { EngineState } from '../engine/index.ts';
import { IntervalRecorder, type ArrivedEvent, type ClosedInterval } from './recorder.ts';
import type { HistoryStore } from './store.ts';

const INTERVALS_PER_WRITE = 48;
/**
 * The fold yields to the event loop after this much work, so a server writing history in the background stays
 * responsive: its Redis requests time out after a second, and a busy loop would make them time out even though
 * Redis answered at once. Measured in time, not events: a loaded machine folds ten times slower.
 */
const TURN_MS = 20;
/** How often the clock is read while folding. */
const EVENTS_PER_CLOCK_READ = 100;

export interface RecordOptions {
  /** Intervals ending by then are closed at the end (default: the last event's time). */
  until?: number;
  /** Never close an interval that ends after this (the wall clock's last closed interval). */
  atMost?: number;
  wanted?: (start: number) => boolean;
  /** Told after each write, with the last interval written. */
  onWritten?: (interval: ClosedInterval, intervals: number) => void;
  /** Stops early (what was written stays written). */
  signal?: AbortSignal;
  /** Fold on from this state, which holds every event up to `at` (default: a fresh engine). */
  from?: { state: EngineState; at: number };
}

/** Returns the starts of the intervals written, in order. */
export async function recordEvents(
  store: HistoryStore,
  config: Config,
  events: Iterable<ArrivedEvent> | AsyncIterable<ArrivedEvent>,
  o: RecordOptions = {},
): Promise<number[]> {
  const recorder = new IntervalRecorder(config, o.wanted, o.from);
  let pending: ClosedInterval[] = [];
  const written: number[] = [];
  const atMost = o.atMost ?? Infinity;
  const flush = async () => {
    if (pending.length === 0) return;
    await store.upsertRows(pending.flatMap((i) => i.rows));
    await store.upsertCalls(pending.flatMap((i) => i.calls));
    await store.upsertFaults(latestFaults(pending));
    for (const i of pending) written.push(i.start);
    o.onWritten?.(pending[pending.length - 1]!, written.length);
    pending = [];
  };
  let sinceClockRead = 0;
  let turnStarted = performance.now();
  for await (const e of events) {
    if (++sinceClockRead === EVENTS_PER_CLOCK_READ) {
      sinceClockRead = 0;
      if (performance.now() - turnStarted >= TURN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        turnStarted = performance.now();
        if (o.signal?.aborted) return written;
      }
    }
    for (const closed of recorder.push(e)) if (closed.end <= atMost) pending.push(closed);
    if (pending.length >= INTERVALS_PER_WRITE) await flush();
  }
  for (const closed of recorder.finish(Math.min(o.until ?? recorder.lastTs, atMost))) pending.push(closed);
  await flush();
  return written;
}

/** One record per fault of a batch: its latest state (a fault open in one interval may be closed in a later one). */
function latestFaults(intervals: ClosedInterval[]): FaultRecord[] {
  const byKey = new Map<string, FaultRecord>();
  for (const i of intervals) for (const f of i.faults) byKey.set(`${f.faultId}\u0000${f.openedTs}`, f);
  return [...byKey.values()];
}
