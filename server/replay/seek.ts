// The engine state at a past moment: the nearest archived checkpoint at or before it, folded forward with the
// archived events up to it (CONTRACT §9). Checkpoints exist only where the stream crossed the boundary cleanly, so
// "checkpoint, then the events after it" is the fold of every event with ts ≤ at, in stream order.
import type { Config } from '../../shared/config.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { createState, foldLimits, view, type EngineState } from '../engine/index.ts';
import type { ArchiveStore } from '../archive/store.ts';
import { roundForWire } from '../realtime/wire.ts';
import { foldEntries } from './fold-entries.ts';

/** An engine state holding every archived event with ts ≤ at (at null: none yet). */
export interface Position {
  state: EngineState;
  at: number | null;
}

export async function seek(
  store: ArchiveStore,
  config: Config,
  at: number,
): Promise<Position & { checkpoint: number | null; folded: number }> {
  const checkpoint = await store.checkpointAtOrBefore(at, config.timezone);
  const position = { state: checkpoint?.state ?? createState(config), at: checkpoint?.at ?? null };
  const folded = await foldForward(store, config, position, at);
  return { ...position, checkpoint: checkpoint?.at ?? null, folded };
}

/**
 * Folds the archived events with position.at < ts ≤ to onto the position; returns how many. Exact where the stream
 * crossed position.at cleanly (always, from a checkpoint); a replay playing forward accepts an event that arrived
 * late across its step being folded one step late.
 */
export async function foldForward(
  store: ArchiveStore,
  config: Config,
  position: Position,
  to: number,
): Promise<number> {
  const context = { ...foldLimits(config), arrivalMs: 0 };
  let folded = 0;
  for await (const page of store.entries(position.at, to)) {
    foldEntries(position.state, page, context);
    folded += page.length;
    // Yield between pages: a seek in the server must not hold the event loop for a whole quarter of a big floor.
    await new Promise((resolve) => setImmediate(resolve));
  }
  position.at = to;
  return folded;
}

/**
 * Runs seeks one at a time, in the order asked: each folds up to a quarter of an hour of the floor (more where no
 * checkpoint is near), and a burst of them must not starve the live node. One per node, shared by every route.
 */
export type SeekQueue = <T>(job: () => Promise<T>) => Promise<T>;

export function seekQueue(): SeekQueue {
  let queue: Promise<unknown> = Promise.resolve();
  return (job) => {
    const turn = queue.then(job);
    queue = turn.catch(() => undefined);
    return turn;
  };
}

/** What a live node would have sent at `at`: the view then, rounded for the wire, marked as the past. */
export function pastSnapshot(state: EngineState, at: number): Snapshot {
  return { ...roundForWire(view(state, at)), stale: null, bulletins: [], alerts: [], replay: true };
}
