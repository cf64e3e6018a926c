// `npm run soak [-- --minutes 60 --agents 500 --screens 50]`: a private Redis, one server process, the simulator
// writing in real time and some screens connected, for an hour by default. Samples the server's memory from its
// own /metrics every minute and prints a table; exits 1 if the heap keeps growing: the lowest sample of the last
// third of the run more than 20 % above the lowest of the first third (the lows are the heap just after a GC,
// a sample in between can be anywhere on the sawtooth).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { io, type Socket } from 'socket.io-client';
import { runSimulator } from '../agent-sim/writer.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { freePort, launchRedisServer, stopProcess } from '../server/redis/process.ts';

const TOKEN = 'soak-admin-token-0123456789';

const o = new Command('soak')
  .option('--minutes <n>', 'how long to run', '60')
  .option('--agents <n>', 'simulated agents', '500')
  .option('--screens <n>', 'socket.io clients connected throughout', '50')
  .option('--every <sec>', 'seconds between samples', '60')
  .parse()
  .opts<Record<string, string>>();
const minutes = Number(o.minutes);
const agents = Number(o.agents);
const everyMs = Number(o.every) * 1000;

const dir = mkdtempSync(path.join(os.tmpdir(), 'floorboard-soak-'));
const redisPort = await freePort();
const redisChild = await launchRedisServer({ bin: '/usr/bin/redis-server', port: redisPort, dir, appendonly: false });
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const port = await freePort();
// One process (tsx as a loader, not its CLI), so the sampled memory is the server's own.
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...process.env, REDIS_URL: redisUrl, PORT: String(port), FLOORBOARD_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', FLOORBOARD_NODE_ID: 'soak' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
const screens: Socket[] = [];
const sim = runSimulator({ redisUrl, stream: 'cc:events', agents, queues: 10, rate: defaultRate(agents), seed: 5, curve: 'flat', speed: 1, durationSec: minutes * 60 });

async function metric(names: string[]): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    if (name && names.includes(name)) out[name] = Number(value);
  }
  return out;
}

const MB = 1024 * 1024;
const rows: { min: number; rss: number; heap: number; folded: number; lag: number; sockets: number }[] = [];
try {
  for (let tries = 0; ; tries++) {
    try {
      await metric([]);
      break;
    } catch {
      if (tries > 100) throw new Error('the server did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  for (let i = 0; i < Number(o.screens); i++) screens.push(io(url, { auth: { token: TOKEN }, transports: ['websocket'] }));
  console.log(`soak: ${minutes} min, ${agents} agents (${defaultRate(agents).toFixed(1)} calls/min offered), ${screens.length} screens, sample every ${everyMs / 1000} s`);
  console.log('min   rss MB   heap MB   folded     lag s   sockets');
  const t0 = Date.now();
  for (let k = 0; Date.now() - t0 < minutes * 60_000; k++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (k + 1) * everyMs - Date.now())));
    const m = await metric(['floorboard_process_resident_memory_bytes', 'floorboard_nodejs_heap_size_used_bytes', 'floorboard_events_folded_total', 'floorboard_ingest_lag_seconds', 'floorboard_sockets{role="admin"}']);
    const row = {
      min: (Date.now() - t0) / 60_000,
      rss: (m.floorboard_process_resident_memory_bytes ?? 0) / MB,
      heap: (m.floorboard_nodejs_heap_size_used_bytes ?? 0) / MB,
      folded: m.floorboard_events_folded_total ?? 0,
      lag: m.floorboard_ingest_lag_seconds ?? 0,
      sockets: m['floorboard_sockets{role="admin"}'] ?? 0,
    };
    rows.push(row);
    console.log(`${row.min.toFixed(1).padStart(4)}  ${row.rss.toFixed(1).padStart(7)}  ${row.heap.toFixed(1).padStart(8)}  ${String(row.folded).padStart(8)}  ${row.lag.toFixed(1).padStart(6)}  ${String(row.sockets).padStart(7)}`);
  }
} finally {
  await sim.stop();
  for (const s of screens) s.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await stopProcess(redisChild, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

const third = Math.max(1, Math.floor(rows.length / 3));
const low = (xs: number[]) => Math.min(...xs);
const first = low(rows.slice(0, third).map((r) => r.heap));
const last = low(rows.slice(-third).map((r) => r.heap));
console.log(`heap low: first third ${first.toFixed(1)} MB, last third ${last.toFixed(1)} MB (${(((last - first) / first) * 100).toFixed(0)} %)`);
if (rows.length >= 3 && last > first * 1.2) {
  console.log('soak: the heap kept growing');
  process.exit(1);
}
process.exit(0);
