// Writes contract events (or raw entries; not necessarily valid events, so not shared/stream.ts entryFields) into a stream, one XADD each, returning the ids Redis gave them.
import type { Redis } from 'ioredis';
import { EVENT_FIELD } from '../../shared/stream.ts';

export async function xaddEvents(redis: Redis, stream: string, events: readonly object[]): Promise<string[]> {
  return xaddRaw(
    redis,
    stream,
    events.map((e) => [EVENT_FIELD, JSON.stringify(e)]),
  );
}

/** Entries given as flat field/value lists, so tests can also write what no producer should (bad fields, none). */
export async function xaddRaw(redis: Redis, stream: string, entries: readonly string[][]): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (const fields of entries) pipeline.xadd(stream, '*', ...(fields as [string, string]));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, id]) => {
    if (err) throw err;
    return id as string;
  });
}

/** A snapshot or view without what is not folded from the stream (alerts, staleness, bulletins): its numbers. */
export function numbersOf<T extends object>(snapshot: T): Omit<T, 'alerts' | 'stale' | 'bulletins'> {
  const {
    alerts: _a,
    stale: _s,
    bulletins: _b,
    ...rest
  } = snapshot as T & { alerts?: unknown; stale?: unknown; bulletins?: unknown };
  return rest;
}
