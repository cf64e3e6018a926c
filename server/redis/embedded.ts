// The private Redis used when REDIS_URL is unset: a redis-server child with its data (AOF) under ./.floorboard/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { onFreePort, ownedChild } from '../child.ts';
import { launchRedisServer } from './process.ts';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

function findRedisServer(): string | null {
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  const which = spawnSync('which', ['redis-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

/** Finds redis-server; as root on a Debian-like system, installs it with apt-get first. */
export function ensureRedisServer(log: Logger): string {
  const found = findRedisServer();
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    log.info('redis-server is missing: installing it with apt-get (one time)…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findRedisServer();
    if (installed) return installed;
  }
  throw new Error(
    'redis-server is not installed: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL',
  );
}

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedRedis(dataDir: string, log: Logger): Promise<EmbeddedRedis> {
  const bin = ensureRedisServer(log);
  const dir = path.resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  return onFreePort(async (port) => {
    const child = await launchRedisServer({ bin, port, dir, appendonly: true });
    log.info({ port, dir }, 'started private redis-server');
    return { url: `redis://127.0.0.1:${port}`, stop: ownedChild(child, 'SIGTERM') };
  });
}
