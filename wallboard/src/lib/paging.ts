// More queues than fit at a legible size are shown a page at a time, turning on the shared clock, so every
// screen on the floor shows the same page at the same moment and no extra timer is needed.

/** Cards that fit on a 1920×1080 wall with numerals ≥ 64 px. */
export const QUEUES_PER_PAGE = 4;
/** How long each page stays up. */
export const PAGE_SECONDS = 10;

export interface Page<T> {
  items: T[];
  /** 0-based. */
  index: number;
  count: number;
}

export function pageAt<T>(items: T[], now: number, perPage = QUEUES_PER_PAGE, seconds = PAGE_SECONDS): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / perPage));
  const index = Math.floor(now / 1000 / seconds) % count;
  return { items: items.slice(index * perPage, (index + 1) * perPage), index, count };
}
