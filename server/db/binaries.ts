// Where PostgreSQL's server programs are, installed with apt-get when missing (as root on Debian), and which
// system user runs them: initdb and postgres refuse to run as root, so a root process runs them as `postgres`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

export interface PgBinaries {
  initdb: string;
  postgres: string;
}

/** Debian keeps each major version's server programs apart; the newest installed one wins. */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

function onPath(name: string): string | null {
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

function findBinaries(): PgBinaries | null {
  for (const dir of debianBinDirs()) {
    const initdb = path.join(dir, 'initdb');
    const postgres = path.join(dir, 'postgres');
    if (existsSync(initdb) && existsSync(postgres)) return { initdb, postgres };
  }
  const initdb = onPath('initdb');
  const postgres = onPath('postgres');
  return initdb && postgres ? { initdb, postgres } : null;
}

/** Finds initdb and postgres; as root on a Debian-like system, installs `postgresql` with apt-get first. */
export function ensurePostgres(log: Logger): PgBinaries {
  const found = findBinaries();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    log.info('PostgreSQL is missing: installing it with apt-get (one time)…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findBinaries();
    if (installed) return installed;
  }
  throw new Error(
    'PostgreSQL is not installed: install it (Debian/Ubuntu: sudo apt-get install postgresql) or set DATABASE_URL',
  );
}

export interface RunAs {
  uid: number;
  gid: number;
}

/** The user the server programs run as: the current one, or `postgres` when the process is root. */
export function postgresUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'running as root, but there is no `postgres` system user to run PostgreSQL as (install the postgresql package, or set DATABASE_URL)',
    );
  }
}
