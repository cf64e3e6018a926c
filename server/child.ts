// The private servers' child processes (redis-server, postgres): on a free loopback port, started until they
// answer, retried when another process took the port in between, and never outliving the process that started them.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import net from 'node:net';

const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

export class PortInUseError extends Error {}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `launch` on a free port; a port found free can be taken before the child binds it, so that case (and only
 * that) is tried again on another.
 */
export async function onFreePort<T>(launch: (port: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort());
    } catch (err) {
      if (attempt < PORT_ATTEMPTS && err instanceof PortInUseError) continue;
      throw err;
    }
  }
}

export interface ChildLaunch {
  /** For messages: "redis-server", "postgres". */
  name: string;
  command: string;
  args: string[];
  spawn?: Pick<SpawnOptions, 'uid' | 'gid'>;
  port: number;
  /** What the child prints when its port is taken. */
  portInUse: RegExp;
  /** Resolves true once the child answers. */
  ready(): Promise<boolean>;
  /** What "ready" means, for the timeout's message: "answer PING". */
  readyMeans: string;
  timeoutMs: number;
  pollMs: number;
}

/** Spawns the child and resolves once it is ready; rejects with its output when it exits or never gets ready. */
export async function launchChild(o: ChildLaunch): Promise<ChildProcess> {
  const child = spawn(o.command, o.args, { stdio: ['ignore', 'pipe', 'pipe'], ...o.spawn });
  // Servers log to stdout or stderr depending on their configuration: keep both for the error message.
  let output = '';
  const collect = (chunk: Buffer) => {
    if (output.length < 20_000) output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  child.once('exit', (code, signal) => (exited = { code, signal }));

  const deadline = Date.now() + o.timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot run ${o.command}: ${spawnError.message}`);
    if (exited) {
      if (o.portInUse.test(output)) throw new PortInUseError(`port ${o.port} is in use`);
      throw new Error(
        `${o.name} exited (code ${exited.code}, signal ${exited.signal}) before it would ${o.readyMeans}:\n${output}`,
      );
    }
    if (await o.ready()) return child;
    await sleep(o.pollMs);
  }
  await stopProcess(child, 'SIGKILL');
  throw new Error(`${o.name} on port ${o.port} did not ${o.readyMeans} within ${o.timeoutMs} ms:\n${output}`);
}

/**
 * Ties the child's life to this process's (killed with `signal` on any exit, even an abrupt one); returns the
 * orderly stop.
 */
export function ownedChild(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
  const kill = () => child.kill(signal);
  process.once('exit', kill);
  return async () => {
    process.off('exit', kill);
    await stopProcess(child, signal);
  };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
