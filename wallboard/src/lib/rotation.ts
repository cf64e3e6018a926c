// Which of a board's pages is up. Turns on the shared server clock, so every screen of a board shows the same
// page at the same moment, and a pinned page (`?page=`) stops the rotation.
import type { BoardPage } from '../../../shared/boards.ts';

export function pageIndexAt(now: number, rotateSec: number, count: number): number {
  if (count <= 1) return 0;
  return Math.floor(now / 1000 / rotateSec) % count;
}

/** `?page=` as a page kind (`agents`) or a 1-based position (`2`); null when it names no page of the board. */
export function pinnedPage(param: string | null, pages: readonly BoardPage[]): number | null {
  if (!param) return null;
  const byKind = pages.findIndex((p) => p.kind === param);
  if (byKind >= 0) return byKind;
  const n = Number(param);
  return Number.isInteger(n) && n >= 1 && n <= pages.length ? n - 1 : null;
}

export interface Dwell {
  /** How long the board shows this page each time round. */
  dwellSec: number;
  /** A whole turn of the board; null when the page is pinned (always up). */
  cycleSec: number | null;
}

/**
 * Which of `count` sub-pages (queue cards, agent grid pages) is up, turning every `subSec`. Each visit of the board
 * page carries on where the last one stopped, so every sub-page gets its turn however the periods line up.
 */
export function subPageIndexAt(now: number, subSec: number, count: number, dwell: Dwell): number {
  if (count <= 1) return 0;
  const sec = now / 1000;
  if (dwell.cycleSec === null) return Math.floor(sec / subSec) % count;
  const visit = Math.floor(sec / dwell.cycleSec);
  const perVisit = Math.ceil(dwell.dwellSec / subSec);
  const within = Math.min(perVisit - 1, Math.floor((sec % dwell.dwellSec) / subSec));
  return (visit * perVisit + within) % count;
}
