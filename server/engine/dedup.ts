// Remembers the last N event ids so a repeated id is ignored; bounded so weeks of traffic don't grow memory.

const DEDUP_KEPT = 200_000;

export interface Dedup {
  seen: Set<string>;
  /** ids in arrival order, as a ring */
  order: string[];
  next: number;
}

export function newDedup(): Dedup {
  return { seen: new Set(), order: [], next: 0 };
}

export function isRepeat(d: Dedup, id: string): boolean {
  return d.seen.has(id);
}

/** Records id; returns false when it was seen already. */
export function firstSight(d: Dedup, id: string, kept = DEDUP_KEPT): boolean {
  if (d.seen.has(id)) return false;
  d.seen.add(id);
  if (d.order.length < kept) d.order.push(id);
  else {
    d.seen.delete(d.order[d.next]!);
    d.order[d.next] = id;
    d.next = (d.next + 1) % kept;
  }
  return true;
}
