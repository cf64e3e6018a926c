// Folds an `update` into the snapshot the screen holds (CONTRACT §4): listed entries replace those with the same id.
import type { Snapshot, Update } from '../../../shared/snapshot.ts';
import { mergeUpdateIntervals } from './intervals.ts';

function replaceById<T extends { id: string }>(current: T[], changed: T[] | undefined): T[] {
  if (!changed || changed.length === 0) return current;
  const byId = new Map(changed.map((x) => [x.id, x]));
  const merged = current.map((x) => byId.get(x.id) ?? x);
  const known = new Set(current.map((x) => x.id));
  // Queues, agents and teams are created on first sight, so an update may name one the snapshot lacked.
  for (const x of changed) if (!known.has(x.id)) merged.push(x);
  return merged;
}

/** A new Snapshot with the update applied; the input is left untouched. */
export function applyUpdate(snapshot: Snapshot, update: Update): Snapshot {
  return {
    ...snapshot,
    asOf: update.asOf,
    cursor: update.cursor,
    stale: update.stale === undefined ? snapshot.stale : update.stale,
    center: update.center ?? snapshot.center,
    queues: replaceById(snapshot.queues, update.queues),
    agents: replaceById(snapshot.agents, update.agents),
    teams: replaceById(snapshot.teams, update.teams),
    // Every update carries the whole list of groups (a scoped one may leave them out: it then sees none change).
    groups: update.groups ?? snapshot.groups ?? [],
    faults: update.faults ?? snapshot.faults,
    bulletins: update.bulletins ?? snapshot.bulletins ?? [],
    intervals: mergeUpdateIntervals(snapshot, update),
    // Updates carry every active alert, plus once each one just resolved: a board that runs for weeks keeps only
    // the active ones.
    alerts: update.alerts ? update.alerts.filter((a) => a.state !== 'resolved') : snapshot.alerts,
  };
}
