// End to end: XADD → server (a child process, as deployed) → socket.io clients (another child process) receiving
// an update whose cursor covers the entry. Events come from the simulator's model, written at a fixed rate.
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { simulate } from '../agent-sim/floor.ts';
import { buildRoster, inboundQueues } from '../agent-sim/roster.ts';
import { compareIds } from '../server/redis/ids.ts';
import { LANES_PROTOCOL } from '../shared/patch.ts';
import { DEFAULT_STREAM, entryFields } from '../shared/stream.ts';
import { header, mb, percentile } from './report.ts';
import { startServerUnderTest } from './server-under-test.ts';

const TOKEN = 'bench-admin-token-0123456789';

type Note = [cursor: string, at: number];
/** A screen of the crowd: the token it connects with, and what kind of screen it stands for. */
export interface Screen {
  token: string;
  kind: 'wall' | 'agent';
}

const QUEUES = 5;

interface CrowdReport {
  notes: { kind: Screen['kind']; notes: Note[] }[];
  updates: number;
  connected: number;
  /** CPU time of the crowd's process since all its clients had their snapshot, and the wall time since then. */
  cpuMs: number;
  wallMs: number;
}

export interface CrowdOptions {
  clients: number;
  /** Child processes the clients are spread over. */
  processes: number;
  /** Only the timed clients parse updates; the rest read the cursor alone (see clients.ts). */
  skim: boolean;
  /** Agents on the simulated floor. */
  floorAgents: number;
  /** Of the clients, how many are agents' own desktops (an agent token each: only that agent's row); the rest are
   *  wall screens (every queue and agent). */
  agentScreens: number;
  /** Every client asks for the two lanes (`patch`es: shared/patch.ts) instead of today's `update`s. */
  lanes: boolean;
}

export async function benchLatency(ratePerSec: number, seconds: number, o: CrowdOptions): Promise<void> {
  const { clients, processes, skim, floorAgents, agentScreens, lanes } = o;
  const EVENT = lanes ? 'patch' : 'update';
  const auth = (token: string) => ({ token, ...(lanes ? { lanes: LANES_PROTOCOL } : {}) });
  const agentIds = buildRoster(floorAgents, inboundQueues(QUEUES)).map((a) => a.id);
  if (agentScreens > Math.min(clients, agentIds.length)) {
    throw new Error(
      `--agent-screens ${agentScreens} needs as many clients and agents on the floor (--clients ${clients}, --agents ${floorAgents})`,
    );
  }
  header(
    `latency: XADD → socket.io update, ${ratePerSec} events/s for ${seconds} s, ${floorAgents} agents on the floor; ` +
      `${clients} clients (${clients - agentScreens} wall screens, ${agentScreens} agent desktops) in ${processes} other process(es)` +
      `${skim ? ', all but the timed ones skimming' : ''}; ${lanes ? 'two lanes (patch)' : "today's protocol (update)"}`,
  );
  const screens: Screen[] = Array.from({ length: clients }, (_, i) =>
    i < agentScreens ? { token: `bench-agent-token-${agentIds[i]}`, kind: 'agent' } : { token: TOKEN, kind: 'wall' },
  );
  const tokens = screens
    .filter((c) => c.kind === 'agent')
    .map((c, i) => ({ token: c.token, role: 'agent', agentId: agentIds[i] }));
  const sut = await startServerUnderTest({
    name: 'bench',
    adminToken: TOKEN,
    config: (dir) => {
      const configPath = path.join(dir, 'floorboard.json');
      writeFileSync(configPath, JSON.stringify({ timezone: 'UTC', tokens }));
      return configPath;
    },
  });
  const { dir, redisUrl, port, server } = sut;
  const redis = new Redis(redisUrl, { protocol: 2 });
  const probe = io(`http://127.0.0.1:${port}`, {
    auth: auth(TOKEN),
    transports: ['websocket'],
    reconnectionDelay: 200,
  });
  // What one agent's desktop receives, when the crowd has any: its messages are counted, not timed.
  const desk =
    agentScreens > 0
      ? io(`http://127.0.0.1:${port}`, { auth: auth(screens[0]!.token), transports: ['websocket'] })
      : null;
  // Every process gets every processes-th screen, so each holds the same mix of kinds.
  const crowds = Array.from({ length: processes }, (_, k) => {
    const file = path.join(dir, `screens-${k}.json`);
    writeFileSync(file, JSON.stringify(screens.filter((_, i) => i % processes === k)));
    return fork(
      'bench/clients.ts',
      [`http://127.0.0.1:${port}`, file, skim ? 'skim' : 'parse', lanes ? 'lanes' : 'updates'],
      {
        execArgv: ['--import', 'tsx'],
      },
    );
  });
  try {
    await new Promise<void>((resolve) => probe.once('snapshot', () => resolve()));
    await Promise.all(crowds.map((crowd) => new Promise<void>((resolve) => crowd.once('message', () => resolve()))));
    const serverCpuBefore = cpuTicks(server.pid!);
    const ticksBefore = await tickTimes(port);
    const sent: { id: string; at: number }[] = [];
    // One more client in this process: it tells when the writer may stop waiting, and its own figures show what
    // the server delivers when the receiving side is not saturated by the crowd.
    let next = 0;
    const probeLatencies: number[] = [];
    let updateBytes = 0;
    let probeUpdates = 0;
    let deskBytes = 0;
    let deskMessages = 0;
    desk?.on(EVENT, (u: unknown) => {
      deskMessages++;
      deskBytes += JSON.stringify(u).length;
    });
    probe.on(EVENT, (u: { cursor: string }) => {
      const now = Date.now();
      probeUpdates++;
      updateBytes += JSON.stringify(u).length;
      while (next < sent.length && compareIds(sent[next]!.id, u.cursor) <= 0)
        probeLatencies.push(now - sent[next++]!.at);
    });

    const events = simulate({ agents: floorAgents, queues: QUEUES, rate: 40, seed: 3, curve: 'flat' }, Date.now());
    const total = ratePerSec * seconds;
    const t0 = performance.now();
    const batch = Math.max(1, Math.round(ratePerSec / 100)); // one pipeline every 10 ms
    for (let i = 0; i < total; i += batch) {
      const due = t0 + (i / ratePerSec) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const p = redis.pipeline();
      for (let k = 0; k < batch; k++)
        p.xadd(DEFAULT_STREAM, '*', ...entryFields({ ...events.next().value!, ts: Date.now() }));
      const at = Date.now();
      const res = (await p.exec()) ?? [];
      for (const [, id] of res) sent.push({ id: id as string, at });
    }
    const deadline = performance.now() + 10_000;
    while (next < sent.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const serverCpuMs = (cpuTicks(server.pid!) - serverCpuBefore) * 10;
    const runMs = performance.now() - t0;
    const rss = serverRss(server.pid!);
    const ticksAfter = await tickTimes(port);
    const ticks = ticksAfter.count - ticksBefore.count;
    const tickMs = (ticksAfter.totalMs - ticksBefore.totalMs) / Math.max(1, ticks);
    // A saturated crowd may still be far behind when it reports: what its timed clients never saw is counted apart.
    const reports = await Promise.all(
      crowds.map((crowd) => {
        crowd.send({ kind: 'report' });
        return new Promise<CrowdReport>((resolve) =>
          crowd.on('message', (m: { kind: string }) => m.kind === 'report' && resolve(m as never)),
        );
      }),
    );
    const notes = reports.flatMap((r) => r.notes);
    const latencies = notes.flatMap((n) => creditLatencies(sent, n.notes));
    const latenciesOf = (kind: Screen['kind']) =>
      notes.filter((n) => n.kind === kind).flatMap((n) => creditLatencies(sent, n.notes));
    const connected = reports.reduce((sum, r) => sum + r.connected, 0);
    const updates = reports.reduce((sum, r) => sum + r.updates, 0);
    const missed = notes.length * sent.length - latencies.length;
    console.log(
      `entries           ${sent.length}; ${connected} clients got ${updates.toLocaleString('en')} updates; ${latencies.length.toLocaleString('en')} receipts timed (every 20th client)${missed ? `; ${missed.toLocaleString('en')} entries never reached a timed client` : ''}`,
    );
    console.log(
      `latency           p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.reduce((a, b) => Math.max(a, b), 0).toFixed(0)} ms`,
    );
    for (const kind of ['wall', 'agent'] as const) {
      const of = latenciesOf(kind);
      if (of.length && agentScreens > 0)
        console.log(
          `  ${kind.padEnd(16)}p50 ${percentile(of, 50).toFixed(0)} ms, p99 ${percentile(of, 99).toFixed(0)} ms (${of.length.toLocaleString('en')} receipts)`,
        );
    }
    console.log(
      `probe client      p50 ${percentile(probeLatencies, 50).toFixed(0)} ms, p99 ${percentile(probeLatencies, 99).toFixed(0)} ms (one client in the writer's process); ${probeUpdates} ${EVENT}s of ${(updateBytes / Math.max(1, probeUpdates) / 1024).toFixed(1)} KB on average`,
    );
    console.log(
      `bytes per screen  ${(updateBytes / (runMs / 1000) / 1024).toFixed(1)} KB/s to a wall screen (the probe: every queue and agent), JSON as on the wire`,
    );
    if (desk)
      console.log(
        `agent desktop     ${deskMessages} messages of ${(deskBytes / Math.max(1, deskMessages) / 1024).toFixed(1)} KB on average (the shared part, and its own when it changed)`,
      );
    if (!lanes)
      console.log(
        `                  (under a steady feed updates go out every 250 ms, the contract's limit: ~125 ms is the floor of p50, 250 ms of p99)`,
      );
    console.log(
      `server            CPU ${pct(serverCpuMs, runMs)} of one core while writing and draining; RSS ${rss === null ? 'n/a' : mb(rss)}`,
    );
    console.log(
      `                  ${ticks} ticks sent updates, ${tickMs.toFixed(1)} ms each on average (view, alerts, rounding, writing to every socket)`,
    );
    for (const [k, r] of reports.entries()) {
      console.log(
        `clients ${String(k + 1).padEnd(10)}${r.connected} sockets, CPU ${pct(r.cpuMs, r.wallMs)} of one core from ready to report`,
      );
    }
  } finally {
    probe.close();
    desk?.close();
    for (const crowd of crowds) crowd.kill();
    redis.disconnect();
    await sut.stop();
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

const pct = (cpuMs: number, wallMs: number) => `${((100 * cpuMs) / Math.max(1, wallMs)).toFixed(0)} %`;

/** utime + stime of a process, in the kernel's clock ticks (USER_HZ, 100 per second on Linux). */
function cpuTicks(pid: number): number {
  try {
    // The command name in parentheses may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return Number.NaN;
  }
}

/** How many ticks sent updates, and their total duration, by the server's own /metrics (open to loopback). */
async function tickTimes(port: number): Promise<{ count: number; totalMs: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const read = (name: string) =>
    Number(new RegExp(`^floorboard_tick_duration_seconds_${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { count: read('count'), totalMs: 1000 * read('sum') };
}

function serverRss(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null;
  }
}
