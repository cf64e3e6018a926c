// The private PostgreSQL used when DATABASE_URL is unset: a postgres child with its data under ./.floorboard/pg.
import path from 'node:path';
import type { Logger } from 'pino';
import { freePort } from '../redis/process.ts';
import { ensurePostgres } from './binaries.ts';
import { PgPortInUseError, clusterUrl, initCluster, launchPostgres, stopPostgres } from './process.ts';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  const bin = ensurePostgres(log);
  const dir = path.resolve(dataDir, 'pg');
  await initCluster(bin, dir);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const child = await launchPostgres({ bin, dir, port, durable: true });
      // The child must not outlive us, whatever way we exit.
      const kill = () => child.kill('SIGINT');
      process.once('exit', kill);
      log.info({ port, dir }, 'started private PostgreSQL');
      return {
        url: clusterUrl(port),
        async stop() {
          process.off('exit', kill);
          await stopPostgres(child);
        },
      };
    } catch (err) {
      if (attempt < 3 && err instanceof PgPortInUseError) continue;
      throw err;
    }
  }
}
