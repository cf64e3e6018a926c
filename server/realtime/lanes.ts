// Plans the two lanes' patches (shared/patch.ts, docs/contract.md *Two lanes*). It keeps the screen every two-lane
// client holds (the lanes' baseline: the first snapshot with every patch since merged in) and diffs the view
// against it, field by field, figures rounded as on the wire. A new client starts from that baseline, so a value
// that changed and changed back between two patches can never be missed.
import type { Alert } from '../../shared/alerts.ts';
import type { Bulletin } from '../../shared/bulletins.ts';
import { applyPatch, type Lane, type Patch, WINDOW_FIELDS } from '../../shared/patch.ts';
import type { Snapshot, StaleInfo } from '../../shared/snapshot.ts';
import type { View } from '../engine/index.ts';
import { roundField } from './wire.ts';

/** Live-lane patches go out at most this often: the folds of a busy moment are coalesced into one. */
export const LIVE_COALESCE_MS = 50;
/** The window lane goes out this often (its windowed figures move with the clock; it is the lanes' heartbeat). */
export const WINDOW_EVERY_MS = 1_000;
/** Agents' and teams' windowed figures go on every this many window patches, a fifth of them each time (so every
 *  one within 5 s, the contract's longest gap): on a floor of thousands they were most of the lane's bytes, and an
 *  agent's or team's own figures (handled, AHT, occupancy) are read at a glance, not watched tick. Queues', groups'
 *  and the centre's go every time. */
export const AGENT_WINDOW_PHASES = 5;

/** What a live-lane patch carries besides the view. */
export interface LiveExtras {
  stale: StaleInfo | null;
  bulletins: Bulletin[];
  /** The alerts in force. */
  alerts: Alert[];
}

const SAME = Symbol('same');
/** lane, seq, asOf, cursor: what every patch has, changed or not. */
const HEAD_FIELDS = 4;
type Row = { id: string };

export class LanePlanner {
  private baseline: Snapshot | null = null;
  private seq = 0;
  private liveAt = Number.NEGATIVE_INFINITY;
  private windowAt = Number.NEGATIVE_INFINITY;
  private windowRound = 0;

  /** When the last live-lane patch was planned. */
  get lastLiveAt(): number {
    return this.liveAt;
  }

  /** When the window lane is next due. */
  get windowDueAt(): number {
    return this.windowAt + WINDOW_EVERY_MS;
  }

  /** The snapshot a two-lane client starts from; `current` (a full wire snapshot) seeds it for the first client. */
  snapshot(current: () => Snapshot): Snapshot {
    this.baseline ??= { ...current(), seq: this.seq };
    return this.baseline;
  }

  /** Forgets the baseline (no client holds it any more); `seq` keeps rising. */
  reset(): void {
    this.baseline = null;
  }

  /** The live fields that changed since the last patch, or null when none did (or no client holds a baseline). */
  live(view: View, extras: LiveExtras, now: number): Patch | null {
    const base = this.baseline;
    if (!base) return null;
    this.liveAt = now;
    const patch: Patch = { lane: 'live', seq: 0, asOf: view.asOf, cursor: view.cursor };
    const center = diffPart(base.center, view.center, 'live');
    if (center !== SAME) patch.center = center as Patch['center'];
    const queues = diffRows(base.queues, view.queues, 'live');
    const agents = diffRows(base.agents, view.agents, 'live', placeChanged);
    const teams = diffRows(base.teams, view.teams, 'live');
    // A group's queue list rides along every time: scoping a group needs it (server/auth/scope.ts scopePatch).
    const groups = diffRows(base.groups ?? [], view.groups, 'live').map((g) => ({
      ...g,
      queues: view.groups.find((x) => x.id === g.id)!.queues,
    }));
    // An agent that moved team: its new team's row comes whole, for the desktops and supervisors it now reaches.
    const moved = new Set(agents.filter((a) => a.teamId !== undefined && a.teamId !== null).map((a) => a.teamId));
    for (const t of view.teams) if (moved.has(t.id) && !teams.some((x) => x.id === t.id)) teams.push(wholeRow(t));
    if (queues.length) patch.queues = queues as Patch['queues'];
    if (agents.length) patch.agents = agents as Patch['agents'];
    if (teams.length) patch.teams = teams as Patch['teams'];
    if (groups.length) patch.groups = groups as Patch['groups'];
    if (jsonChanged(base.stale, extras.stale)) patch.stale = extras.stale;
    if (jsonChanged(base.faults, view.faults)) patch.faults = view.faults;
    if (jsonChanged(base.bulletins, extras.bulletins)) patch.bulletins = extras.bulletins;
    if (jsonChanged(base.alerts, extras.alerts)) patch.alerts = extras.alerts;
    return Object.keys(patch).length > HEAD_FIELDS ? this.commit(patch) : null;
  }

  /** The windowed figures that changed since the last patch; always a patch, the lanes' heartbeat (null: no
   *  client holds a baseline). */
  window(view: View, now: number): Patch | null {
    const base = this.baseline;
    if (!base) return null;
    this.windowAt = now;
    const patch: Patch = { lane: 'window', seq: 0, asOf: view.asOf, cursor: view.cursor };
    const center = diffPart(base.center, view.center, 'window');
    if (center !== SAME) patch.center = center as Patch['center'];
    const queues = diffRows(base.queues, view.queues, 'window');
    const phase = this.windowRound++ % AGENT_WINDOW_PHASES;
    const agents = diffRows(base.agents, inPhase(base.agents, view.agents, phase), 'window');
    const teams = diffRows(base.teams, inPhase(base.teams, view.teams, phase), 'window');
    const groups = diffRows(base.groups ?? [], view.groups, 'window');
    if (queues.length) patch.queues = queues as Patch['queues'];
    if (agents.length) patch.agents = agents as Patch['agents'];
    if (teams.length) patch.teams = teams as Patch['teams'];
    if (groups.length) patch.groups = groups as Patch['groups'];
    const intervals = changedRows(base, view);
    if (intervals.length) patch.intervals = intervals;
    return this.commit(patch);
  }

  private commit(patch: Patch): Patch {
    patch.seq = ++this.seq;
    this.baseline = applyPatch(this.baseline!, patch);
    return patch;
  }
}

/** The rows whose windowed figures are due in this phase; a row new to the baseline comes at once, whatever its
 *  phase. */
function inPhase<T extends Row>(held: readonly T[], rows: readonly T[], phase: number): T[] {
  const known = new Set(held.map((r) => r.id));
  return rows.filter((r, i) => i % AGENT_WINDOW_PHASES === phase || !known.has(r.id));
}

const inLane = (key: string, lane: Lane) => WINDOW_FIELDS.has(key) === (lane === 'window');

/** The lane's fields of `next` (rounded) that differ from `prev`, leaf by leaf; SAME when none do. */
function diffPart(prev: object, next: object, lane: Lane): Record<string, unknown> | typeof SAME {
  let out: Record<string, unknown> | undefined;
  const before = prev as Record<string, unknown>;
  // for…in: an agent's windows are a lazily computed getter, read only by the window lane.
  for (const key in next) {
    if (key === 'id' || !inLane(key, lane)) continue;
    const d = diffValue(before[key], roundField(key, (next as Record<string, unknown>)[key]));
    if (d !== SAME) (out ??= {})[key] = d;
  }
  return out ?? SAME;
}

function diffValue(prev: unknown, next: unknown): unknown {
  if (isRecord(prev) && isRecord(next)) {
    let out: Record<string, unknown> | undefined;
    for (const key in next) {
      const d = diffValue(prev[key], next[key]);
      if (d !== SAME) (out ??= {})[key] = d;
    }
    return out ?? SAME;
  }
  if (prev === next) return SAME;
  if (Array.isArray(prev) && Array.isArray(next) && JSON.stringify(prev) === JSON.stringify(next)) return SAME;
  return next;
}

/**
 * Each row's changed fields, by id. A row the baseline lacks comes whole (both lanes' fields), as does one that
 * `whole` picks: then every screen that may see it holds all of it, whichever scope it newly entered.
 */
function diffRows<T extends Row>(
  prev: readonly T[],
  next: readonly T[],
  lane: Lane,
  whole: (d: Record<string, unknown>) => boolean = () => false,
): Record<string, unknown>[] {
  const before = new Map(prev.map((r) => [r.id, r]));
  const out: Record<string, unknown>[] = [];
  for (const row of next) {
    const old = before.get(row.id);
    if (!old) {
      out.push(wholeRow(row));
      continue;
    }
    const d = diffPart(old, row, lane);
    if (d === SAME) continue;
    out.push(whole(d) ? wholeRow(row) : { id: row.id, ...d });
  }
  return out;
}

function wholeRow(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) out[key] = roundField(key, (row as unknown as Record<string, unknown>)[key]);
  return out;
}

/** An agent's place (team, queues) decides who may see it (server/auth/scope.ts agentVisible). */
const placeChanged = (d: Record<string, unknown>) => 'teamId' in d || 'queues' in d;

/** The last two interval rows of each series are the only ones that change in practice (the running one, and the
 *  one just closed); they go when they differ from the baseline's. */
function changedRows(base: Snapshot, view: View): NonNullable<Patch['intervals']> {
  const held = new Map((base.intervals ?? []).map((s) => [s.id, new Map(s.rows.map((r) => [r.start, r]))]));
  const out: NonNullable<Patch['intervals']> = [];
  for (const series of view.intervals) {
    const rows = series.rows
      .slice(-2)
      .map((row) => roundField('', row) as typeof row)
      .filter((row) => jsonChanged(held.get(series.id)?.get(row.start), row));
    if (rows.length) out.push({ id: series.id, rows });
  }
  return out;
}

const jsonChanged = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
