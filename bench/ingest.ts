// Ingest from Redis: the same stream drained by a bare ioredis XREADGROUP + XACK loop (the ceiling: no decoding,
// no folding) and by Floorboard's StreamConsumer folding into the engine, as a node does when it rebuilds its
// state from the stream on start without a checkpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig } from '../shared/config.ts';
import { entryFields } from '../shared/stream.ts';
import { createState } from '../server/engine/index.ts';
import { StreamConsumer } from '../server/ingest/consumer.ts';
import { parseReadReply } from '../server/ingest/entries.ts';
import { foldLimits } from '../server/engine/index.ts';
import { LiveModel } from '../server/live.ts';
import { freePort, stopProcess } from '../server/child.ts';
import { launchRedisServer } from '../server/redis/process.ts';
import { header, mb } from './report.ts';

const STREAM = 'bench:events';
const BATCH = 500;

export async function benchIngest(events = 200_000, agents = 1000, rounds = 3): Promise<void> {
  header(`ingest: ${events.toLocaleString('en')} events from a Redis stream, ${agents} agents, ${rounds} rounds`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'floorboard-bench-'));
  const port = await freePort();
  const child = await launchRedisServer({ bin: '/usr/bin/redis-server', port, dir, appendonly: false });
  const url = `redis://127.0.0.1:${port}`;
  const redis = new Redis(url, { protocol: 2 });
  try {
    const t = performance.now();
    const last = await fill(redis, events, agents);
    console.log(`write             ${rate(events, performance.now() - t)} (pipelined XADD, to set up)`);

    // The machine is shared: the two drains alternate, each on its own consumer group, and the rounds are compared.
    const bare: number[] = [];
    const ours: number[] = [];
    let live: LiveModel | null = null;
    let heapAfter = 0;
    for (let round = 1; round <= rounds; round++) {
      bare.push(await timed(() => bareDrain(redis, `bare-${round}`)));
      live = null;
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const model = new LiveModel(createState(BENCH_CONFIG), foldLimits(BENCH_CONFIG));
      ours.push(await timed(() => consume(url, `floorboard-${round}`, model, last)));
      global.gc?.();
      heapAfter = process.memoryUsage().heapUsed - heapBefore;
      live = model;
      console.log(
        `round ${round}           bare ${rate(events, bare.at(-1)!)}; floorboard ${rate(events, ours.at(-1)!)} = ${pct(bare.at(-1)!, ours.at(-1)!)} of the bare drain`,
      );
    }
    const bareBest = Math.min(...bare);
    const oursBest = Math.min(...ours);
    console.log(`bare drain        best ${rate(events, bareBest)} (XREADGROUP COUNT ${BATCH} + XACK, nothing decoded)`);
    console.log(
      `floorboard ingest best ${rate(events, oursBest)} (decode, validate, fold, ack) = ${pct(bareBest, oursBest)} of the best bare drain; median of the rounds' ratios ${median(bare.map((b, i) => b / ours[i]!)).toLocaleString('en', { style: 'percent' })}`,
    );
    console.log(
      `rebuild           ${(oursBest / 1000).toFixed(1)} s for ${events.toLocaleString('en')} events (a start without checkpoint), ≈ ${(((oursBest / events) * 1_000_000) / 1000).toFixed(1)} s per million`,
    );
    console.log(`state heap        ${mb(heapAfter)}${global.gc ? '' : ' (approximate: run with --expose-gc)'}`);
    console.log(
      `folded            ${live!.state.stats.folded.toLocaleString('en')}, duplicates ${live!.state.stats.duplicates}, anomalies ${live!.state.stats.anomalies}`,
    );
  } finally {
    redis.disconnect();
    await stopProcess(child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Floorboard's consumer on its own group, from the start of the stream until the last entry is folded. */
async function consume(url: string, group: string, live: LiveModel, last: string): Promise<void> {
  const consumer = new StreamConsumer({
    redisUrl: url,
    stream: STREAM,
    group,
    consumer: 'bench',
    sink: { fold: (id, e) => live.fold(id, e), dead: (id) => live.skip(id), batchDone: () => undefined },
    log: pino({ level: 'warn' }),
    startAfter: null,
  });
  await consumer.start();
  while (live.state.cursor !== last) await new Promise((r) => setTimeout(r, 5));
  await consumer.stop();
}

async function timed(run: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await run();
  return performance.now() - t;
}

const pct = (bareMs: number, oursMs: number) => `${((bareMs / oursMs) * 100).toFixed(0)} %`;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// The simulated day is a fixed one in the past: a retention long enough that the fold accepts it as it arrives.
const BENCH_CONFIG = parseConfig({ timezone: 'UTC', retention: { streamHours: 10 * 365 * 24 } });

async function fill(redis: Redis, events: number, agents: number): Promise<string> {
  const source = simulate(
    { agents, queues: 20, rate: defaultRate(agents), seed: 11, curve: 'flat', timezone: 'UTC' },
    Date.UTC(2026, 10, 27),
  );
  let last = '';
  for (let written = 0; written < events; ) {
    const p = redis.pipeline();
    const n = Math.min(2_000, events - written);
    for (let i = 0; i < n; i++) p.xadd(STREAM, '*', ...entryFields(source.next().value!));
    const res = (await p.exec()) ?? [];
    last = res.at(-1)![1] as string;
    written += n;
  }
  return last;
}

async function bareDrain(redis: Redis, group: string): Promise<void> {
  await redis.xgroup('CREATE', STREAM, group, '0');
  for (;;) {
    const entries = parseReadReply(
      await redis.call('XREADGROUP', 'GROUP', group, 'c', 'COUNT', BATCH, 'STREAMS', STREAM, '>'),
    );
    if (entries.length === 0) return;
    await redis.xack(STREAM, group, ...entries.map((e) => e.id));
  }
}

function rate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en')} events/s (${(ms / 1000).toFixed(1)} s)`;
}
