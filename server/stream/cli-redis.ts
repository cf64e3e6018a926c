// Where the export/replay commands read and write (--redis, --stream, with the server's fallbacks), and a
// connection that fails fast with one clear line instead of retrying for long.
import type { Redis } from 'ioredis';
import { createRedis, parseRedisUrl } from '../redis/connection.ts';
import { redactUrl } from '../redact.ts';
import { DEFAULT_STREAM } from '../../shared/stream.ts';

const CONNECT_TIMEOUT_MS = 5_000;

/** Connects and pings; throws an Error naming the URL when Redis does not answer within a few seconds. */
export async function openRedis(url: string, role: string): Promise<Redis> {
  const redis = createRedis(url, role);
  // Without a listener ioredis prints every failed reconnect attempt; the command that fails reports it once.
  let lastError: Error | null = null;
  redis.on('error', (err: Error) => (lastError = err));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(lastError ?? new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
          CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** A bad command-line argument: the commands print the message and exit 2. */
export class UsageError extends Error {}

/** `--redis`, else REDIS_URL, as the server reads it. */
export function cliRedisUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = flag ?? env.REDIS_URL;
  if (!url) throw new UsageError('no Redis given: pass --redis <url> or set REDIS_URL');
  try {
    parseRedisUrl(url);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return url;
}

/** `--stream`, else FLOORBOARD_STREAM, else the server's default. */
export function cliStream(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const stream = flag ?? env.FLOORBOARD_STREAM ?? DEFAULT_STREAM;
  if (stream === '') throw new UsageError('--stream must not be empty');
  return stream;
}
