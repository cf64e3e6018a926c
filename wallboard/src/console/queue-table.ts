// The rows of the supervisor's queue table for one window: filtering by group and sorting by any column.
import type { GroupView, QueueView, WindowName } from '../../../shared/snapshot.ts';
import { judgeServiceLevel } from './judge.ts';

export const QUEUE_COLUMNS = [
  'queue',
  'waiting',
  'longestWait',
  'offered',
  'answered',
  'abandoned',
  'sl',
  'asa',
  'aht',
  'abandonRate',
  'occupancy',
  'staffed',
] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];

/** A filter chip: the built-in ones, or a configured queue group (`queueGroups`) by its id. */
export type QueueGroup = 'all' | 'waiting' | 'below' | 'mine' | `group:${string}`;

export const groupChip = (id: string): QueueGroup => `group:${id}`;

/** The configured group a chip stands for, if it is one. */
export function chipGroup(chip: QueueGroup, groups: readonly GroupView[]): GroupView | null {
  return chip.startsWith('group:') ? (groups.find((g) => groupChip(g.id) === chip) ?? null) : null;
}

export interface Sort {
  column: QueueColumn;
  descending: boolean;
}

/** The value a column sorts by; null sorts last whichever the direction. */
function sortKey(q: QueueView, column: QueueColumn, window: WindowName, now: number): string | number | null {
  const w = q.windows[window];
  switch (column) {
    case 'queue':
      return q.name.toLocaleLowerCase();
    case 'waiting':
      return q.waiting;
    case 'longestWait':
      return q.oldestWaitingTs === null ? null : now - q.oldestWaitingTs;
    case 'offered':
      return w.offered;
    case 'answered':
      return w.answered;
    case 'abandoned':
      return w.abandoned;
    case 'sl':
      return w.serviceLevel;
    case 'asa':
      return w.asaSec;
    case 'aht':
      return w.ahtSec;
    case 'abandonRate':
      return w.abandonRate;
    case 'occupancy':
      return w.occupancy;
    case 'staffed':
      // Short-staffing first when sorted descending: the agents still missing.
      return q.staffing.requiredAgents === null ? null : q.staffing.requiredAgents - q.staffing.agentsStaffed;
  }
}

export function sortQueues(queues: readonly QueueView[], sort: Sort, window: WindowName, now: number): QueueView[] {
  const dir = sort.descending ? -1 : 1;
  return [...queues].sort((a, b) => {
    const ka = sortKey(a, sort.column, window, now);
    const kb = sortKey(b, sort.column, window, now);
    if (ka === null || kb === null) return ka === kb ? a.name.localeCompare(b.name) : ka === null ? 1 : -1;
    if (ka < kb) return -dir;
    if (ka > kb) return dir;
    return a.name.localeCompare(b.name);
  });
}

export function inGroup(
  q: QueueView,
  group: QueueGroup,
  window: WindowName,
  mine: readonly string[] | undefined,
  groups: readonly GroupView[],
): boolean {
  if (group.startsWith('group:')) return chipGroup(group, groups)?.queues.includes(q.id) ?? false;
  switch (group) {
    case 'all':
      return true;
    case 'waiting':
      return q.waiting > 0;
    case 'below': {
      const v = judgeServiceLevel(q.windows[window].serviceLevel, q.slTarget);
      return v === 'warn' || v === 'bad';
    }
    case 'mine':
      return mine === undefined || mine.includes(q.id);
    default:
      return true;
  }
}

/** A first click sorts numbers worst/largest first and names A→Z; a second click reverses. */
export function nextSort(current: Sort, column: QueueColumn): Sort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'queue' && column !== 'sl' };
}

/**
 * The rows in the order held while the user points at the table: each queue where it was, new ones after them in
 * sorted order. Without a held order, the sorted rows.
 */
export function holdOrder(sorted: readonly QueueView[], held: readonly string[] | null): QueueView[] {
  if (held === null) return [...sorted];
  const byId = new Map(sorted.map((q) => [q.id, q]));
  const kept = held.flatMap((id) => byId.get(id) ?? []);
  const known = new Set(held);
  return [...kept, ...sorted.filter((q) => !known.has(q.id))];
}
