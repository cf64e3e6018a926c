// Derived values that keep their identity while their content holds. Svelte re-runs what reads a derived only when
// it returns a different value (by ===), so a value recomputed on every update but equal to the last one — a chart's
// columns while its figures hold, the ticker's lines — wakes no chart redraw and no DOM update.

/** A function that returns its argument, or the last one it returned when `equal` finds the two the same. */
export function keepEqual<T>(equal: (a: T, b: T) => boolean): (next: T) => T {
  let last: { value: T } | null = null;
  return (next) => {
    if (last && equal(last.value, next)) return last.value;
    last = { value: next };
    return next;
  };
}

/** Arrays of columns (uPlot's aligned data, whose columns may be typed arrays) with the same values in the same
 *  places. */
export function sameColumns(a: readonly ArrayLike<unknown>[], b: readonly ArrayLike<unknown>[]): boolean {
  return a.length === b.length && a.every((col, i) => sameItems(col, b[i]!, Object.is));
}

/** Two arrays of the same length whose items `equal` pairs off in order. */
export function sameItems<T>(a: ArrayLike<T>, b: ArrayLike<T>, equal: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!equal(a[i]!, b[i]!)) return false;
  return true;
}
