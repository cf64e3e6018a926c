// Runs the floor model against a Redis stream: paced to the wall clock (optionally compressed by `speed`) or,
// with `fast`, as fast as Redis takes it. Used by the CLI and, in-process, by the demo launcher.
import { Redis } from 'ioredis';
import type { FloorEvent } from '../shared/events.ts';
import { entryFields } from '../shared/stream.ts';
import { Floor } from './floor.ts';
import { checkSimOptions, type SimOptions } from './options.ts';

export interface RunSimulatorOptions extends SimOptions {
  redisUrl: string;
  stream: string;
  /** Time compression when paced: with 10, a 4-minute call lasts 24 real seconds. Ignored with `fast`. */
  speed: number;
  /** No pacing: write as fast as possible, stamped with simulated time from `startTs`. */
  fast?: boolean;
  /** Where simulated time starts (ms); default now. When paced, events are still stamped with real time. */
  startTs?: number;
  /**
   * Paced runs only: begin this many simulated seconds in the past. That history is written at once, stamped as if it
   * had happened, and pacing then carries on in real time, so a fresh wallboard has a morning's numbers at once.
   */
  historySec?: number;
  /** Called about once a second, and once more at the end. */
  onProgress?: (progress: SimProgress) => void;
}

export interface SimProgress {
  written: number;
  /** The simulated clock, ms since the epoch. */
  simTs: number;
  simElapsedSec: number;
  /** Entries written per wall-clock second since the previous report. */
  eventsPerSec: number;
  waiting: number;
  busyAgents: number;
  auxAgents: number;
  agents: number;
}

export interface SimulatorRun {
  /** Stops after writing what is already batched; resolves when the connection is closed. */
  stop(): Promise<void>;
  /** Settles when the run ends (duration reached or stopped); rejects when Redis fails. */
  done: Promise<{ written: number }>;
}

const FLUSH_EVERY_MS = 100;
const FLUSH_EVERY_EVENTS = 500;
const PROGRESS_EVERY_MS = 1000;
/** How long stop() lets the last batch take to reach Redis before it drops the connection. */
const STOP_GRACE_MS = 2_000;
// The longest the pacing loop sleeps at once, so progress and stop() stay responsive on a quiet floor.
const MAX_NAP_MS = 250;

export function runSimulator(opts: RunSimulatorOptions): SimulatorRun {
  const problem = checkSimOptions(opts);
  if (problem) throw new RangeError(problem);
  if (!opts.fast && !(Number.isFinite(opts.speed) && opts.speed > 0))
    throw new RangeError(`speed must be a positive number (got ${opts.speed})`);
  if (!opts.stream) throw new RangeError('stream must be a non-empty stream name');
  if (opts.historySec !== undefined && !(Number.isFinite(opts.historySec) && opts.historySec >= 0))
    throw new RangeError(`history must be a number of seconds ≥ 0 (got ${opts.historySec})`);

  const realStart = Date.now();
  // The wall-clock instant simulated time starts at: now, or earlier by the history to catch up on.
  const realZero = realStart - Math.round(((opts.fast ? 0 : (opts.historySec ?? 0)) * 1000) / opts.speed);
  const simStart = opts.startTs ?? realZero;
  const floor = new Floor(opts, simStart);
  const redis = new Redis(opts.redisUrl, {
    protocol: 2,
    lazyConnect: true,
    // Give up after about 15 s of failed reconnects, so a dead Redis ends the run with an error instead of a hang.
    retryStrategy: (times) => (times > 10 ? null : Math.min(times * 200, 2000)),
  });
  let lastRedisError: Error | undefined;
  redis.on('error', (err: Error) => (lastRedisError = err));

  let stopping = false;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  // Paced runs map simulated time onto the wall clock; fast runs keep simulated time as it is.
  const stamp = (simTs: number) => (opts.fast ? simTs : realZero + Math.floor((simTs - simStart) / opts.speed));
  const restamp = (ev: FloorEvent): FloorEvent => {
    if (opts.fast) return ev;
    const ts = stamp(ev.ts);
    return ev.type === 'callback.requested' && ev.dueTs !== undefined
      ? { ...ev, ts, dueTs: stamp(ev.dueTs) }
      : { ...ev, ts };
  };

  let written = 0;
  let pipeline = redis.pipeline();
  let batched = 0;
  let batchOpenedAt = 0;
  const flush = async () => {
    if (batched === 0) return;
    const p = pipeline;
    const n = batched;
    pipeline = redis.pipeline();
    batched = 0;
    const results = (await p.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw new Error(`XADD to ${opts.stream} failed: ${failed[0]!.message}`);
    written += n;
  };

  let lastReportAt = realStart;
  let lastReportWritten = 0;
  const report = (now: number, simTs: number) => {
    if (!opts.onProgress) return;
    const stats = floor.stats();
    const wallSec = Math.max(0.001, (now - lastReportAt) / 1000);
    opts.onProgress({
      written,
      simTs,
      simElapsedSec: (simTs - simStart) / 1000,
      eventsPerSec: (written - lastReportWritten) / wallSec,
      waiting: stats.waiting,
      busyAgents: stats.busyAgents,
      auxAgents: stats.auxAgents,
      agents: stats.agents,
    });
    lastReportAt = now;
    lastReportWritten = written;
  };
  const simEnd = simStart + (opts.durationSec ?? Number.POSITIVE_INFINITY) * 1000;
  const simClock = (now: number) =>
    opts.fast ? floor.stats().simTs : Math.min(simStart + (now - realZero) * opts.speed, simEnd);

  const pump = async () => {
    for (const ev of floor.events()) {
      if (!opts.fast) {
        const due = stamp(ev.ts);
        for (let now = Date.now(); now < due && !stopping; now = Date.now()) {
          await flush();
          if (now - lastReportAt >= PROGRESS_EVERY_MS) report(now, simClock(now));
          await nap(Math.min(due - now, MAX_NAP_MS));
        }
      }
      if (stopping) break;
      if (batched === 0) batchOpenedAt = Date.now();
      pipeline.xadd(opts.stream, '*', ...entryFields(restamp(ev)));
      batched++;
      const now = Date.now();
      if (batched >= FLUSH_EVERY_EVENTS || now - batchOpenedAt >= FLUSH_EVERY_MS) await flush();
      if (now - lastReportAt >= PROGRESS_EVERY_MS) report(now, simClock(now));
    }
    await flush();
    const now = Date.now();
    report(now, !stopping && Number.isFinite(simEnd) ? simEnd : simClock(now));
  };

  const done = (async () => {
    try {
      try {
        await redis.connect();
      } catch (err) {
        throw new Error(`cannot connect to Redis at ${opts.redisUrl}: ${(err as Error).message}`);
      }
      await pump();
      return { written };
    } catch (err) {
      const cause = lastRedisError && lastRedisError !== err ? ` (${lastRedisError.message})` : '';
      throw new Error(`${(err as Error).message}${cause}`);
    } finally {
      redis.disconnect();
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      // The last batch gets a moment to land. With Redis gone it would wait through every reconnect attempt, and
      // ioredis does not fail the commands it holds when disconnected mid-reconnect: the run is then left behind.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
      await Promise.race([done.catch(() => undefined), grace]);
      clearTimeout(timer);
      redis.disconnect();
    },
    done,
  };
}
