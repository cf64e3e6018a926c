// The event archive on a node: its store on the history database, and the archiver that runs while this node
// holds the cluster's lease.
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type client from 'prom-client';
import type { Config } from '../../shared/config.ts';
import { DayClock } from '../../shared/time.ts';
import type { Lease } from '../lease.ts';
import { Archiver } from './archiver.ts';
import { ArchiveStore } from './store.ts';

export interface Archive {
  store: ArchiveStore;
  archiver: Archiver;
  close(): Promise<void>;
}

export function startArchive(o: {
  pool: pg.Pool;
  config: Config;
  redis: Redis;
  stream: string;
  lease: Lease;
  log: Logger;
  registry: client.Registry;
}): Archive {
  const store = new ArchiveStore(o.pool, new DayClock(o.config.timezone));
  const archiver = new Archiver({
    store,
    config: o.config,
    redis: o.redis,
    stream: o.stream,
    leader: () => o.lease.held(),
    log: o.log,
    registry: o.registry,
  });
  o.lease.onChange((held) => held && archiver.leaderChanged());
  archiver.start();
  return { store, archiver, close: () => archiver.stop() };
}
