// Remembers recent event ids so a repeated id is ignored; bounded so weeks of traffic don't grow memory.
//
// Two generations of ids rather than one set with a ring of its order: evicting the oldest id one at a time cost a
// delete per event on a 200,000-entry table (cache misses, tombstones, rehashes) — most of the dedup's 13–15 % of
// the fold. Now a full generation is dropped whole, and each event costs one or two lookups and one insert.

/** Each generation holds this many ids: at least the last DEDUP_KEPT ids are always recognised (at most twice that). */
const DEDUP_KEPT = 200_000;

export interface Dedup {
  /** the ids seen since `older` filled, in arrival order */
  recent: Set<string>;
  /** the generation before, kept until `recent` fills */
  older: Set<string>;
}

export function newDedup(): Dedup {
  return { recent: new Set(), older: new Set() };
}

export function isRepeat(d: Dedup, id: string): boolean {
  return d.recent.has(id) || d.older.has(id);
}

/** Records an id that isRepeat has just found new (so it is not looked up twice). */
export function remember(d: Dedup, id: string, kept = DEDUP_KEPT): void {
  if (d.recent.size >= kept) {
    d.older = d.recent;
    d.recent = new Set();
  }
  d.recent.add(id);
}
