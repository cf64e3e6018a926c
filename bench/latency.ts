// End to end: XADD → server (a child process, as deployed) → socket.io clients (another child process) receiving
// an update whose cursor covers the entry. Events come from the simulator's model, written at a fixed rate.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { simulate } from '../agent-sim/floor.ts';
import { compareIds } from '../server/redis/ids.ts';
import { freePort, launchRedisServer, stopProcess } from '../server/redis/process.ts';
import { header, mb, percentile } from './report.ts';

const TOKEN = 'bench-admin-token-0123456789';

type Note = [cursor: string, at: number];

export async function benchLatency(ratePerSec = 500, seconds = 20, clients = 1): Promise<void> {
  header(`latency: XADD → socket.io update, ${ratePerSec} events/s for ${seconds} s, ${clients} clients in another process`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'floorboard-bench-'));
  const redisPort = await freePort();
  const redisChild = await launchRedisServer({ bin: '/usr/bin/redis-server', port: redisPort, dir, appendonly: false });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(port), FLOORBOARD_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', FLOORBOARD_NODE_ID: 'bench' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const redis = new Redis(redisUrl, { protocol: 2 });
  const probe = io(`http://127.0.0.1:${port}`, { auth: { token: TOKEN }, transports: ['websocket'], reconnectionDelay: 200 });
  const crowd = fork('bench/clients.ts', [`http://127.0.0.1:${port}`, TOKEN, String(clients)], { execArgv: ['--import', 'tsx'] });
  try {
    await new Promise<void>((resolve) => probe.once('snapshot', () => resolve()));
    await new Promise<void>((resolve) => crowd.once('message', () => resolve()));
    const sent: { id: string; at: number }[] = [];
    // One more client in this process: it tells when the writer may stop waiting, and its own figures show what
    // the server delivers when the receiving side is not saturated by the crowd.
    let next = 0;
    const probeLatencies: number[] = [];
    let updateBytes = 0;
    let probeUpdates = 0;
    probe.on('update', (u) => {
      const now = Date.now();
      probeUpdates++;
      updateBytes += JSON.stringify(u).length;
      while (next < sent.length && compareIds(sent[next]!.id, u.cursor) <= 0) probeLatencies.push(now - sent[next++]!.at);
    });

    const events = simulate({ agents: 200, queues: 5, rate: 40, seed: 3, curve: 'flat' }, Date.now());
    const total = ratePerSec * seconds;
    const t0 = performance.now();
    const batch = Math.max(1, Math.round(ratePerSec / 100)); // one pipeline every 10 ms
    for (let i = 0; i < total; i += batch) {
      const due = t0 + (i / ratePerSec) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const p = redis.pipeline();
      for (let k = 0; k < batch; k++) p.xadd('cc:events', '*', 'event', JSON.stringify({ ...events.next().value!, ts: Date.now() }));
      const at = Date.now();
      const res = (await p.exec()) ?? [];
      for (const [, id] of res) sent.push({ id: id as string, at });
    }
    const deadline = performance.now() + 10_000;
    while (next < sent.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const rss = await serverRss(server.pid!);
    crowd.send({ kind: 'report' });
    const report = await new Promise<{ notes: Note[][]; updates: number; connected: number }>((resolve) =>
      crowd.on('message', (m: { kind: string }) => m.kind === 'report' && resolve(m as never)),
    );
    const latencies = report.notes.flatMap((notes) => creditLatencies(sent, notes));
    console.log(`entries           ${sent.length}; ${report.connected} clients got ${report.updates.toLocaleString('en')} updates; ${latencies.length.toLocaleString('en')} receipts timed (every 20th client)`);
    console.log(`latency           p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(0)} ms`);
    console.log(`probe client      p50 ${percentile(probeLatencies, 50).toFixed(0)} ms, p99 ${percentile(probeLatencies, 99).toFixed(0)} ms (one client in the writer's process); ${probeUpdates} updates of ${(updateBytes / Math.max(1, probeUpdates) / 1024).toFixed(1)} KB on average`);
    console.log(`                  (updates are throttled to ≤ 4/s by the contract, so ~125 ms is the floor of p50)`);
    console.log(`server RSS        ${rss === null ? 'n/a' : mb(rss)}`);
  } finally {
    probe.close();
    crowd.kill();
    redis.disconnect();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await stopProcess(redisChild, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For each entry, the time until the first update whose cursor covers it reached this client. */
function creditLatencies(sent: { id: string; at: number }[], notes: Note[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (const [cursor, at] of notes) {
    while (next < sent.length && compareIds(sent[next]!.id, cursor) <= 0) out.push(at - sent[next++]!.at);
  }
  return out;
}

async function serverRss(pid: number): Promise<number | null> {
  const { readFileSync } = await import('node:fs');
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null;
  }
}
