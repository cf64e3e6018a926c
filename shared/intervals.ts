// Merging today's 15-minute interval rows (CONTRACT §4 extension): the screens' `update` merge and the two-lane
// `patch` merge (shared/patch.ts) both use it.
import type { IntervalSeries } from './snapshot.ts';

/** Rows of `changed` replace rows with the same start in the series with the same id; new ones are added in order. */
export function mergeIntervals(current: IntervalSeries[], changed: IntervalSeries[] | undefined): IntervalSeries[] {
  if (!changed || changed.length === 0) return current;
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const c of changed) {
    const old = byId.get(c.id);
    if (!old) {
      byId.set(c.id, { id: c.id, rows: [...c.rows].sort((a, b) => a.start - b.start) });
      continue;
    }
    const rows = new Map(old.rows.map((r) => [r.start, r]));
    for (const r of c.rows) rows.set(r.start, r);
    byId.set(c.id, { id: c.id, rows: [...rows.values()].sort((a, b) => a.start - b.start) });
  }
  return [...byId.values()];
}
