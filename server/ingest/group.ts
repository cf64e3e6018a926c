// The consumer group's Redis commands: creating the group, and reading it from a cursor.
import type { Redis } from 'ioredis';

export async function createGroup(commands: Redis, stream: string, group: string): Promise<void> {
  try {
    await commands.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
  }
}

/**
 * XREADGROUP from `cursor` (`>`: new entries; an id: this consumer's pending ones after it), waiting up to blockMs
 * when given. As bytes: an oversized value is then measured and dropped, never also decoded into a string of its
 * size.
 */
export function readGroup(
  reader: Redis,
  r: { group: string; consumer: string; batchSize: number; stream: string },
  cursor: string,
  blockMs?: number,
): Promise<unknown> {
  const block = blockMs === undefined ? [] : ['BLOCK', blockMs];
  return reader.callBuffer(
    'XREADGROUP',
    'GROUP',
    r.group,
    r.consumer,
    'COUNT',
    r.batchSize,
    ...block,
    'STREAMS',
    r.stream,
    cursor,
  );
}
