// Folds archived entries the way a live node folds the stream (server/live.ts): each event judged by the time its
// entry reached the stream, the cursor moved past every entry, an out-of-range one counted as a processed skip.
// Pure: the same entries give the same state a live node had.
import { TS_OUT_OF_RANGE } from '../../shared/events.ts';
import { fold, type EngineState, type FoldContext } from '../engine/index.ts';
import { idTimeMs } from '../redis/ids.ts';
import type { ArchivedEntry } from '../archive/store.ts';

export function foldEntries(state: EngineState, entries: readonly ArchivedEntry[], context: FoldContext): void {
  for (const e of entries) {
    context.arrivalMs = idTimeMs(e.id);
    if (fold(state, e.event, context) === TS_OUT_OF_RANGE) state.version++;
    state.cursor = e.id;
  }
}
