// Before any test: make sure the real parts the tests use are on this machine (installing them as root on Debian,
// as the demo does) and the wallboard is built, so `npm test` on a fresh machine fails only for real reasons.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pino from 'pino';
import { join } from 'node:path';
import { ensureRedisServer } from '../server/redis/embedded.ts';
import { DIST, REPO } from './helpers/paths.ts';

export const CHROMIUM = '/usr/bin/chromium';

export default function setup(): void {
  ensureRedisServer(pino({ level: 'info' }));
  // `npm test` builds first; a direct `vitest run` of the browser tests builds once here.
  if (!existsSync(join(DIST, 'index.html'))) execFileSync('npx', ['vite', 'build', '--config', 'wallboard/vite.config.ts'], { cwd: REPO, stdio: 'inherit' });
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (existsSync(CHROMIUM)) return;
  }
  throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium (sudo apt-get install chromium)`);
}
