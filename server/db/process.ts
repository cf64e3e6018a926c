// Runs a PostgreSQL server child on a loopback port and waits until it accepts connections: the server's private
// database and the tests' database are both started here. The socket directory is inside the data directory, so
// nothing is written to /var/run.
import { execFile, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { launchChild, stopProcess } from '../child.ts';
import { postgresUser, type PgBinaries, type RunAs } from './binaries.ts';

const READY_TIMEOUT_MS = 30_000;
const SUPERUSER = 'floorboard';

export interface PgLaunchOptions {
  bin: PgBinaries;
  dir: string;
  port: number;
  /** Tests trade durability for speed. */
  durable: boolean;
}

/** The directory exists, belongs to the user PostgreSQL runs as, and holds a cluster (initdb when empty). */
export async function initCluster(bin: PgBinaries, dir: string): Promise<void> {
  const runAs = postgresUser();
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  if (readdirSync(dir).length > 0) throw new Error(`${dir} is not empty and holds no PostgreSQL cluster`);
  await promisify(execFile)(
    bin.initdb,
    ['-D', dir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'],
    {
      ...spawnIdentity(runAs),
    },
  ).catch((err: Error & { stderr?: string }) => {
    const reach =
      runAs && /Permission denied/.test(err.stderr ?? '')
        ? ` (the postgres user must be able to reach ${dir}: check its parent directories' permissions, or set DATABASE_URL)`
        : '';
    throw new Error(`initdb ${dir} failed: ${err.stderr?.trim() || err.message}${reach}`);
  });
}

function spawnIdentity(runAs: RunAs | null): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

export function clusterUrl(port: number, database = 'postgres'): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
}

export function launchPostgres(o: PgLaunchOptions): Promise<ChildProcess> {
  const args = [
    '-D',
    o.dir,
    '-p',
    String(o.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${o.dir}`,
  ];
  if (!o.durable) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  return launchChild({
    name: 'postgres',
    command: o.bin.postgres,
    args,
    spawn: spawnIdentity(postgresUser()),
    port: o.port,
    portInUse: /could not bind|Address already in use/i,
    ready: () => accepts(o.port),
    readyMeans: 'accept connections',
    timeoutMs: READY_TIMEOUT_MS,
    pollMs: 100,
  });
}

async function accepts(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: clusterUrl(port), connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data is flushed. */
export function stopPostgres(child: ChildProcess): Promise<void> {
  return stopProcess(child, 'SIGINT');
}
