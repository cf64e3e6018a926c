// The consumer's two Redis connections under watch: a command that never answers forces a reconnect, and stop()
// can abandon a wait on a Redis that stays away.
import type { Redis } from 'ioredis';

export interface Watch {
  watchdogMs: number;
  /** Aborted when the consumer gives up waiting (stop() with Redis away). */
  signal: AbortSignal;
  /** True once stopping: a slow answer then is no reason to reconnect. */
  stopping: () => boolean;
  /** Rate-limited warning (the watchdog may fire on every command while Redis hangs). */
  warn: (obj: object, msg: string) => void;
  stream: string;
}

/**
 * Awaits a command while a watchdog runs. A connection can look healthy yet never answer (typically a BLOCK
 * read after a network blip or server restart that the socket did not notice); after watchdogMs the
 * connection is dropped and re-made, and ioredis re-sends the command on the new one. A connection that is
 * already reconnecting is left to its back-off.
 */
export async function guarded<T>(connection: Redis, command: Promise<T>, watch: Watch): Promise<T> {
  command.catch(() => undefined); // when abort wins the race, a late rejection must not go unhandled
  const timer = setInterval(() => {
    if (connection.status !== 'ready' || watch.stopping()) return;
    watch.warn({ stream: watch.stream, watchdogMs: watch.watchdogMs }, 'redis did not answer in time; reconnecting');
    connection.disconnect(true);
  }, watch.watchdogMs);
  try {
    return await abortable(command, watch.signal);
  } finally {
    clearInterval(timer);
  }
}

/**
 * Closes for good. An open connection is awaited to its end (ioredis destroys a socket that does not close
 * within 2 s), so status() reads 'down' once stop() returns; one that is reconnecting just stops trying.
 */
export function close(connection: Redis): Promise<void> {
  const open = connection.status === 'ready' || connection.status === 'connect' || connection.status === 'connecting';
  const ended = open ? new Promise<void>((resolve) => connection.once('end', () => resolve())) : Promise.resolve();
  connection.disconnect();
  return ended;
}

/**
 * The command's outcome, or the signal's reason if it aborts first. Not Promise.race with a promise that stays
 * pending for the consumer's life: every race would leave a reaction on it holding its result (a whole batch)
 * for as long as the consumer runs.
 */
function abortable<T>(command: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    command.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
