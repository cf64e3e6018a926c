// Copies entries that cannot be folded to `<stream>:dead`, and logs each kind of problem once.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { TS_OUT_OF_RANGE } from '../../shared/events.ts';
import { deadStream } from '../redis/keys.ts';

/**
 * XADD under the original entry's id. Several server nodes fold the same stream, each under its own group, and
 * a restarted node folds entries again: with the original id the second copy is refused by Redis ("equal or
 * smaller than the target stream top item"), so the dead stream holds each bad entry exactly once.
 */
export async function writeDeadLetter(
  redis: Redis,
  stream: string,
  id: string,
  reason: string,
  raw: string | undefined,
): Promise<void> {
  try {
    await redis.xadd(deadStream(stream), id, 'reason', reason, 'event', raw ?? '', 'stream', stream);
  } catch (err) {
    if (err instanceof Error && /equal or smaller/i.test(err.message)) return;
    throw err;
  }
}

/** The few causes a dead letter is counted under (its reason names the detail). */
export type DeadLetterCause = 'ts out of range' | 'entry too large' | 'fold failed' | 'invalid';

export function deadLetterCause(reason: string): DeadLetterCause {
  if (reason === TS_OUT_OF_RANGE) return 'ts out of range';
  if (reason.startsWith('entry larger than')) return 'entry too large';
  if (reason.startsWith('fold failed')) return 'fold failed';
  return 'invalid';
}

export async function deadLetterCount(redis: Redis, stream: string): Promise<number> {
  return redis.xlen(deadStream(stream));
}

/** deadLetterCount, or a rejection once `ms` have passed without an answer. */
export async function deadLetterCountWithin(redis: Redis, stream: string, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`XLEN did not answer within ${ms} ms`)), ms);
  });
  const count = deadLetterCount(redis, stream);
  count.catch(() => undefined); // settles after the timeout won: nobody is listening any more
  try {
    return await Promise.race([count, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const MAX_KINDS_LOGGED = 100;

/**
 * One log line per kind of reason — the text before the first ':' ("not valid JSON", "call.offered", …) — so a
 * producer sending thousands of bad entries of one kind writes one line, not thousands.
 */
export class ReasonLog {
  private readonly seen = new Set<string>();

  constructor(
    private readonly log: Logger,
    private readonly stream: string,
  ) {}

  note(id: string, reason: string): void {
    const kind = reasonKind(reason);
    if (this.seen.has(kind) || this.seen.size > MAX_KINDS_LOGGED) return;
    this.seen.add(kind);
    if (this.seen.size > MAX_KINDS_LOGGED) {
      this.log.warn(
        { stream: this.stream },
        `more than ${MAX_KINDS_LOGGED} kinds of bad entries; no longer logging new kinds`,
      );
      return;
    }
    this.log.warn(
      { stream: this.stream, entryId: id, reason, deadStream: deadStream(this.stream) },
      'entry dead-lettered; further entries of this kind are not logged',
    );
  }
}

function reasonKind(reason: string): string {
  const colon = reason.indexOf(':');
  return colon === -1 ? reason : reason.slice(0, colon);
}
