// Pure fold throughput and view cost: a simulated day of a large floor, folded in memory, no I/O.
import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig } from '../shared/config.ts';
import type { FloorEvent } from '../shared/events.ts';
import { createState, fold, view } from '../server/engine/index.ts';
import { percentile, mb, header } from './report.ts';

export function benchFold(agents = 1000, queues = 20, hours = 8): void {
  header(`fold: ${agents} agents, ${queues} queues, ${hours} simulated hours`);
  const start = Date.UTC(2026, 10, 27, 0, 0, 0);
  const events: FloorEvent[] = [
    ...simulate({ agents, queues, rate: defaultRate(agents), seed: 1, curve: 'flat', durationSec: hours * 3600, timezone: 'UTC' }, start),
  ];
  const config = parseConfig({ timezone: 'UTC' });
  // Warm the JIT on a throwaway state so the measured run is the steady state.
  const warm = createState(config);
  for (let i = 0; i < Math.min(events.length, 200_000); i++) fold(warm, events[i]!);

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const state = createState(config);
  const t0 = performance.now();
  for (const e of events) fold(state, e);
  const ms = performance.now() - t0;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`events            ${events.length.toLocaleString('en')}`);
  console.log(`fold              ${Math.round(events.length / (ms / 1000)).toLocaleString('en')} events/s (${ms.toFixed(0)} ms)`);
  console.log(`state heap        ${mb(heapAfter - heapBefore)}${global.gc ? '' : ' (approximate: run with --expose-gc)'}`);

  const now = events[events.length - 1]!.ts + 1000;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    view(state, now + i * 250);
    times.push(performance.now() - t);
  }
  console.log(`view (full tick)  p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
}
