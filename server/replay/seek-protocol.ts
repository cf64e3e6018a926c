// The messages between a node and its seek thread (server/replay/seek-thread.ts): each request carries an id, and
// the answer with that id carries the past floor's snapshot (never the engine state: that stays in the thread). The
// HTTP route's comes scoped and as JSON text, so the node's loop only sends it on.
import type { Config } from '../../shared/config.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ExplainQuestion } from '../../shared/supervisor.ts';
import type { Principal } from '../auth/principals.ts';
import type { Explained } from '../http/explained.ts';
import type { DayAttendance } from './day-end.ts';
import type { PastExtras } from './past-floor.ts';

/** What the thread is started with. */
export interface SeekThreadData {
  databaseUrl: string;
  config: Config;
  logLevel: string;
}

/**
 * `seek`: the snapshot at `at` scoped to `principal`, as JSON text (the HTTP route; the position is kept for the
 * next seek). `open`: the same, and the position stays the replay `session`'s. `step`: the session folded on to `to`
 * (a session the thread does not hold, as after a restart, is sought afresh: the same state). `close`: the session
 * ends, its position kept for a seek. `explain`: a question about the floor at `at`, as `principal` may ask it.
 * `attendance`: a past local date's attendance report (day-end.ts), of what `principal` may see (null: all).
 * `past` is what the node gathered for the picture besides the figures: the rules to judge it by, the bulletins up.
 */
export type SeekRequest =
  | { id: number; kind: 'seek'; at: number; principal: Principal; past: PastExtras }
  | { id: number; kind: 'open'; session: number; at: number; past: PastExtras }
  | { id: number; kind: 'step'; session: number; to: number; past: PastExtras }
  | { id: number; kind: 'close'; session: number }
  | { id: number; kind: 'explain'; at: number; question: ExplainQuestion; principal: Principal }
  | { id: number; kind: 'attendance'; date: string; now: number; principal: Principal | null };

export type SeekResult = Snapshot | string | Explained | DayAttendance | null;

export type SeekAnswer = { id: number; ok: true; result: SeekResult } | { id: number; ok: false; error: string };
