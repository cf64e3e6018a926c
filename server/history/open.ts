// The history database for a command-line tool: DATABASE_URL, or the private PostgreSQL under ./.floorboard
// (the one the server starts), migrated.
import type { Logger } from 'pino';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { createPool, migrate } from '../db/pool.ts';
import { HistoryStore } from './store.ts';

export async function openHistory(
  databaseUrl: string | undefined,
  timezone: string,
  log: Logger,
): Promise<{ store: HistoryStore; close(): Promise<void> }> {
  const embedded = databaseUrl ? null : await startEmbeddedPostgres('.floorboard', log);
  const url = databaseUrl ?? embedded!.url;
  await migrate(url, log);
  const store = new HistoryStore(createPool(url, log), timezone);
  await store.rollUpMissingDays();
  return {
    store,
    async close() {
      await store.pool.end();
      await embedded?.stop();
    },
  };
}
