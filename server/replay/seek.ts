// The engine state at a past moment: the nearest archived checkpoint at or before it, folded forward with the
// archived events up to it (CONTRACT §9). Checkpoints exist only where the stream crossed the boundary cleanly, so
// "checkpoint, then the events after it" is the fold of every event with ts ≤ at, in stream order.
import type { Config } from '../../shared/config.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { createState, foldLimits, view, type EngineState, type View } from '../engine/index.ts';
import type { ArchivedEntry, ArchiveStore } from '../archive/store.ts';
import { compareIds } from '../redis/ids.ts';
import { roundForWire } from '../realtime/wire.ts';
import { foldEntries } from './fold-entries.ts';

/** An engine state holding every archived event with ts ≤ at (at null: none yet). */
export interface Position {
  state: EngineState;
  at: number | null;
}

/** A sought position and the checkpoint it was folded from (null: none, folded from the start). */
export interface Sought extends Position {
  at: number;
  checkpoint: number | null;
}

export async function seek(store: ArchiveStore, config: Config, at: number): Promise<Sought & { folded: number }> {
  const checkpoint = await store.checkpointAtOrBefore(at);
  return fromCheckpoint(store, config, checkpoint, at);
}

/** seek() once the checkpoint to start from is known. */
export async function fromCheckpoint(
  store: ArchiveStore,
  config: Config,
  checkpoint: number | null,
  at: number,
): Promise<Sought & { folded: number }> {
  // The first page after the checkpoint is asked for before the checkpoint is decoded: PostgreSQL reads it meanwhile.
  const pages = store.entries(checkpoint, at);
  const first = pages.next();
  first.catch(() => undefined);
  const state = checkpoint === null ? null : await store.checkpointState(checkpoint, config.timezone);
  if (checkpoint !== null && !state) {
    // Of another format or zone: folded from the start instead, and the page read ahead is not that fold's.
    void pages.return(undefined);
    return { ...(await fromCheckpoint(store, config, null, at)), checkpoint };
  }
  const position = { state: state ?? createState(config), at: checkpoint };
  const { folded } = await foldForward(store, config, position, at, prepend(first, pages));
  return { state: position.state, at, checkpoint, folded };
}

/** The pages of a read whose first page was already asked for. */
async function* prepend<T>(first: Promise<IteratorResult<T>>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  for (let page = await first; !page.done; page = await rest.next()) yield page.value;
}

/**
 * Folds the archived events with position.at < ts ≤ to onto the position; returns how many, and whether each came
 * later in the stream than every event already folded. Exact where the stream crossed position.at cleanly (always,
 * from a checkpoint); where it did not (inOrder false) an event that arrived late across position.at is folded
 * after events that came after it: a replay playing forward accepts that one step late, a seek does not.
 */
export async function foldForward(
  store: ArchiveStore,
  config: Config,
  position: Position,
  to: number,
  pages: AsyncIterable<ArchivedEntry[]> = store.entries(position.at, to),
): Promise<{ folded: number; inOrder: boolean }> {
  const context = { ...foldLimits(config), arrivalMs: 0 };
  let folded = 0;
  let inOrder = true;
  for await (const page of pages) {
    // Pages come in stream order: the first entry is the earliest one.
    if (folded === 0) inOrder = compareIds(page[0]!.id, position.state.cursor) > 0;
    foldEntries(position.state, page, context);
    folded += page.length;
    // Yield between pages: a seek on a node's loop (a past day's end) must not hold it for a whole quarter.
    await new Promise((resolve) => setImmediate(resolve));
  }
  position.at = to;
  return { folded, inOrder };
}

/**
 * Runs seeks one at a time, in the order asked: each folds up to a quarter of an hour of the floor (more where no
 * checkpoint is near), and a burst of them must not starve the node. One in the seek thread for the replay's, one
 * on a node's loop for a past day's end (server/replay/day-end.ts).
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
export function pastSnapshot(state: EngineState, at: number, v: View = view(state, at)): Snapshot {
  return { ...roundForWire(v), stale: null, bulletins: [], alerts: [], replay: true };
}
