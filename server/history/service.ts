// History on a node: the database (DATABASE_URL, or a private PostgreSQL), its schema, the store and the writer
// that runs while this node holds the cluster's lease.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../../shared/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.ts';
import { createPool, migrate, redactUrl } from '../db/pool.ts';
import type { EngineState } from '../engine/index.ts';
import type { Lease } from '../lease.ts';
import { HistoryStore } from './store.ts';
import { HistoryWriter } from './writer.ts';

export interface HistoryOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  config: Config;
  state: () => EngineState;
  caughtUp: () => boolean;
  lastEntryAt: () => number;
  lease: Lease;
  redis: Redis;
  stream: string;
  log: Logger;
}

export interface History {
  /** The database's URL without its password. */
  database: string;
  /** The database's URL as given (password included): the seek thread opens its own pool on it. */
  url: string;
  pool: pg.Pool;
  store: HistoryStore;
  writer: HistoryWriter;
  close(): Promise<void>;
}

export async function startHistory(o: HistoryOptions): Promise<History> {
  let embedded: EmbeddedPostgres | null = null;
  const url = o.databaseUrl ?? (embedded = await startEmbeddedPostgres(o.dataDir, o.log)).url;
  try {
    await migrate(url, o.log);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const pool = createPool(url, o.log);
  const store = new HistoryStore(pool, o.config.timezone);
  // Rows written before the daily roll-up existed, or cut into days of another zone, get their days rolled up.
  const rolledUp = await store.rollUpMissingDays();
  if (rolledUp) o.log.info({ days: rolledUp }, 'history: rolled up days');
  const writer = new HistoryWriter({
    store,
    config: o.config,
    state: o.state,
    caughtUp: o.caughtUp,
    lastEntryAt: o.lastEntryAt,
    leader: () => o.lease.held(),
    redis: o.redis,
    stream: o.stream,
    log: o.log,
  });
  o.lease.onChange((held) => held && writer.leaderChanged());
  writer.start();
  o.log.info({ db: redactUrl(url) }, 'history database ready');
  return {
    database: redactUrl(url),
    url,
    pool,
    store,
    writer,
    async close() {
      await writer.stop();
      await pool.end();
      await embedded?.stop();
    },
  };
}
