// The agent grid's tile size: as large as lets every agent fit on one page, never smaller than the board's label
// size (lib/legibility.ts); past that, the grid pages. Few agents get big two-line tiles (name; reason or queue and
// time in state), many get one-line tiles (name and time).
import { columnsFor, rowsFor } from './fit.ts';
import { layoutGrid, type GridPage, type TeamGroup } from './grid.ts';

export interface TileLayout {
  /** Font size (CSS px) of the tile's text. */
  fontPx: number;
  lines: 1 | 2;
  cols: number;
  rows: number;
  tileW: number;
  tileH: number;
  pages: GridPage[];
}

export interface GridSpace {
  width: number;
  height: number;
  /** Smallest and largest font size (CSS px). */
  minPx: number;
  maxPx: number;
  /** The longest name's width at a 1-px font (so in em). */
  nameEm: number;
}

/** Widths in em of what besides the name a tile holds (AgentTile's CSS): state icon and its gap; the longest
 *  time, "9:59:59" in tabular figures; the gap between name and time; border and padding. */
const ICON_EM = 1.3;
const TIME_EM = 4.0;
const DETAIL_EM = 6;
const GAP_EM = 0.4;
const PAD_EM = 0.9;
const LINE = 1.22;

function size(fontPx: number, lines: 1 | 2, nameEm: number): { w: number; h: number } {
  const em =
    lines === 2 ? Math.max(ICON_EM + nameEm, DETAIL_EM + GAP_EM + TIME_EM) : ICON_EM + nameEm + GAP_EM + TIME_EM;
  return { w: fontPx * (em + PAD_EM), h: fontPx * (lines * LINE + 0.35) };
}

export function layoutTiles(groups: readonly TeamGroup[], space: GridSpace): TileLayout {
  const gap = space.minPx * 0.2;
  const attempt = (fontPx: number, lines: 1 | 2): TileLayout => {
    const { w, h } = size(fontPx, lines, space.nameEm);
    const cols = columnsFor(space.width, w, gap);
    const rows = rowsFor(space.height, h, gap);
    return { fontPx, lines, cols, rows, tileW: w, tileH: h, pages: layoutGrid(groups, cols, rows) };
  };
  // Largest first, 6 % steps: two-line tiles down to the minimum, then one-line ones.
  for (const lines of [2, 1] as const) {
    for (let f = space.maxPx; f >= space.minPx; f *= 0.94) {
      const l = attempt(f, lines);
      if (l.pages.length <= 1) return l;
    }
  }
  return attempt(space.minPx, 1);
}
