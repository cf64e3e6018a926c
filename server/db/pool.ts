// The connection pool and the schema: every node migrates on start (node-pg-migrate takes an advisory lock, so
// several nodes starting at once apply each migration once).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from 'pino';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// bigint (int8) columns hold ms timestamps, well inside a double's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function createPool(url: string, log: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
  // An idle client's error (the database restarting) must not crash the process; the next query reconnects.
  pool.on('error', (err) => log.warn({ db: redactUrl(url), err: err.message }, 'database connection lost'));
  return pool;
}

export async function migrate(url: string, log: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (err) => log.warn({ db: redactUrl(url), err: err.message }, 'migration connection lost'));
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot reach PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`);
  }
  try {
    await runner({
      dbClient: client,
      dir: MIGRATIONS,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      advisoryLockMode: 'wait',
      log: (msg) => log.debug({ migration: msg }, 'migration'),
      verbose: false,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
