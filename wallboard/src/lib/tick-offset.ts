// Which server-clock offset a tick's time uses between ticks. Every update brings a new estimate (server asOf minus
// the browser clock at receipt) a few ms off the last; following each one would move `now` by milliseconds several
// times a second, and every ticking figure on the page (agent times, longest waits, the clock, the pagers) would be
// recomputed with each update instead of once a second.

/** A new estimate this far from the tick's applies at once: the first snapshot, a server clock that was set. */
export const RESYNC_MS = 250;

/** The offset to add to the tick's browser time: the tick's own, unless the estimate has since moved a lot. */
export function settledOffset(tickOffsetMs: number, latestOffsetMs: number): number {
  return Math.abs(latestOffsetMs - tickOffsetMs) > RESYNC_MS ? latestOffsetMs : tickOffsetMs;
}
