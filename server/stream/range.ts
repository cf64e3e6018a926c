// Reads a stream between two instants of its entry ids, a page at a time, so a day of traffic never sits in memory.
import type { Redis } from 'ioredis';
import type { StreamEntry } from '../ingest/entries.ts';
import { idTimeMs } from '../redis/ids.ts';

const PAGE_SIZE = 1_000;
const MAX_SEQ = 18_446_744_073_709_551_615n;

export interface IdRange {
  /** First id time included, ms since the epoch; null for the stream's start. */
  fromMs: number | null;
  /** Last id time included (every sequence number of that ms); null for the stream's end. */
  toMs: number | null;
}

/** The XRANGE bounds of a range: `<from>-0` … `<to>-<max seq>`. */
function rangeBounds(range: IdRange): [string, string] {
  return [range.fromMs === null ? '-' : `${range.fromMs}-0`, range.toMs === null ? '+' : `${range.toMs}-${MAX_SEQ}`];
}

/**
 * The smallest id after `id`. Written out rather than XRANGE's exclusive `(id` so it also works on Redis before 6.2.
 */
function nextId(id: string): string {
  const [ms, seq] = id.split('-').map(BigInt) as [bigint, bigint];
  return seq === MAX_SEQ ? `${ms + 1n}-0` : `${ms}-${seq + 1n}`;
}

/** Yields the entries of `range` in stream order, in pages of at most `pageSize`. */
export async function* readRange(
  redis: Redis,
  stream: string,
  range: IdRange,
  pageSize = PAGE_SIZE,
): AsyncGenerator<StreamEntry[]> {
  let [start, end] = rangeBounds(range);
  for (;;) {
    const page = (await redis.xrange(stream, start, end, 'COUNT', pageSize)) as [string, string[]][];
    if (page.length === 0) return;
    yield page.map(([id, fields]) => ({ id, fields }));
    if (page.length < pageSize) return;
    start = nextId(page[page.length - 1]![0]);
  }
}

/** Id times of the stream's first and last entries, or null when it is empty. */
export async function streamSpan(redis: Redis, stream: string): Promise<{ firstMs: number; lastMs: number } | null> {
  const first = (await redis.xrange(stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
  const last = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
  if (!first[0] || !last[0]) return null;
  return { firstMs: idTimeMs(first[0][0]), lastMs: idTimeMs(last[0][0]) };
}

/** Up to `count` entries after `afterId` (null: from the stream's start), in stream order. */
export async function readAfter(
  redis: Redis,
  stream: string,
  afterId: string | null,
  count = PAGE_SIZE,
): Promise<StreamEntry[]> {
  const page = (await redis.xrange(stream, afterId === null ? '-' : nextId(afterId), '+', 'COUNT', count)) as [
    string,
    string[],
  ][];
  return page.map(([id, fields]) => ({ id, fields }));
}
