// A Redis and a server node in child processes of their own, for measuring the server from outside: the bench's
// figures and the soak's memory are the server's, not this process's. Its data lives in a temp dir removed on stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopProcess } from '../server/child.ts';
import { launchRedisServer } from '../server/redis/process.ts';

export interface ServerUnderTest {
  dir: string;
  redisUrl: string;
  url: string;
  port: number;
  server: ChildProcess;
  stop(): Promise<void>;
}

export interface ServerUnderTestOptions {
  /** Names the temp dir and the node. */
  name: string;
  adminToken: string;
  /** Writes the node's config file into the temp dir before it starts; returns its path. */
  config?: (dir: string) => string;
}

export async function startServerUnderTest(o: ServerUnderTestOptions): Promise<ServerUnderTest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `floorboard-${o.name}-`));
  const redisPort = await freePort();
  const redis = await launchRedisServer({ bin: '/usr/bin/redis-server', port: redisPort, dir, appendonly: false });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const port = await freePort();
  // tsx as a loader, not its CLI: one process, so what is sampled is the server's own.
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      PORT: String(port),
      FLOORBOARD_ADMIN_TOKEN: o.adminToken,
      ...(o.config ? { FLOORBOARD_CONFIG: o.config(dir) } : {}),
      LOG_LEVEL: 'warn',
      FLOORBOARD_NODE_ID: o.name,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return {
    dir,
    redisUrl,
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    async stop() {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
      await stopProcess(redis, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
