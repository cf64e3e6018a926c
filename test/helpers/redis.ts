// A real redis-server per test file, on a free loopback port, torn down afterwards.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PortInUseError, onFreePort, sleep, stopProcess } from '../../server/child.ts';
import { launchRedisServer } from '../../server/redis/process.ts';

const REDIS_SERVER = '/usr/bin/redis-server';
const PORT_ATTEMPTS = 3;

export interface RedisProcess {
  url: string;
  port: number;
  dir: string;
  /** Graceful shutdown (SIGTERM: flushes the AOF when appendonly); removes the temp dir unless `dir` was given. */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash. Keeps the dir so restart() finds the data; call stop() afterwards to clean up. */
  kill(): Promise<void>;
  /**
   * Stops the server if it runs, then starts it again on the same port and dir. After stop() this only works
   * with a `dir` of your own (a temp dir is gone by then): stop(), wait, restart() simulates an outage.
   */
  restart(): Promise<void>;
}

export interface StartRedisOptions {
  appendonly?: boolean;
  dir?: string;
}

// Children still alive when the test process exits would outlive it and hold their ports.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisProcess> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'floorboard-redis-')));
  const appendonly = opts.appendonly ?? false;

  let port = 0;
  let child: ChildProcess | undefined;
  try {
    child = await onFreePort((free) => {
      port = free;
      return launch(free, dir, appendonly);
    });
  } catch (err) {
    if (ownDir) await rm(dir, { recursive: true, force: true });
    throw err;
  }

  const stopChild = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (c) await stopProcess(c, signal);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      await stopChild('SIGTERM');
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      await stopChild('SIGKILL');
    },
    async restart() {
      await stopChild('SIGTERM');
      child = await launchWithRetry(port, dir, appendonly);
    },
  };
}

/** Registers beforeAll/afterAll for one server per test file; the getter is valid inside tests. */
export function useRedis(opts?: StartRedisOptions): () => RedisProcess {
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    redis = await startRedis(opts);
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error('useRedis(): the server is only available inside tests and hooks');
    return redis;
  };
}

// On restart the old socket may linger for a moment, and the port is fixed, so wait briefly and try again.
async function launchWithRetry(port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(port, dir, appendonly);
    } catch (err) {
      if (attempt >= PORT_ATTEMPTS || !(err instanceof PortInUseError)) throw err;
      await sleep(200 * attempt);
    }
  }
}

async function launch(port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  const child = await launchRedisServer({ bin: REDIS_SERVER, port, dir, appendonly });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
