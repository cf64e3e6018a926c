// The demo's past: whole local days of the simulated floor, folded by the same engine and written straight to the
// database, so the reports have content on first start. Seeded and aligned to local midnight: the same days give
// the same rows.
import { simulate } from '../../agent-sim/floor.ts';
import { defaultRate } from '../../agent-sim/options.ts';
import type { Config } from '../../shared/config.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { DayClock } from '../../shared/time.ts';
import { intervalStarts } from '../engine/interval-rows.ts';
import { historyProgress } from './progress.ts';
import type { ArrivedEvent } from './recorder.ts';
import { recordEvents } from './replay.ts';
import type { HistoryStore } from './store.ts';

export interface DemoHistoryOptions {
  days: number;
  /** History ends here (the live stream takes over); default now. */
  until?: number;
  agents: number;
  queues: number;
  seed: number;
  progress?: boolean;
  signal?: AbortSignal;
}

/** Where the demo's past begins: local midnight `days` days before `until`. */
function demoHistoryStart(config: Config, days: number, until: number): number {
  const clock = new DayClock(config.timezone);
  let start = clock.dayStart(until);
  for (let d = 0; d < days; d++) start = clock.dayStart(start - 1);
  return start;
}

/** Writes [local midnight `days` days before `until`, until); returns the intervals written. */
export async function fillDemoHistory(store: HistoryStore, config: Config, o: DemoHistoryOptions): Promise<number> {
  const clock = new DayClock(config.timezone);
  const until = o.until ?? Date.now();
  const start = demoHistoryStart(config, o.days, until);
  const total = intervalStarts(clock, start, until).length;
  const bar = o.progress ? historyProgress(`history: ${o.days} days`, total) : null;
  const events = simulate(
    {
      agents: o.agents,
      queues: o.queues,
      rate: defaultRate(o.agents),
      seed: o.seed,
      curve: 'intraday',
      timezone: config.timezone,
      durationSec: (until - start) / 1000,
    },
    start,
  );
  try {
    return (
      await recordEvents(store, config, arrivedAsStamped(events), {
        until,
        onWritten: (_i, n) => bar?.update(n),
        ...(o.signal ? { signal: o.signal } : {}),
      })
    ).length;
  } finally {
    bar?.stop();
  }
}

/** The simulator's events were never in a stream: each arrives at the instant it is stamped. */
function* arrivedAsStamped(events: Iterable<FloorEvent>): Generator<ArrivedEvent> {
  for (const event of events) yield { event, arrivalMs: event.ts };
}
