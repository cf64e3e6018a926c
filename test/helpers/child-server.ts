// Runs `server/main.ts` as ONE real child process (node with tsx's loader), so that a SIGKILL really kills the
// server: the tsx CLI would run it in a grandchild that a signal to the CLI cannot reach.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/child.ts';
import { createDatabase } from './postgres.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, FEED_TOKEN, waitFor } from './server.ts';

const SERVER = ['--import', 'tsx', 'server/main.ts'];

export interface ChildServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function writeTestConfig(extra: Record<string, unknown> = {}): string {
  const file = path.join(
    os.tmpdir(),
    `floorboard-test-config-${process.pid}-${Math.random().toString(36).slice(2)}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({
      timezone: 'Asia/Shanghai',
      tokens: [
        { token: DISPLAY_TOKEN, role: 'display' },
        { token: FEED_TOKEN, role: 'feed' },
      ],
      ...extra,
    }),
  );
  return file;
}

/** Spawns the server; resolves once it reports ready, or rejects with its output when it exits first. */
export async function spawnServer(env: Record<string, string>): Promise<ChildServer> {
  const port = env.PORT ?? String(await freePort());
  // Never the private PostgreSQL of the working directory: a fresh database of the test run's unless one is given.
  const DATABASE_URL = env.DATABASE_URL ?? (await createDatabase()).url;
  const child = spawn(process.execPath, SERVER, {
    env: { ...process.env, FLOORBOARD_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', DATABASE_URL, ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(
    'the server to be ready',
    () => {
      if (gone) throw new Error(`server exited before it was ready:\n${out}`);
      return out.includes('floorboard server ready');
    },
    // A server process loads the whole server through tsx: seconds alone, tens of seconds beside others on 2 cores.
    60_000,
  );
  return { url: `http://127.0.0.1:${port}`, child, output: () => out, exited };
}

/** Runs the server expecting it to refuse to start; returns its exit code and output. */
export async function failingServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const DATABASE_URL = env.DATABASE_URL ?? (await createDatabase()).url;
  const child = spawn(process.execPath, SERVER, {
    env: { ...process.env, FLOORBOARD_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: out };
}
