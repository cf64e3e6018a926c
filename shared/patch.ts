// The two-lane protocol (docs/contract.md, *Two lanes*): a client that asks for it at connect is sent `patch`
// messages instead of `update`s. A patch names only the fields that changed, down to the leaf (`windows.15m.asaSec`),
// so a screen merges it field by field. The live lane carries what people watch tick (agent states, calls waiting,
// alerts) as soon as it is folded; the window lane the windowed figures at most once a second. The two lanes never
// name the same field, so however their messages interleave the screen ends in the same state.
import type { Alert } from './alerts.ts';
import type { Bulletin } from './bulletins.ts';
import { mergeIntervals } from './intervals.ts';
import type {
  AgentView,
  CenterView,
  FaultView,
  GroupView,
  IntervalSeries,
  QueueView,
  Snapshot,
  StaleInfo,
  TeamView,
} from './snapshot.ts';

/** What the client asks for in its socket.io `auth` (`{ token, lanes: 2 }`) to be sent patches. */
export const LANES_PROTOCOL = 2;

export type Lane = 'live' | 'window';

/** Fields of a queue, agent, team, group or the centre that the window lane carries; every other one is live. */
export const WINDOW_FIELDS: ReadonlySet<string> = new Set(['windows', 'staffing', 'adherence', 'scheduled']);

/** Only the fields that changed, recursively; arrays and null are values, replaced whole. */
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** A row of a list: its id, and the fields that changed. */
type RowPatch<T extends { id: string }> = { id: string } & DeepPartial<Omit<T, 'id'>>;

export interface Patch {
  lane: Lane;
  /** Rises by one with every patch the node plans, on either lane; the snapshot a two-lane client starts from
   *  carries the `seq` of the last patch it includes. */
  seq: number;
  asOf: number;
  cursor: string;
  /** Live lane, when it changed. */
  stale?: StaleInfo | null;
  center?: DeepPartial<CenterView>;
  queues?: RowPatch<QueueView>[];
  agents?: RowPatch<AgentView>[];
  teams?: RowPatch<TeamView>[];
  groups?: RowPatch<GroupView>[];
  /** Window lane: interval rows that changed, merged by series `id` and row `start` (as in `update`). */
  intervals?: IntervalSeries[];
  /** Live lane; each, when present, is the complete list (the alerts in force, without resolved ones). */
  faults?: FaultView[];
  bulletins?: Bulletin[];
  alerts?: Alert[];
}

/** A new Snapshot with the patch merged in, field by field; the input is left untouched. */
export function applyPatch(snapshot: Snapshot, patch: Patch): Snapshot {
  const out: Snapshot = { ...snapshot };
  // The lanes interleave: the clock and the cursor are the latest patch's, whichever lane it came on.
  if (patch.seq > (snapshot.seq ?? Number.NEGATIVE_INFINITY)) {
    out.asOf = patch.asOf;
    out.cursor = patch.cursor;
    out.seq = patch.seq;
  }
  if (patch.stale !== undefined) out.stale = patch.stale;
  if (patch.center) out.center = mergeFields<CenterView>(snapshot.center, patch.center);
  if (patch.queues) out.queues = mergeRows(snapshot.queues, patch.queues);
  if (patch.agents) out.agents = mergeRows(snapshot.agents, patch.agents);
  if (patch.teams) out.teams = mergeRows(snapshot.teams, patch.teams);
  if (patch.groups) out.groups = mergeRows(snapshot.groups ?? [], patch.groups);
  if (patch.intervals) out.intervals = mergeIntervals(snapshot.intervals ?? [], patch.intervals);
  if (patch.faults) out.faults = patch.faults;
  if (patch.bulletins) out.bulletins = patch.bulletins;
  if (patch.alerts) out.alerts = patch.alerts;
  return out;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `base` with the patch's fields merged in (a field a patch leaves out is unchanged, never removed). */
function mergeFields<T>(base: T, patch: DeepPartial<T>): T {
  if (!isRecord(base) || !isRecord(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = isRecord(v) && isRecord(base[k]) ? mergeFields(base[k], v) : v;
  }
  return out as T;
}

/** Rows are merged by id; a row first seen comes whole (the server sends every field of a row new to a screen). */
function mergeRows<T extends { id: string }>(rows: T[], patches: RowPatch<T>[]): T[] {
  const byId = new Map(patches.map((p) => [p.id, p]));
  const merged = rows.map((row) => {
    const p = byId.get(row.id);
    return p ? mergeFields(row, p as DeepPartial<T>) : row;
  });
  const known = new Set(rows.map((r) => r.id));
  for (const p of patches) if (!known.has(p.id)) merged.push(p as unknown as T);
  return merged;
}
