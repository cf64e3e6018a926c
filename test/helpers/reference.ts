// The reference the servers are checked against: the pure engine folding the stream's entries itself.
import type { Redis } from 'ioredis';
import type { Config } from '../../shared/config.ts';
import { decodeEvent } from '../../shared/events.ts';
import { eventField } from '../../shared/stream.ts';
import { createState, fold, view, type View } from '../../server/engine/index.ts';
import { foldLimits } from '../../server/engine/index.ts';
import { idTimeMs } from '../../server/redis/ids.ts';

export async function readStream(redis: Redis, stream: string): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  let from = '-';
  for (;;) {
    const page = (await redis.xrange(stream, from, '+', 'COUNT', 5000)) as [string, string[]][];
    out.push(...(from === '-' ? page : page.slice(1)));
    if (page.length < 5000) return out;
    from = page[page.length - 1]![0];
  }
}

export async function referenceView(redis: Redis, stream: string, config: Config, now: number): Promise<View> {
  const state = createState(config);
  const limits = foldLimits(config);
  for (const [id, fields] of await readStream(redis, stream)) {
    // As a node judges it: the same size limit, and event time against the entry's arrival (its id's time).
    const r = decodeEvent(eventField(fields), config.ingest.maxEntryBytes);
    if (r.ok) fold(state, r.event, { ...limits, arrivalMs: idTimeMs(id) });
    state.cursor = id;
  }
  return view(state, now);
}

export async function lastStreamId(redis: Redis, stream: string): Promise<string> {
  const last = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  return last[0]![0];
}

/**
 * The reference for a past moment: a fresh engine folding, in stream order, exactly the entries whose event was
 * stamped at or before `at` (CONTRACT §9), judged as a node judges them; its view at `at`.
 */
export function referenceViewAt(entries: readonly [string, string[]][], config: Config, at: number): View {
  const state = createState(config);
  const limits = foldLimits(config);
  for (const [id, fields] of entries) {
    const r = decodeEvent(eventField(fields), config.ingest.maxEntryBytes);
    if (!r.ok || r.event.ts > at) continue;
    fold(state, r.event, { ...limits, arrivalMs: idTimeMs(id) });
    state.cursor = id;
  }
  return view(state, at);
}
