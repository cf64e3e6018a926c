// Runs a redis-server child on a loopback port and waits until it answers: the server's private Redis and the
// tests' Redis are both started here.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export class PortInUseError extends Error {}

export interface LaunchOptions {
  bin: string;
  port: number;
  dir: string;
  appendonly: boolean;
}

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

export async function launchRedisServer(o: LaunchOptions): Promise<ChildProcess> {
  const args = [
    '--port',
    String(o.port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    o.appendonly ? 'yes' : 'no',
    '--dir',
    o.dir,
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
  ];
  const child = spawn(o.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // redis-server logs to stdout without a logfile; keep both streams for the error message.
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

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot run ${o.bin}: ${spawnError.message}`);
    if (exited) {
      if (/Address already in use/i.test(output)) throw new PortInUseError(`port ${o.port} is in use`);
      throw new Error(
        `redis-server exited (code ${exited.code}, signal ${exited.signal}) before answering PING:\n${output}`,
      );
    }
    if (await pingAnswers(o.port)) return child;
    await sleep(50);
  }
  await stopProcess(child, 'SIGKILL');
  throw new Error(`redis-server on port ${o.port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

// A raw RESP PING, so readiness checks don't depend on a client library's reconnect behaviour.
function pingAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
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
