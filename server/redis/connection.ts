// The one place Redis connections are made: validated URL, RESP2, a name in CLIENT LIST, endless back-off.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl } from '../redact.ts';

export interface RedisAddress {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

/** Checks REDIS_URL before any connection is tried, so a typo is one clear line instead of endless reconnects. */
export function parseRedisUrl(url: string): RedisAddress {
  const bad = (why: string) => new Error(`REDIS_URL is not a redis:// URL: ${JSON.stringify(redactUrl(url))} (${why})`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('cannot be parsed');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw bad(`scheme is "${parsed.protocol}"`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw bad('no host');
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbPath = parsed.pathname.replace(/^\//, '');
  if (dbPath !== '' && !/^\d+$/.test(dbPath)) throw bad(`database "${dbPath}" is not a number`);
  const address: RedisAddress = {
    host,
    port,
    db: dbPath === '' ? 0 : Number(dbPath),
    tls: parsed.protocol === 'rediss:',
  };
  if (parsed.username) address.username = decodeURIComponent(parsed.username);
  if (parsed.password) address.password = decodeURIComponent(parsed.password);
  return address;
}

export interface CreateRedisOptions {
  /**
   * Commands wait for the connection to come back however long it takes, instead of failing after
   * ioredis' default 20 reconnect attempts. For loops that must not lose their place (the stream
   * consumer); request/response paths should keep the default and fail.
   */
  waitForever?: boolean;
  /**
   * For requests a person waits on (sign-in, sessions, console writes): while Redis is unreachable a command
   * fails at once instead of queueing, and any command fails after REQUEST_TIMEOUT_MS, so the caller can answer
   * 503 (isRedisUnavailable) rather than hang for the 20 reconnect attempts. Wait for `ready` before first use.
   */
  failFast?: boolean;
}

const REQUEST_TIMEOUT_MS = 1_000;

const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 2_000;

/** Capped exponential back-off that never gives up: Redis coming back must always be noticed. */
export function reconnectDelay(attempt: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_MAX_MS);
}

export function createRedis(url: string, role: string, log?: Logger, options: CreateRedisOptions = {}): Redis {
  const address = parseRedisUrl(url);
  const redis = new Redis({
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username === undefined ? {} : { username: address.username }),
    ...(address.password === undefined ? {} : { password: address.password }),
    ...(address.tls ? { tls: {} } : {}),
    // ioredis 6 defaults to RESP3, whose reply shapes differ from what this code parses.
    protocol: 2,
    connectionName: `floorboard:${role}`,
    retryStrategy: reconnectDelay,
    ...(options.waitForever ? { maxRetriesPerRequest: null } : {}),
    ...(options.failFast ? { enableOfflineQueue: false, commandTimeout: REQUEST_TIMEOUT_MS } : {}),
  });
  if (log) {
    // Without an 'error' listener ioredis prints every failed reconnect attempt to the console.
    const warn = rateLimitedWarn(log);
    let lost = false;
    redis.on('error', (err: Error) => warn({ role, err: err.message }, 'redis connection error'));
    redis.on('close', () => (lost = true));
    redis.on('ready', () => {
      if (lost) log.info({ role }, 'redis connection restored');
      lost = false;
    });
  }
  return redis;
}

const WARN_INTERVAL_MS = 10_000;

/**
 * A warn logger that writes at most one line per interval and reports how many it held back: a Redis outage
 * produces an error per reconnect attempt, which would otherwise flood the log.
 */
export function rateLimitedWarn(log: Logger, intervalMs = WARN_INTERVAL_MS): (obj: object, msg: string) => void {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (obj, msg) => {
    const now = Date.now();
    if (now - lastAt < intervalMs) {
      suppressed++;
      return;
    }
    log.warn(suppressed > 0 ? { ...obj, suppressed } : obj, msg);
    lastAt = now;
    suppressed = 0;
  };
}

/** Whether an error says Redis could not be reached (so the request may be retried), not that a command was wrong. */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /^(Stream isn't writeable|Command timed out|Connection is closed)/.test(err.message)
  );
}

/** Resolves when the connection is ready (a failFast connection refuses commands before that). */
export function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}
