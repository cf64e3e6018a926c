// Replay (CONTRACT §9): a simulated stretch of a large floor written to a stream, archived to PostgreSQL with its
// checkpoints, then seeks to moments across it (checkpoint + fold forward + view) and replay playing an hour at a
// time, as the socket's 3600× does. Private Redis and PostgreSQL in temporary directories (DATABASE_URL: that one).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { Principal } from '../server/auth/principals.ts';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig, type Config } from '../shared/config.ts';
import { entryFields } from '../shared/stream.ts';
import { DayClock } from '../shared/time.ts';
import { Archiver } from '../server/archive/archiver.ts';
import { ArchiveStore } from '../server/archive/store.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { createPool, migrate } from '../server/db/pool.ts';
import { startEmbeddedRedis } from '../server/redis/embedded.ts';
import { foldForward, pastSnapshot, seek } from '../server/replay/seek.ts';
import { Seeker } from '../server/replay/seeker.ts';
import { SeekWorker } from '../server/replay/seek-worker.ts';
import { LoopBlockMeter } from '../server/loop-block.ts';
import { header, mb, percentile } from './report.ts';

const QUARTER = 900_000;
/** Sees the whole floor: the snapshot unscoped. */
const ADMIN: Principal = { role: 'admin', name: 'bench' };

export async function benchReplay(agents = 1000, queues = 20, hours = 8): Promise<void> {
  header(`replay: ${agents} agents, ${queues} queues, ${hours} simulated hours`);
  const log = pino({ level: 'warn' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-bench-replay-'));
  // The private PostgreSQL runs as the postgres user under root: it must be able to enter the directory.
  await chmod(dir, 0o755);
  const pg = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(dir, log);
  const redisServer = await startEmbeddedRedis(dir, log);
  const redis = new Redis(redisServer.url, { protocol: 2 });
  const url = process.env.DATABASE_URL ?? pg!.url;
  await migrate(url, log);
  const config = parseConfig({ timezone: 'UTC' });
  const store = new ArchiveStore(createPool(url, log), new DayClock(config.timezone));
  await store.pool.query('TRUNCATE event_archive, archive_checkpoints, archive_unclean');
  try {
    // Stamped in the last hours: a node admits events up to 48 h older than their arrival.
    const start = Math.floor((Date.now() - hours * 3_600_000) / QUARTER) * QUARTER;
    const events = [
      ...simulate(
        {
          agents,
          queues,
          rate: defaultRate(agents),
          seed: 1,
          curve: 'flat',
          durationSec: hours * 3600,
          timezone: 'UTC',
        },
        start,
      ),
    ];
    const stream = 'bench:replay';
    for (let i = 0; i < events.length; i += 5000) {
      const pipeline = redis.pipeline();
      for (const e of events.slice(i, i + 5000)) pipeline.xadd(stream, '*', ...entryFields(e));
      await pipeline.exec();
    }
    console.log(`events            ${events.length.toLocaleString('en')}`);

    const archiver = new Archiver({ store, config, redis, stream, leader: () => true, log });
    const t0 = performance.now();
    while (archiver.stats.appended < events.length) {
      const before = archiver.stats.appended + archiver.stats.checkpoints;
      await archiver.tick();
      if (archiver.stats.appended + archiver.stats.checkpoints === before) break;
    }
    const appendMs = performance.now() - t0;
    const quarters = Math.floor((events.at(-1)!.ts - start) / QUARTER);
    const t1 = performance.now();
    for (let round = 0; round < 1000 && archiver.stats.checkpoints < quarters; round++) await archiver.tick();
    const cpMs = performance.now() - t1;
    const size = await store.pool.query<{ n: number; avg: number; total: number }>(
      'SELECT count(*)::int AS n, avg(length(state))::float8 AS avg, sum(length(state))::float8 AS total FROM archive_checkpoints',
    );
    const table = await store.pool.query<{ bytes: number }>(
      "SELECT sum(pg_total_relation_size(inhrelid))::float8 AS bytes FROM pg_inherits WHERE inhparent = 'event_archive'::regclass",
    );
    console.log(
      `archive           ${Math.round(events.length / (appendMs / 1000)).toLocaleString('en')} entries/s appended (with the checkpoints built meanwhile); ${mb(table.rows[0]!.bytes)} on disk, ${(table.rows[0]!.bytes / events.length).toFixed(0)} B an entry`,
    );
    console.log(
      `checkpoints       ${size.rows[0]!.n} (one per quarter), ${mb(size.rows[0]!.avg)} each gzipped (${mb(size.rows[0]!.total)} in all); the rest built in ${(cpMs / 1000).toFixed(1)} s`,
    );

    // Seeks at moments spread over the stretch (a fixed pseudo-random sequence: the same moments every run).
    const span = events.at(-1)!.ts - start;
    const seeks: number[] = [];
    const parts = { load: [] as number[], fold: [] as number[], view: [] as number[] };
    const moments = Array.from({ length: 20 }, (_, i) => start + Math.floor((((i + 1) * 0.618034) % 1) * span));
    const snapshots: string[] = [];
    const meter = new LoopBlockMeter();
    const blocked: number[] = [];
    let folded = 0;
    for (const at of moments) {
      meter.takeMaxSeconds();
      const t = performance.now();
      // seek() in its two steps, timed apart: the checkpoint, then the events after it.
      const checkpoint = (await store.checkpointAtOrBefore(at))!;
      const position = { state: (await store.checkpointState(checkpoint, config.timezone))!, at: checkpoint };
      const tLoad = performance.now();
      folded = Math.max(folded, (await foldForward(store, config, position, at)).folded);
      const tFold = performance.now();
      const snapshot = pastSnapshot(position.state, at);
      const tView = performance.now();
      blocked.push(meter.takeMaxSeconds() * 1000);
      snapshots.push(JSON.stringify(snapshot));
      seeks.push(tView - t);
      parts.load.push(tLoad - t);
      parts.fold.push(tFold - tLoad);
      parts.view.push(tView - tFold);
    }
    const p50 = (v: number[]) => percentile(v, 50).toFixed(0);
    console.log(
      `seek ?at=         p50 ${p50(seeks)} ms, p95 ${percentile(seeks, 95).toFixed(0)} ms, max ${Math.max(...seeks).toFixed(0)} ms (20 moments; at most ${folded.toLocaleString('en')} events folded after the checkpoint)`,
    );
    console.log(
      `  of which (p50)  checkpoint read + gunzip + deserialise ${p50(parts.load)} ms, archive read + fold ${p50(parts.fold)} ms, view ${p50(parts.view)} ms`,
    );
    console.log(`  the live loop held (on the loop) p50 ${p50(blocked)} ms, max ${Math.max(...blocked).toFixed(0)} ms`);
    await benchThread(url, config, moments, snapshots, meter, log);
    meter.stop();
    await benchEncoding(store);
    await benchScrub(store, config, start + Math.floor(span * 0.55));
    const tFull = performance.now();
    const mid = start + Math.floor(span / 2);
    const position = { state: (await seek(store, config, start)).state, at: start };
    await foldForward(store, config, position, mid);
    console.log(
      `without checkpoints: ${((performance.now() - tFull) / 1000).toFixed(1)} s to fold from the start to the middle`,
    );

    // Replay: an hour of the past per step (3600× with a picture a second), each step a fold and a view.
    // Whole hours only: a step cut short by the end of the stretch says nothing of the rate.
    const steps: number[] = [];
    for (let h = 1; mid + h * 3_600_000 <= events.at(-1)!.ts && h <= 3; h++) {
      const t = performance.now();
      await foldForward(store, config, position, mid + h * 3_600_000);
      pastSnapshot(position.state, position.at!);
      steps.push(performance.now() - t);
    }
    const [best, worst] = [Math.min(...steps), Math.max(...steps)];
    console.log(
      `replay            an hour of the floor folded and viewed in ${steps.map((ms) => ms.toFixed(0)).join(', ')} ms: ${Math.round(3_600_000 / worst)}×–${Math.round(3_600_000 / best)}× real time`,
    );
  } finally {
    await store.pool.end();
    redis.disconnect();
    await redisServer.stop();
    await pg?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The replay bar scrubbing forward: 20 moments 30 s apart from `from` (ten minutes, so at most one quarter's
 * checkpoint crossed), each sought and viewed as the HTTP route does, from the checkpoint every time (seek) and by
 * a node's Seeker folding on from the last moment; the same moments in the same run, and the same snapshots.
 */
async function benchScrub(store: ArchiveStore, config: Config, from: number): Promise<void> {
  const moments = Array.from({ length: 20 }, (_, i) => from + i * 30_000);
  const cold: number[] = [];
  const warm: number[] = [];
  const seeker = new Seeker(store, config);
  for (const at of moments) {
    const t = performance.now();
    const a = JSON.stringify(pastSnapshot((await seek(store, config, at)).state, at));
    const t1 = performance.now();
    const position = await seeker.seek(at);
    const b = JSON.stringify(pastSnapshot(position.state, at));
    seeker.keep(position);
    warm.push(performance.now() - t1);
    cold.push(t1 - t);
    if (a !== b) throw new Error(`scrub: the kept position's snapshot at ${at} differs from the seek's`);
  }
  const p50 = (v: number[]) => percentile(v, 50);
  console.log(
    `scrub (20 moments 30 s apart, snapshot serialised): from the checkpoint p50 ${p50(cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms; folding on (Seeker) p50 ${p50(warm).toFixed(0)} ms, max ${Math.max(...warm).toFixed(0)} ms: ${(p50(cold) / p50(warm)).toFixed(0)}× faster at p50, snapshots equal`,
  );
}

/**
 * The same moments through a node's seek thread (server/replay/seek-thread.ts), twice: first with nothing kept
 * (cold: each checkpoint read, gunzipped and decoded), then again (the checkpoints kept in the thread's cache); the
 * answers checked equal to the seeks on the loop, and how long the loop was held meanwhile.
 */
/** No rules and no bulletins: the thread's picture is then the figures alone, as the loop's seeks give them. */
const NOTHING_ELSE = { rules: [], bulletins: [] };

async function benchThread(
  url: string,
  config: Config,
  moments: number[],
  expected: string[],
  meter: LoopBlockMeter,
  log: Logger,
): Promise<void> {
  const seeks = new SeekWorker({ databaseUrl: url, config, log, timeoutMs: 600_000 });
  try {
    // The thread loads its modules once, at the node's start: not a seek's time.
    await seeks.seek(moments[0]! - 1, ADMIN, NOTHING_ELSE);
    for (const pass of ['cold', 'checkpoints kept']) {
      const times: number[] = [];
      const blocked: number[] = [];
      for (const [i, at] of moments.entries()) {
        meter.takeMaxSeconds();
        const t = performance.now();
        const json = await seeks.seek(at, ADMIN, NOTHING_ELSE);
        times.push(performance.now() - t);
        blocked.push(meter.takeMaxSeconds() * 1000);
        if (json !== expected[i]) throw new Error(`seek thread: the snapshot at ${at} differs`);
      }
      console.log(
        `seek thread (${pass})  p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms; the live loop held p50 ${percentile(blocked, 50).toFixed(0)} ms, max ${Math.max(...blocked).toFixed(0)} ms; snapshots equal`,
      );
    }
  } finally {
    await seeks.stop();
  }
}

/** The latest checkpoint's bytes gzipped at level 1 (before) and 6 (now): size, and the time to gunzip and to write. */
async function benchEncoding(store: ArchiveStore): Promise<void> {
  const r = await store.pool.query<{ state: Buffer }>(
    'SELECT state FROM archive_checkpoints ORDER BY at_ms DESC LIMIT 1',
  );
  const raw = gunzipSync(r.rows[0]!.state);
  const median = (f: () => unknown) => {
    const ms = [0, 1, 2].map(() => {
      const t = performance.now();
      f();
      return performance.now() - t;
    });
    return percentile(ms, 50).toFixed(0);
  };
  for (const level of [1, 6]) {
    const zipped = gzipSync(raw, { level });
    console.log(
      `checkpoint gzip ${level}   ${mb(zipped.length)} of ${mb(raw.length)}; gunzip ${median(() => gunzipSync(zipped))} ms, gzip ${median(() => gzipSync(raw, { level }))} ms (median of 3)`,
    );
  }
}
