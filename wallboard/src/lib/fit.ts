// How many equal boxes fit a measured area: the wall shows fewer things per page (and rotates) rather than draw
// them below the smallest legible size.

/** Boxes of at least `minW` wide side by side in `width`, `gap` apart: at least 1, at most `max`. */
export function columnsFor(width: number, minW: number, gap: number, max = Infinity): number {
  return Math.max(1, Math.min(max, Math.floor((width + gap) / (minW + gap))));
}

/** Rows of boxes `boxH` tall in `height`, `gap` apart: at least 1 (a page always shows something). */
export function rowsFor(height: number, boxH: number, gap: number): number {
  if (boxH <= 0) return 1;
  return Math.max(1, Math.floor((height + gap) / (boxH + gap)));
}
