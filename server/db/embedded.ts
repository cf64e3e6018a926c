// The private PostgreSQL used when DATABASE_URL is unset: a postgres child with its data under ./.floorboard/pg.
import path from 'node:path';
import type { Logger } from 'pino';
import { onFreePort, ownedChild } from '../child.ts';
import { ensurePostgres } from './binaries.ts';
import { clusterUrl, initCluster, launchPostgres } from './process.ts';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  const bin = ensurePostgres(log);
  const dir = path.resolve(dataDir, 'pg');
  await initCluster(bin, dir);
  return onFreePort(async (port) => {
    const child = await launchPostgres({ bin, dir, port, durable: true });
    log.info({ port, dir }, 'started private PostgreSQL');
    // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data is flushed.
    return { url: clusterUrl(port), stop: ownedChild(child, 'SIGINT') };
  });
}
