// Writes validated events to a stream in one pipeline, in order, and says for each whether Redis took it.
import type { Redis } from 'ioredis';
import type { FloorEvent } from '../../shared/events.ts';
import { entryFields } from '../../shared/stream.ts';

export type AppendOutcome = { ok: true; streamId: string } | { ok: false; error: string };

/**
 * `XADD <stream> * event <json>` for each event, pipelined. The validated object is serialised rather than the
 * producer's text, so fields the contract does not know are dropped here exactly as the consumer would drop them.
 * Resolves with one outcome per event, in order; a connection lost mid-way shows as failed outcomes at the end.
 */
export async function appendEvents(
  redis: Redis,
  stream: string,
  events: readonly FloorEvent[],
): Promise<AppendOutcome[]> {
  if (events.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const e of events) pipeline.xadd(stream, '*', ...entryFields(e));
  const replies = (await pipeline.exec()) ?? [];
  return events.map((_, i) => {
    const reply = replies[i];
    if (!reply) return { ok: false, error: 'no reply from Redis' };
    const [err, id] = reply;
    if (err) return { ok: false, error: err.message };
    return { ok: true, streamId: String(id) };
  });
}
