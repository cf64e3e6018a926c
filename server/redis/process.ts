// Runs a redis-server child on a loopback port and waits until it answers: the server's private Redis and the
// tests' Redis are both started here.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { launchChild } from '../child.ts';

const READY_TIMEOUT_MS = 10_000;

export interface LaunchOptions {
  bin: string;
  port: number;
  dir: string;
  appendonly: boolean;
}

export function launchRedisServer(o: LaunchOptions): Promise<ChildProcess> {
  return launchChild({
    name: 'redis-server',
    command: o.bin,
    args: [
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
    ],
    port: o.port,
    portInUse: /Address already in use/i,
    ready: () => pingAnswers(o.port),
    readyMeans: 'answer PING',
    timeoutMs: READY_TIMEOUT_MS,
    pollMs: 50,
  });
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
