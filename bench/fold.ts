// Pure fold throughput, view cost and the state's memory: a simulated stretch of a large floor, folded in memory,
// no I/O.
import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig, type Config } from '../shared/config.ts';
import type { FloorEvent } from '../shared/events.ts';
import { createState, fold, view, type EngineState } from '../server/engine/index.ts';
import { newDedup } from '../server/engine/dedup.ts';
import { newEdgeLog } from '../server/engine/edge.ts';
import { newFacts } from '../server/engine/facts.ts';
import { newAgentLog } from '../server/engine/agent-log.ts';
import { newTimeline } from '../server/engine/timeline.ts';
import { serializeState, serializeStateInPieces } from '../server/engine/serialize.ts';
import { loopYielder } from '../server/loop-yield.ts';
import { LoopBlockMeter } from '../server/loop-block.ts';
import { percentile, mb, header } from './report.ts';

export async function benchFold(agents = 1000, queues = 20, hours = 8): Promise<void> {
  header(`fold: ${agents} agents, ${queues} queues, ${hours} simulated hours`);
  const start = Date.UTC(2026, 10, 27, 0, 0, 0);
  let events: FloorEvent[] = [
    ...simulate(
      { agents, queues, rate: defaultRate(agents), seed: 1, curve: 'flat', durationSec: hours * 3600, timezone: 'UTC' },
      start,
    ),
  ];
  const config = parseConfig({ timezone: 'UTC' });
  warmUp(events, config);

  // Three runs on fresh states (the machine is shared): the best and the median are printed; the last state stays.
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  let state = createState(config);
  let total = 0;
  for (let run = 0; run < 3; run++) {
    state = createState(config);
    const before = footprint();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (const e of events) fold(state, e);
    runs.push(performance.now() - t0);
    cpuRuns.push(cpuMs(process.cpuUsage(cpu)));
    total = footprint() - before;
  }
  const perSec = (ms: number) => Math.round(events.length / (ms / 1000)).toLocaleString('en');
  const sorted = [...runs].sort((a, b) => a - b);
  console.log(`events            ${events.length.toLocaleString('en')}`);
  console.log(
    `fold              best ${perSec(sorted[0]!)} events/s, median ${perSec(sorted[1]!)} events/s (${runs.map((ms) => ms.toFixed(0)).join(', ')} ms); ` +
      `per CPU second (the load of a shared machine counts less): best ${perSec(Math.min(...cpuRuns))}`,
  );
  console.log(
    `state memory      ${mb(total)} (JS heap + typed arrays), ${(total / agents / 1024).toFixed(1)} KB per agent${global.gc ? '' : ' (approximate: run with --expose-gc)'}`,
  );

  const now = events[events.length - 1]!.ts + 1000;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    view(state, now + i * 250);
    times.push(performance.now() - t);
  }
  console.log(
    `view (full tick)  p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
  );
  // A node holds its state, not the events it folded: with the bench's 600,000 events still on the heap, a major GC
  // inside a checkpoint stretch marks them too (324 ms of a stretch at 10,000 agents, against < 20 ms without).
  events = [];
  global.gc?.();
  await benchCheckpoint(state);
  benchOffShift(state, now);
  if (global.gc) console.log(`memory by part    ${breakdown(state)}`);
}

/** The checkpoint in one go (as before) and in pieces (what the node and the archive do), with the loop's longest block. */
async function benchCheckpoint(state: EngineState): Promise<void> {
  const meter = new LoopBlockMeter();
  // The sampler measures from its first tick after a reset: let it tick before each write.
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    meter.takeMaxSeconds();
    await new Promise((resolve) => setTimeout(resolve, 25));
  };
  await settle();
  {
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const whole = serializeState(state);
    const wholeMs = performance.now() - t1;
    const wholeCpuMs = cpuMs(process.cpuUsage(cpu1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blockWhole = meter.takeMaxSeconds();
    console.log(
      `checkpoint        ${mb(whole.length)} in one go: ${wholeMs.toFixed(0)} ms (${wholeCpuMs.toFixed(0)} ms CPU); floorboard_eventloop_block_seconds ${blockWhole.toFixed(3)}`,
    );
  }
  // The one-go bytes are garbage now, as a node's last checkpoint is once written: not left for the pieces' GCs.
  global.gc?.();
  // The node's way: pieces between turns of the loop; each stretch between two turns timed, in wall and CPU time
  // (on a shared machine the wall time of a stretch includes the time the OS gave the core to others).
  await settle();
  const yielder = loopYielder();
  const stretches: { wall: number; cpu: number }[] = [];
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const stretchEnds = () => stretches.push({ wall: performance.now() - wall, cpu: cpuMs(process.cpuUsage(cpu)) });
  const cpu2 = process.cpuUsage();
  const t2 = performance.now();
  const pieces = await serializeStateInPieces(state, () => {
    const wait = yielder();
    if (!wait) return undefined;
    stretchEnds();
    return wait.then(() => {
      wall = performance.now();
      cpu = process.cpuUsage();
    });
  });
  stretchEnds();
  const piecesMs = performance.now() - t2;
  const piecesCpuMs = cpuMs(process.cpuUsage(cpu2));
  await new Promise((resolve) => setTimeout(resolve, 50));
  const blockPieces = meter.takeMaxSeconds();
  meter.stop();
  const walls = stretches.map((s) => s.wall);
  const cpus = stretches.map((s) => s.cpu);
  console.log(
    `checkpoint        ${mb(pieces.length)} in pieces: ${piecesMs.toFixed(0)} ms start to end (${piecesCpuMs.toFixed(0)} ms CPU), ${stretches.length} stretches: ` +
      `wall p50 ${percentile(walls, 50).toFixed(1)} / p99 ${percentile(walls, 99).toFixed(1)} / max ${Math.max(...walls).toFixed(1)} ms, ` +
      `CPU p50 ${percentile(cpus, 50).toFixed(1)} / p99 ${percentile(cpus, 99).toFixed(1)} / max ${Math.max(...cpus).toFixed(1)} ms; ` +
      `floorboard_eventloop_block_seconds ${blockPieces.toFixed(3)}`,
  );
}

/**
 * The view after half the floor logged out (a shift's end) more than an hour ago, every row's windows read as a
 * snapshot reads them: the rows of agents logged out are kept from one view to the next (view/agent-rows.ts).
 */
function benchOffShift(state: EngineState, at: number): void {
  let n = 0;
  for (const id of [...state.agents.keys()])
    if (n++ % 2 === 0) fold(state, { id: `bench-logout-${id}`, type: 'agent.logout', ts: at, agentId: id });
  const later = at + 61 * 60_000;
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 30; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    JSON.stringify(view(state, later + i * 250).agents);
    walls.push(performance.now() - t);
    cpus.push(cpuMs(process.cpuUsage(cpu)));
  }
  console.log(
    `view, half logged out 61 min, all rows read: p50 ${percentile(walls, 50).toFixed(1)} ms wall, ${percentile(cpus, 50).toFixed(1)} ms CPU`,
  );
}

/** process.cpuUsage's difference in ms (user + system, all the process's threads: GC helpers included). */
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Warms the JIT on a throwaway state, so the measured run is the steady state; the state is garbage on return. */
function warmUp(events: FloorEvent[], config: Config): void {
  const warm = createState(config);
  for (let i = 0; i < Math.min(events.length, 200_000); i++) fold(warm, events[i]!);
}

/** JS heap plus typed arrays' backing stores (the minute tallies live there), after a full collection. */
function footprint(): number {
  // Twice: typed arrays' backing stores are released by the collection after the one that finds them unreachable.
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** What each part of the state holds: each is released in turn and the drop measured. Destroys the state. */
function breakdown(state: EngineState): string {
  const parts: [string, () => void][] = [
    ['call facts', () => (state.facts = newFacts())],
    // Emptied in place: the fold's write target still holds the log object itself.
    ["edge log (the last hour's counts)", () => Object.assign(state.edge, newEdgeLog())],
    ['event ids (dedup)', () => (state.dedup = newDedup())],
    ['finished calls', () => (state.finished = new Map())],
    ['calls in progress', () => (state.calls = new Map())],
    ['agent timelines', () => state.agents.forEach((a) => (a.timeline = newTimeline()))],
    ['agent counts', () => state.agents.forEach((a) => (a.log = newAgentLog()))],
    ['team series', () => (state.teams = new Map())],
    ['queue + centre series', () => (state.queues = new Map())],
    ['agent records', () => (state.agents = new Map())],
  ];
  const out: string[] = [];
  let last = footprint();
  for (const [name, release] of parts) {
    release();
    const now = footprint();
    out.push(`${name} ${mb(last - now)}`);
    last = now;
  }
  return out.join(', ');
}
