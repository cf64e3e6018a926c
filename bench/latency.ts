// End to end: XADD → server (a child process, as deployed) → socket.io client receipt of an update whose cursor
// covers the entry. Events come from the simulator's model, written at a fixed rate.
import { spawn } from 'node:child_process';
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

export async function benchLatency(ratePerSec = 500, seconds = 20): Promise<void> {
  header(`latency: XADD → socket.io update, ${ratePerSec} events/s for ${seconds} s`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'floorboard-bench-'));
  const redisPort = await freePort();
  const redisChild = await launchRedisServer({ bin: '/usr/bin/redis-server', port: redisPort, dir, appendonly: false });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const port = await freePort();
  const server = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'server/main.ts'], {
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(port), FLOORBOARD_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', FLOORBOARD_NODE_ID: 'bench' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const redis = new Redis(redisUrl, { protocol: 2 });
  const client = io(`http://127.0.0.1:${port}`, { auth: { token: TOKEN }, transports: ['websocket'], reconnectionDelay: 200 });
  try {
    await new Promise<void>((resolve) => client.once('snapshot', () => resolve()));
    const sent: { id: string; at: number }[] = [];
    const latencies: number[] = [];
    let next = 0;
    client.on('update', (u) => {
      const now = performance.now();
      while (next < sent.length && compareIds(sent[next]!.id, u.cursor) <= 0) latencies.push(now - sent[next++]!.at);
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
      const at = performance.now();
      const res = (await p.exec()) ?? [];
      for (const [, id] of res) sent.push({ id: id as string, at });
    }
    const deadline = performance.now() + 10_000;
    while (next < sent.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const rss = await serverRss(server.pid!);
    console.log(`entries           ${sent.length}, received ${latencies.length}`);
    console.log(`latency           p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
    console.log(`                  (updates are throttled to ≤ 4/s by the contract, so ~125 ms is the floor of p50)`);
    console.log(`server RSS        ${rss === null ? 'n/a' : mb(rss)}`);
  } finally {
    client.close();
    redis.disconnect();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await stopProcess(redisChild, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function serverRss(pid: number): Promise<number | null> {
  // The server runs under tsx, which forks node: find the deepest child's RSS in /proc.
  const { readFileSync, readdirSync } = await import('node:fs');
  const children = (p: number) =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/stat`, 'utf8').split(' ')[3] === String(p);
        } catch {
          return false;
        }
      })
      .map(Number);
  let target = pid;
  for (let kids = children(target); kids.length; kids = children(target)) target = kids[0]!;
  try {
    const line = readFileSync(`/proc/${target}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null;
  }
}
