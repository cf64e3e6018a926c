// The counts of the last hour with their exact instants, so a rolling window can start and end inside a minute.
// Minute tallies give the whole minutes of a window; the two minutes it cuts (the one its start falls in and the
// running one) are summed from here. One row per counted amount, shared by the centre, the queue and the team it
// counted for (the centre always): three series per row would triple the memory.
import { MINUTE, RING, type Series } from './series.ts';
import { F } from './tally.ts';

/** One minute's rows, as columns. */
interface Rows {
  /** ms since the minute began × KEY_SPAN + field: one small integer */
  key: number[];
  amount: number[];
  queue: (Series | null)[];
  team: (Series | null)[];
}

export interface EdgeLog {
  /** minute index held by each slot, or -1 */
  mins: Int32Array;
  slots: Rows[];
}

const KEY_SPAN = 32;
const MAX_WAIT = F.maxWait;

export function newEdgeLog(): EdgeLog {
  return {
    mins: new Int32Array(RING).fill(-1),
    slots: Array.from({ length: RING }, () => ({ key: [], amount: [], queue: [], team: [] })),
  };
}

/** Records an amount counted at ts; a minute the ring no longer holds is older than any window and is skipped. */
function note(log: EdgeLog, ts: number, field: number, amount: number, queue: Series | null, team: Series | null): void {
  const minute = Math.floor(ts / MINUTE);
  const i = minute % RING;
  const held = log.mins[i]!;
  if (held > minute) return;
  const rows = log.slots[i]!;
  if (held !== minute) {
    rows.key.length = rows.amount.length = rows.queue.length = rows.team.length = 0;
    log.mins[i] = minute;
  }
  rows.key.push((ts - minute * MINUTE) * KEY_SPAN + field);
  rows.amount.push(amount);
  rows.queue.push(queue);
  rows.team.push(team);
}

/** Where the fold's counts of one instant go (series.ts Cells.edge): aimed at an instant, then written through. */
export class EdgeTarget {
  log: EdgeLog | null = null;
  ts = 0;
  queue: Series | null = null;
  team: Series | null = null;

  aim(log: EdgeLog, ts: number, queue: Series | null, team: Series | null): this {
    this.log = log;
    this.ts = ts;
    this.queue = queue;
    this.team = team;
    return this;
  }

  /** Records one amount at the aimed instant; zero amounts change no sum and are not kept. */
  note(field: number, amount: number): void {
    if (this.log && amount !== 0) note(this.log, this.ts, field, amount, this.queue, this.team);
  }
}

/** Receives the rows of a span of time: the centre's, and the queue's and team's they counted for. */
export interface RowSink {
  row(field: number, amount: number, queue: Series | null, team: Series | null): void;
}

/** Hands the rows counted in [from, to] (both within one minute) to sink. */
export function rowsWithin(log: EdgeLog, from: number, to: number, sink: RowSink): void {
  const minute = Math.floor(from / MINUTE);
  const i = minute % RING;
  if (log.mins[i] !== minute) return;
  const rows = log.slots[i]!;
  const lo = (from - minute * MINUTE) * KEY_SPAN;
  const hi = (to - minute * MINUTE + 1) * KEY_SPAN;
  for (let r = 0; r < rows.key.length; r++) {
    const k = rows.key[r]!;
    if (k >= lo && k < hi) sink.row(k % KEY_SPAN, rows.amount[r]!, rows.queue[r]!, rows.team[r]!);
  }
}

/** into[field] += amount, except the maximum (longest wait), which is raised. */
export function addRow(into: Float64Array, field: number, amount: number): void {
  if (field === MAX_WAIT) {
    if (into[field]! < amount) into[field] = amount;
  } else into[field] = into[field]! + amount;
}
