// The longest wait, ticking locally between updates from the timestamp of the oldest waiting call.

/** Seconds the oldest waiting call has waited at server time `now`; 0 when nothing waits. */
export function longestWaitSec(oldestWaitingTs: number | null, now: number): number {
  return oldestWaitingTs === null ? 0 : Math.max(0, (now - oldestWaitingTs) / 1000);
}
