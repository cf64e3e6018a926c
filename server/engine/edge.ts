// The counts of the last hour with their exact instants, so a rolling window can start and end inside a minute.
// Minute tallies give the whole minutes of a window; the two minutes it cuts (the one its start falls in and the
// running one) are summed from here. One row per counted amount, shared by the centre, the queue and the team it
// counted for (the centre always): three series per row would triple the memory.
import { MINUTE, RING, type Series } from './series.ts';
import { F, FIELDS } from './tally.ts';

/** One minute's rows, as typed columns reused minute after minute: 16 bytes a row. */
interface Rows {
  /** ms since the minute began × KEY_SPAN + field */
  key: Int32Array;
  amount: Float64Array;
  /** index into EdgeLog.targets */
  target: Int32Array;
  length: number;
}

/** The queue and team a row counted for (the centre always); a floor has few distinct pairs. */
interface Target {
  queue: Series | null;
  team: Series | null;
}

export interface EdgeLog {
  /** minute index held by each slot, or -1 */
  mins: Int32Array;
  slots: Rows[];
  targets: Target[];
  /** queue series → team series → index into targets */
  targetIds: Map<Series | null, Map<Series | null, number>>;
}

const KEY_SPAN = 32;
const MAX_WAIT = F.maxWait;
const FIRST_CAPACITY = 64;

if (FIELDS.length > KEY_SPAN) throw new Error('edge: KEY_SPAN must exceed the number of tally fields');

function newRows(capacity: number): Rows {
  return {
    key: new Int32Array(capacity),
    amount: new Float64Array(capacity),
    target: new Int32Array(capacity),
    length: 0,
  };
}

export function newEdgeLog(): EdgeLog {
  return {
    mins: new Int32Array(RING).fill(-1),
    slots: Array.from({ length: RING }, () => newRows(FIRST_CAPACITY)),
    targets: [],
    targetIds: new Map(),
  };
}

function targetId(log: EdgeLog, queue: Series | null, team: Series | null): number {
  let byTeam = log.targetIds.get(queue);
  if (!byTeam) log.targetIds.set(queue, (byTeam = new Map()));
  let id = byTeam.get(team);
  if (id === undefined) {
    id = log.targets.length;
    log.targets.push({ queue, team });
    byTeam.set(team, id);
  }
  return id;
}

/** Records an amount counted at ts; a minute the ring no longer holds is older than any window and is skipped. */
function note(log: EdgeLog, ts: number, field: number, amount: number, target: number): void {
  const minute = Math.floor(ts / MINUTE);
  const i = minute % RING;
  const held = log.mins[i]!;
  if (held > minute) return;
  let rows = log.slots[i]!;
  if (held !== minute) {
    rows.length = 0;
    log.mins[i] = minute;
  }
  if (rows.length === rows.key.length) {
    const grown = newRows(rows.key.length * 2);
    grown.key.set(rows.key);
    grown.amount.set(rows.amount);
    grown.target.set(rows.target);
    grown.length = rows.length;
    log.slots[i] = rows = grown;
  }
  const r = rows.length++;
  rows.key[r] = (ts - minute * MINUTE) * KEY_SPAN + field;
  rows.amount[r] = amount;
  rows.target[r] = target;
}

/** Where the fold's counts of one instant go (series.ts Cells.edge): aimed at an instant, then written through. */
export class EdgeTarget {
  log: EdgeLog | null = null;
  ts = 0;
  target = 0;

  aim(log: EdgeLog, ts: number, queue: Series | null, team: Series | null): this {
    this.log = log;
    this.ts = ts;
    this.target = targetId(log, queue, team);
    return this;
  }

  /** Records one amount at the aimed instant; zero amounts change no sum and are not kept. */
  note(field: number, amount: number): void {
    if (this.log && amount !== 0) note(this.log, this.ts, field, amount, this.target);
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
  for (let r = 0; r < rows.length; r++) {
    const k = rows.key[r]!;
    if (k >= lo && k < hi) {
      const t = log.targets[rows.target[r]!]!;
      sink.row(k % KEY_SPAN, rows.amount[r]!, t.queue, t.team);
    }
  }
}

/** into[field] += amount, except the maximum (longest wait), which is raised. */
export function addRow(into: Float64Array, field: number, amount: number): void {
  if (field === MAX_WAIT) {
    if (into[field]! < amount) into[field] = amount;
  } else into[field] = into[field]! + amount;
}
