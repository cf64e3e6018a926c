// More queues than fit at a legible size are shown a page at a time, turning on the shared clock, so every
// screen on the floor shows the same page at the same moment and no extra timer is needed.
import { subPageIndexAt, type Dwell } from './rotation.ts';

/** How long each page of queue cards or KPI tiles stays up. */
const PAGE_SECONDS = 10;

export interface Page<T> {
  items: T[];
  /** 0-based. */
  index: number;
  count: number;
}

export function pageAt<T>(items: T[], now: number, perPage: number, dwell: Dwell, seconds = PAGE_SECONDS): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const index = subPageIndexAt(now, seconds, count, dwell);
  return { items: items.slice(index * perPage, (index + 1) * perPage), index, count };
}
