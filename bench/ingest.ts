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
import { createState } from '../server/engine/index.ts';
import { StreamConsumer } from '../server/ingest/consumer.ts';
import { parseReadReply } from '../server/ingest/entries.ts';
import { LiveModel } from '../server/live.ts';
import { freePort, launchRedisServer, stopProcess } from '../server/redis/process.ts';
import { header, mb } from './report.ts';

const STREAM = 'bench:events';
const BATCH = 500;

export async function benchIngest(events = 200_000, agents = 1000): Promise<void> {
  header(`ingest: ${events.toLocaleString('en')} events from a Redis stream, ${agents} agents`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'floorboard-bench-'));
  const port = await freePort();
  const child = await launchRedisServer({ bin: '/usr/bin/redis-server', port, dir, appendonly: false });
  const url = `redis://127.0.0.1:${port}`;
  const redis = new Redis(url, { protocol: 2 });
  try {
    let t = performance.now();
    const last = await fill(redis, events, agents);
    console.log(`write             ${rate(events, performance.now() - t)} (pipelined XADD, to set up)`);

    t = performance.now();
    await bareDrain(redis);
    const bareMs = performance.now() - t;
    console.log(`bare drain        ${rate(events, bareMs)} (XREADGROUP COUNT ${BATCH} + XACK, nothing decoded)`);

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const live = new LiveModel(createState(parseConfig({ timezone: 'UTC' })));
    const consumer = new StreamConsumer({
      redisUrl: url,
      stream: STREAM,
      group: 'floorboard:bench',
      consumer: 'bench',
      sink: { fold: (id, e) => live.fold(id, e), dead: (id) => live.skip(id), batchDone: () => undefined },
      log: pino({ level: 'warn' }),
      startAfter: null,
    });
    t = performance.now();
    await consumer.start();
    while (live.state.cursor !== last) await new Promise((r) => setTimeout(r, 5));
    const foldMs = performance.now() - t;
    await consumer.stop();
    global.gc?.();
    console.log(`floorboard ingest ${rate(events, foldMs)} (decode, validate, fold, ack) = ${((bareMs / foldMs) * 100).toFixed(0)} % of the bare drain`);
    console.log(`rebuild           ${(foldMs / 1000).toFixed(1)} s for ${events.toLocaleString('en')} events (a start without checkpoint)`);
    console.log(`state heap        ${mb(process.memoryUsage().heapUsed - heapBefore)}${global.gc ? '' : ' (approximate: run with --expose-gc)'}`);
    console.log(`folded            ${live.state.stats.folded.toLocaleString('en')}, duplicates ${live.state.stats.duplicates}, anomalies ${live.state.stats.anomalies}`);
  } finally {
    redis.disconnect();
    await stopProcess(child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fill(redis: Redis, events: number, agents: number): Promise<string> {
  const source = simulate({ agents, queues: 20, rate: defaultRate(agents), seed: 11, curve: 'flat', timezone: 'UTC' }, Date.UTC(2026, 10, 27));
  let last = '';
  for (let written = 0; written < events; ) {
    const p = redis.pipeline();
    const n = Math.min(2_000, events - written);
    for (let i = 0; i < n; i++) p.xadd(STREAM, '*', 'event', JSON.stringify(source.next().value!));
    const res = (await p.exec()) ?? [];
    last = res.at(-1)![1] as string;
    written += n;
  }
  return last;
}

async function bareDrain(redis: Redis): Promise<void> {
  await redis.xgroup('CREATE', STREAM, 'bare', '0');
  for (;;) {
    const entries = parseReadReply(await redis.call('XREADGROUP', 'GROUP', 'bare', 'c', 'COUNT', BATCH, 'STREAMS', STREAM, '>'));
    if (entries.length === 0) return;
    await redis.xack(STREAM, 'bare', ...entries.map((e) => e.id));
  }
}

function rate(n: number, ms: number): string {
  return `${Math.round(n / (ms / 1000)).toLocaleString('en')} events/s (${(ms / 1000).toFixed(1)} s)`;
}
