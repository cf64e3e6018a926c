// `npm run soak [-- --minutes 60 --agents 500 --screens 50]`: a private Redis, one server process, the simulator
// writing in real time and some screens connected, for an hour by default. Samples the server's memory from its
// own /metrics every 5 s and prints a row a minute with the minute's lowest heap sample (the heap just after a
// collection; a single sample can be anywhere on the sawtooth). Exits 1 if the heap grows faster than the state
// can explain: after a 10-minute warm-up, the lows' growth per folded event (a least-squares slope) above
// 512 bytes. The engine's state does grow within a day until its bounds are reached — an id per event until
// 200,000, today's call facts and state changes — by about 110 bytes per event here; a leak of anything per event
// or per update shows well above that.
import { Command } from 'commander';
import { io, type Socket } from 'socket.io-client';
import { runSimulator } from '../agent-sim/writer.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { startServerUnderTest } from '../bench/server-under-test.ts';
import { DEFAULT_STREAM } from '../shared/stream.ts';

const TOKEN = 'soak-admin-token-0123456789';

const o = new Command('soak')
  .option('--minutes <n>', 'how long to run', '60')
  .option('--agents <n>', 'simulated agents', '500')
  .option('--screens <n>', 'socket.io clients connected throughout', '50')
  .option('--every <sec>', 'seconds between samples (a row is printed per minute)', '5')
  .parse()
  .opts<Record<string, string>>();
const minutes = Number(o.minutes);
const agents = Number(o.agents);
const everyMs = Number(o.every) * 1000;

const sut = await startServerUnderTest({ name: 'soak', adminToken: TOKEN });
const { redisUrl, url } = sut;
const screens: Socket[] = [];
const sim = runSimulator({
  redisUrl,
  stream: DEFAULT_STREAM,
  agents,
  queues: 10,
  rate: defaultRate(agents),
  seed: 5,
  curve: 'flat',
  speed: 1,
  durationSec: minutes * 60,
});

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
  for (let i = 0; i < Number(o.screens); i++)
    screens.push(io(url, { auth: { token: TOKEN }, transports: ['websocket'] }));
  console.log(
    `soak: ${minutes} min, ${agents} agents (${defaultRate(agents).toFixed(1)} calls/min offered), ${screens.length} screens, sample every ${everyMs / 1000} s`,
  );
  console.log('min   rss MB   heap low MB   folded     lag s   sockets');
  const t0 = Date.now();
  let minute: typeof rows = [];
  for (let k = 0; Date.now() - t0 < minutes * 60_000; k++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (k + 1) * everyMs - Date.now())));
    const m = await metric([
      'floorboard_process_resident_memory_bytes',
      'floorboard_nodejs_heap_size_used_bytes',
      'floorboard_events_folded_total',
      'floorboard_ingest_lag_seconds',
      'floorboard_sockets{role="admin"}',
    ]);
    minute.push({
      min: (Date.now() - t0) / 60_000,
      rss: (m.floorboard_process_resident_memory_bytes ?? 0) / MB,
      heap: (m.floorboard_nodejs_heap_size_used_bytes ?? 0) / MB,
      folded: m.floorboard_events_folded_total ?? 0,
      lag: m.floorboard_ingest_lag_seconds ?? 0,
      sockets: m['floorboard_sockets{role="admin"}'] ?? 0,
    });
    if (Math.floor(minute.at(-1)!.min) === Math.floor(minute[0]!.min) && Date.now() - t0 < minutes * 60_000) continue;
    const row = { ...minute.at(-1)!, heap: Math.min(...minute.map((x) => x.heap)) };
    rows.push(row);
    minute = [];
    console.log(
      `${row.min.toFixed(1).padStart(4)}  ${row.rss.toFixed(1).padStart(7)}  ${row.heap.toFixed(1).padStart(12)}  ${String(row.folded).padStart(8)}  ${row.lag.toFixed(1).padStart(6)}  ${String(row.sockets).padStart(7)}`,
    );
  }
} finally {
  await sim.stop();
  for (const s of screens) s.close();
  await sut.stop();
}

const WARM_UP_MIN = 10;
const MAX_BYTES_PER_EVENT = 512;
const settled = rows.filter((r) => r.min >= WARM_UP_MIN);
if (settled.length < 3) {
  console.log(`soak: too short to judge (${settled.length} rows after the ${WARM_UP_MIN}-minute warm-up)`);
  process.exit(0);
}
const perEvent = slope(
  settled.map((r) => r.folded),
  settled.map((r) => r.heap * MB),
);
console.log(
  `heap lows after ${WARM_UP_MIN} min: ${settled[0]!.heap.toFixed(1)} → ${settled.at(-1)!.heap.toFixed(1)} MB over ` +
    `${(settled.at(-1)!.folded - settled[0]!.folded).toLocaleString('en')} events: ${perEvent.toFixed(0)} bytes per event (limit ${MAX_BYTES_PER_EVENT})`,
);
if (perEvent > MAX_BYTES_PER_EVENT) {
  console.log('soak: the heap grows faster than the state can explain');
  process.exit(1);
}
process.exit(0);

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i]! - mx) * (y[i]! - my);
    den += (x[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
