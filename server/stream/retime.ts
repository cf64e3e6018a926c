// How `npm run replay` moves a recording in time: ts shifted by one offset, ids made unique per run, and pacing.
import type { FloorEvent } from '../../shared/events.ts';

export interface Retiming {
  /** Added to every timestamp of the event (ts, and a callback's dueTs). 0 keeps time. */
  offsetMs: number;
  /** Appended to every event id; '' keeps ids, so the server ignores events it has already folded. */
  idSuffix: string;
}

export const KEEP_TIME: Retiming = { offsetMs: 0, idSuffix: '' };

/** Deterministic for a given run id, distinct between runs: a recording replayed twice is not dropped as repeats. */
export function replayIdSuffix(runId: string): string {
  return `~r${runId}`;
}

export function retime(event: FloorEvent, r: Retiming): FloorEvent {
  const moved = { ...event, id: event.id + r.idSuffix, ts: event.ts + r.offsetMs };
  if (moved.type === 'callback.requested' && moved.dueTs !== undefined) moved.dueTs += r.offsetMs;
  return moved;
}

/**
 * When an event is due, in wall-clock ms: the recording's own gaps divided by speed, counted from the first event.
 * Speed 0 means no pacing. An event whose ts is earlier than one before it (streams are in arrival order, not
 * event-time order) is simply due at once.
 */
export function pacer(firstTs: number, startAt: number, speed: number): (ts: number) => number {
  if (speed === 0) return () => startAt;
  return (ts) => startAt + (ts - firstTs) / speed;
}
