// Before any test: make sure the real parts the tests use are on this machine (installing them as root on Debian,
// as the demo does) and the wallboard is built, so `npm test` on a fresh machine fails only for real reasons.
// One PostgreSQL serves the whole run (initdb into a temp dir, a free port); each test file makes its own database.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import pino from 'pino';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensurePostgres } from '../server/db/binaries.ts';
import { clusterUrl, initCluster, launchPostgres, stopPostgres } from '../server/db/process.ts';
import { ensureRedisServer } from '../server/redis/embedded.ts';
import { freePort } from '../server/child.ts';
import { DIST, REPO } from './helpers/paths.ts';

export const CHROMIUM = '/usr/bin/chromium';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = pino({ level: 'info' });
  ensureRedisServer(log);
  // `npm test` builds first; a direct `vitest run` of the browser tests builds once here.
  if (!existsSync(join(DIST, 'index.html')))
    execFileSync('npx', ['vite', 'build', '--config', 'wallboard/vite.config.ts'], { cwd: REPO, stdio: 'inherit' });
  ensureChromium();

  const bin = ensurePostgres(log);
  const dir = await mkdtemp(join(os.tmpdir(), 'floorboard-pg-'));
  await initCluster(bin, dir);
  const port = await freePort();
  const pg = await launchPostgres({ bin, dir, port, durable: false });
  project.provide('postgresUrl', clusterUrl(port));
  return async () => {
    await stopPostgres(pg);
    await rm(dir, { recursive: true, force: true });
  };
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (sudo apt-get install chromium)`);
}
