// One server node: Redis, the engine fed by the stream consumer, checkpoints, HTTP and socket.io, wired together.
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from '../shared/config.ts';
import type { Health } from '../shared/snapshot.ts';
import { Principals } from './auth/principals.ts';
import { Checkpointer, loadCheckpoint } from './checkpoint.ts';
import { applyConfig, createState } from './engine/index.ts';
import { createApp } from './http/app.ts';
import { deadLetterCount } from './ingest/dead-letter.ts';
import { StreamConsumer } from './ingest/consumer.ts';
import { LiveModel } from './live.ts';
import { Hub } from './realtime/hub.ts';
import { createRedis } from './redis/connection.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded.ts';
import { checkpointKey, groupName } from './redis/keys.ts';
import { isLoopback, type Settings } from './settings.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_STATIC_DIR = path.resolve(here, '../dist/wallboard');
const DEAD_COUNT_EVERY_MS = 2_000;

export interface NodeOptions {
  settings: Settings;
  config: Config;
  log: Logger;
  staticDir?: string;
  /** Where the private Redis keeps its data when REDIS_URL is unset. */
  dataDir?: string;
  checkpointEveryMs?: number;
}

export interface RunningNode {
  url: string;
  port: number;
  redisUrl: string;
  live: LiveModel;
  consumer: StreamConsumer;
  health(): Promise<Health>;
  /** Saves a checkpoint now (tests use it to make restarts deterministic). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export async function startNode(o: NodeOptions): Promise<RunningNode> {
  const { settings, config, log } = o;
  const principals = new Principals(config, settings.adminToken);
  if (!isLoopback(settings.host) && !principals.hasAdmin) {
    throw new Error(`refusing to listen on ${settings.host} without an admin credential: set FLOORBOARD_ADMIN_TOKEN`);
  }

  let embedded: EmbeddedRedis | null = null;
  const redisUrl = settings.redisUrl ?? (embedded = await startEmbeddedRedis(o.dataDir ?? '.floorboard', log)).url;
  const redis = createRedis(redisUrl, 'commands', log);
  const closeAll: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const f of closeAll.reverse()) await f().catch((err: Error) => log.warn({ err: err.message }, 'while closing'));
  };
  closeAll.push(async () => embedded?.stop());
  closeAll.push(async () => redis.quit());

  try {
    try {
      await redis.ping();
    } catch (err) {
      throw new Error(`cannot reach Redis at ${redisUrl}: ${(err as Error).message}`);
    }

    const key = checkpointKey(settings.stream, settings.nodeId);
    const saved = await loadCheckpoint(redis, key, config.timezone, log);
    const state = saved ?? createState(config);
    if (saved) applyConfig(state, config);
    log.info({ cursor: state.cursor, folded: state.stats.folded }, saved ? 'resuming from checkpoint' : 'folding the stream from its start');
    const live = new LiveModel(state);

    const checkpointer = new Checkpointer(redis, key, () => live.state, log, o.checkpointEveryMs);
    const consumer = new StreamConsumer({
      redisUrl,
      stream: settings.stream,
      group: groupName(settings.nodeId),
      consumer: settings.nodeId,
      sink: {
        fold: (id, event) => live.fold(id, event),
        dead: (id) => live.skip(id),
        batchDone: () => {},
      },
      log,
      startAfter: saved ? state.cursor : null,
    });
    await consumer.start();
    closeAll.push(() => checkpointer.close());
    closeAll.push(() => consumer.stop());

    let dead = { count: 0, at: 0 };
    const health = async (): Promise<Health> => {
      const st = consumer.status();
      if (Date.now() - dead.at > DEAD_COUNT_EVERY_MS && st.redis === 'up') {
        dead = { count: await deadLetterCount(redis, settings.stream).catch(() => dead.count), at: Date.now() };
      }
      const reasons: string[] = [];
      if (st.redis === 'down') reasons.push('redis unreachable');
      return {
        status: reasons.length ? 'degraded' : 'ok',
        redis: st.redis,
        lagMs: st.lagMs,
        dead: dead.count,
        ...(reasons.length ? { reasons } : {}),
        ...live.state.stats,
      };
    };

    const app = createApp({ live, principals, health, staticDir: o.staticDir ?? DEFAULT_STATIC_DIR });
    const http = createServer(app);
    const hub = new Hub(http, live, principals, log);
    closeAll.push(() => hub.close());
    await listen(http, settings.port, settings.host);
    closeAll.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const port = (http.address() as { port: number }).port;

    return {
      url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
      port,
      redisUrl,
      live,
      consumer,
      health,
      checkpoint: () => checkpointer.save(),
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function listen(http: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use (set PORT to another)`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new Error(`cannot listen on ${host}: no such local address (HOST)`));
      else reject(err);
    });
    http.listen(port, host, () => resolve());
  });
}
