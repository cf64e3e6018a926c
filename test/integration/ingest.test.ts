// The stream consumer against a real redis-server: order, batching, dead letters, restarts, outages, hangs.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.ts';
import { StreamConsumer, type StreamConsumerOptions } from '../../server/ingest/consumer.ts';
import { parseRedisUrl, reconnectDelay } from '../../server/redis/connection.ts';
import { startRedis, useRedis } from '../helpers/redis.ts';

const getRedis = useRedis();
let admin: Redis;
let streamCounter = 0;
const running: StreamConsumer[] = [];

beforeAll(() => {
  admin = new Redis(getRedis().url, { protocol: 2 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});
afterAll(() => {
  admin.disconnect();
});

const freshStream = () => `test:events:${++streamCounter}`;

const offered = (n: number) =>
  JSON.stringify({ id: `e-${n}`, type: 'call.offered', ts: 1764300000000 + n, callId: `c-${n}`, queueId: 'sales' });

async function addEvents(redis: Redis, stream: string, from: number, to: number): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (let n = from; n <= to; n++) pipeline.xadd(stream, '*', 'event', offered(n));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([err, id]) => {
    if (err) throw err;
    return id as string;
  });
}

interface Recorder {
  folded: { id: string; event: FloorEvent }[];
  dead: { id: string; reason: string }[];
  batches: string[];
}

function recorder(): Recorder & { sink: StreamConsumerOptions['sink'] } {
  const rec: Recorder = { folded: [], dead: [], batches: [] };
  return {
    ...rec,
    sink: {
      fold: (id, event) => {
        rec.folded.push({ id, event });
        return null;
      },
      dead: (id, reason) => rec.dead.push({ id, reason }),
      batchDone: (id) => rec.batches.push(id),
    },
  };
}

function memoryLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

const silent = pino({ level: 'silent' });

async function startConsumer(options: Partial<StreamConsumerOptions> & Pick<StreamConsumerOptions, 'stream' | 'sink'>) {
  const consumer = new StreamConsumer({
    redisUrl: getRedis().url,
    group: 'floorboard:test',
    consumer: 'node-1',
    log: silent,
    startAfter: null,
    blockMs: 200,
    ...options,
  });
  running.push(consumer);
  await consumer.start();
  return consumer;
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const [count] = (await redis.xpending(stream, group)) as [number, ...unknown[]];
  return count;
}

const eventIds = (rec: Recorder) => rec.folded.map((f) => f.event.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `e-${from + i}`);

describe('StreamConsumer', () => {
  it('folds entries written before start, all of them, in stream order', async () => {
    const stream = freshStream();
    const ids = await addEvents(admin, stream, 1, 20);
    const rec = recorder();
    const consumer = await startConsumer({ stream, sink: rec.sink });

    await waitFor('20 folds', () => rec.folded.length === 20);
    expect(rec.folded.map((f) => f.id)).toEqual(ids);
    expect(eventIds(rec)).toEqual(range(1, 20));
    expect(rec.dead).toEqual([]);
    expect(consumer.status()).toMatchObject({ redis: 'up', lastEntryId: ids[19], lagMs: 0 });
    await waitFor('acks', async () => (await pendingCount(admin, stream, 'floorboard:test')) === 0);
  });

  it('folds nothing while the sink is held (a checkpoint being written), then everything, in order', async () => {
    const stream = freshStream();
    const rec = recorder();
    let release: () => void = () => undefined;
    let held: Promise<void> | null = new Promise<void>((resolve) => (release = resolve));
    await startConsumer({ stream, sink: { ...rec.sink, held: () => held } });
    await addEvents(admin, stream, 1, 5);
    // Long enough for the read to bring the entries (blockMs 200): none may fold while held.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(rec.folded).toEqual([]);
    held = null;
    release();
    await waitFor('5 folds', () => rec.folded.length === 5);
    expect(eventIds(rec)).toEqual(range(1, 5));
  });

  it('folds 1,200 entries in batches of at most batchSize, with one XACK per batch', async () => {
    const stream = freshStream();
    const ids = await addEvents(admin, stream, 1, 1200);
    const monitor = await new Redis(getRedis().url, { protocol: 2 }).monitor();
    const acks: number[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'xack' && args[1] === stream) acks.push(args.length - 3);
    });
    try {
      const rec = recorder();
      await startConsumer({ stream, sink: rec.sink, batchSize: 500 });

      await waitFor('1200 folds', () => rec.folded.length === 1200);
      await waitFor('acks', async () => (await pendingCount(admin, stream, 'floorboard:test')) === 0);
      await waitFor('three XACKs seen by MONITOR', () => acks.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 300)); // any stray extra XACK would show up by now
      expect(acks).toEqual([500, 500, 200]);
      expect(rec.batches).toEqual([ids[499], ids[999], ids[1199]]);
      expect(eventIds(rec)).toEqual(range(1, 1200));
    } finally {
      monitor.disconnect();
    }
  });

  it('dead-letters undecodable entries under their original id and folds the rest in order', async () => {
    const stream = freshStream();
    const valid = (n: number) => ['event', offered(n)];
    const missingQueue = JSON.stringify({ id: 'x-1', type: 'call.offered', ts: 1764300000000, callId: 'c-x' });
    const textTs = JSON.stringify({ id: 'x-2', type: 'call.offered', ts: 'yesterday', callId: 'c-x', queueId: 'q' });
    const unknownType = JSON.stringify({ id: 'x-3', type: 'call.teleported', ts: 1764300000000 });
    const oversized = JSON.stringify({ id: 'x-4', pad: 'a'.repeat(70_000) });
    const entries: string[][] = [
      valid(1),
      ['event', '{not json'],
      valid(2),
      ['event', missingQueue],
      ['event', textTs],
      ['event', unknownType],
      ['payload', offered(99)],
      ['event', oversized],
      valid(3),
      ['source', 'cti-7', 'event', offered(4)],
      ['event', 'also not json'],
    ];
    const ids: string[] = [];
    for (const fields of entries) ids.push((await admin.xadd(stream, '*', ...fields)) as string);

    const { log, lines } = memoryLogger();
    const rec = recorder();
    const consumer = await startConsumer({ stream, sink: rec.sink, log });
    await waitFor('11 entries processed', () => rec.folded.length + rec.dead.length === 11);

    expect(eventIds(rec)).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    expect(rec.folded.map((f) => f.id)).toEqual([ids[0], ids[2], ids[8], ids[9]]);
    expect(rec.dead.map((d) => d.id)).toEqual([ids[1], ids[3], ids[4], ids[5], ids[6], ids[7], ids[10]]);
    const reasons = rec.dead.map((d) => d.reason);
    expect(reasons[0]).toBe('not valid JSON');
    expect(reasons[1]).toMatch(/^call\.offered: queueId: /);
    expect(reasons[2]).toMatch(/^call\.offered: ts: /);
    expect(reasons[3]).toBe('unknown type "call.teleported"');
    expect(reasons[4]).toBe('missing field "event"');
    expect(reasons[5]).toBe('entry larger than 65536 bytes');
    expect(reasons[6]).toBe('not valid JSON');

    const deadEntries = (await admin.xrange(`${stream}:dead`, '-', '+')) as [string, string[]][];
    expect(deadEntries.map(([id]) => id)).toEqual(rec.dead.map((d) => d.id));
    expect(deadEntries[0]![1]).toEqual(['reason', 'not valid JSON', 'event', '{not json', 'stream', stream]);
    expect(deadEntries[4]![1]).toEqual(['reason', 'missing field "event"', 'event', '', 'stream', stream]);
    // An oversized entry's dead letter keeps its first 1,024 characters: the whole of it stays in the stream.
    expect(deadEntries[5]![1][3]).toBe(oversized.slice(0, 1024));
    expect(await consumer.deadCount()).toBe(7);

    // One line per kind of reason: the second bad-JSON entry and the second call.offered problem add none.
    const deadLogs = lines.filter((l) => l.msg === 'entry dead-lettered; further entries of this kind are not logged');
    expect(deadLogs.map((l) => l.reason)).toEqual([reasons[0], reasons[1], reasons[3], reasons[4], reasons[5]]);

    // A second node folding the same stream dead-letters the same entries without duplicating them.
    const other = recorder();
    await startConsumer({ stream, sink: other.sink, group: 'floorboard:other-node' });
    await waitFor('second node processed 11', () => other.folded.length + other.dead.length === 11);
    expect(other.dead).toEqual(rec.dead);
    expect(await admin.xlen(`${stream}:dead`)).toBe(7);
    await waitFor('acks', async () => (await pendingCount(admin, stream, 'floorboard:test')) === 0);
  });

  it('after a crash, folds everything after the checkpoint exactly once, in order', async () => {
    const stream = freshStream();
    const group = 'floorboard:test';
    const ids = await addEvents(admin, stream, 1, 100);

    // First life: folds and acks all 100, but the engine only checkpointed entry 60 before dying.
    const first = recorder();
    const firstConsumer = await startConsumer({ stream, sink: first.sink, batchSize: 25 });
    await waitFor('100 folds', () => first.folded.length === 100);
    await firstConsumer.stop();
    expect(await pendingCount(admin, stream, group)).toBe(0);

    // ...and had read 20 more that it never folded nor acked: pending for this consumer.
    ids.push(...(await addEvents(admin, stream, 101, 120)));
    const read = await admin.call('XREADGROUP', 'GROUP', group, 'node-1', 'COUNT', 100, 'STREAMS', stream, '>');
    expect((read as [string, unknown[]][])[0]![1]).toHaveLength(20);
    expect(await pendingCount(admin, stream, group)).toBe(20);

    const second = recorder();
    await startConsumer({ stream, sink: second.sink, batchSize: 25, startAfter: ids[59]! });
    await waitFor('60 folds', () => second.folded.length >= 60);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a duplicate would arrive by now
    expect(eventIds(second)).toEqual(range(61, 120));
    expect(second.folded.map((f) => f.id)).toEqual(ids.slice(60));
    await waitFor('acks', async () => (await pendingCount(admin, stream, group)) === 0);
  });

  it('rides out a Redis restart: status goes down, then up, and later entries are folded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'floorboard-ingest-'));
    const server = await startRedis({ appendonly: true, dir });
    const writer = new Redis(server.url, { protocol: 2, retryStrategy: () => 100 });
    writer.on('error', () => undefined);
    try {
      const stream = freshStream();
      const rec = recorder();
      await startConsumer({ stream, sink: rec.sink, redisUrl: server.url });
      const consumer = running.at(-1)!;
      await addEvents(writer, stream, 1, 10);
      await waitFor('10 folds', () => rec.folded.length === 10);
      expect(consumer.status().redis).toBe('up');

      await server.stop();
      await waitFor('status down', () => consumer.status().redis === 'down', 3_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(consumer.status().redis).toBe('down');
      await server.restart();
      await waitFor('status up', () => consumer.status().redis === 'up', 10_000);

      await addEvents(writer, stream, 11, 20);
      await waitFor('20 folds', () => rec.folded.length >= 20);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(eventIds(rec)).toEqual(range(1, 20));
      expect(consumer.status().reconnects).toBeGreaterThanOrEqual(2); // both connections came back
    } finally {
      await Promise.all(running.splice(0).map((c) => c.stop()));
      writer.disconnect();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the watchdog reconnects a read that does not return (server paused)', async () => {
    const stream = freshStream();
    const rec = recorder();
    const consumer = await startConsumer({ stream, sink: rec.sink, blockMs: 200, watchdogMs: 700 });
    await addEvents(admin, stream, 1, 5);
    await waitFor('5 folds', () => rec.folded.length === 5);

    // XREADGROUP is a write command: paused, the read hangs well past watchdogMs.
    await admin.call('CLIENT', 'PAUSE', 2500, 'WRITE');
    await waitFor('a watchdog reconnect', () => consumer.status().reconnects >= 1, 5_000);
    await addEvents(admin, stream, 6, 10); // queued by Redis until the pause ends
    await waitFor('10 folds', () => rec.folded.length >= 10, 10_000);
    expect(eventIds(rec)).toEqual(range(1, 10));
  });

  it('the watchdog recovers a connection that silently stopped answering', async () => {
    const proxy = await blackHoleProxy(getRedis().port);
    try {
      const stream = freshStream();
      const rec = recorder();
      const consumer = await startConsumer({
        stream,
        sink: rec.sink,
        redisUrl: proxy.url,
        blockMs: 200,
        watchdogMs: 700,
      });
      await addEvents(admin, stream, 1, 5);
      await waitFor('5 folds', () => rec.folded.length === 5);

      // The reader's socket stays open but nothing comes back, as with a peer that vanished without a FIN.
      proxy.swallowReaders();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await addEvents(admin, stream, 6, 10);
      await waitFor('10 folds', () => rec.folded.length >= 10, 10_000);
      expect(eventIds(rec)).toEqual(range(1, 10));
      expect(consumer.status().reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(running.splice(0).map((c) => c.stop()));
      await proxy.close();
    }
  });

  it('reports lag only while behind, and stop() returns without waiting out the blocking read', async () => {
    const stream = freshStream();
    const rec = recorder();
    const consumer = new StreamConsumer({
      redisUrl: getRedis().url,
      stream,
      group: 'floorboard:test',
      consumer: 'node-1',
      sink: rec.sink,
      log: silent,
      startAfter: null,
      blockMs: 5_000,
    });
    expect(consumer.status().lagMs).toBeNull();
    await consumer.start();
    await addEvents(admin, stream, 1, 3);
    await waitFor('3 folds', () => rec.folded.length === 3);
    expect(consumer.status().lagMs).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the next BLOCK read is now waiting
    const t0 = Date.now();
    await consumer.stop();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(consumer.status().redis).toBe('down');
  });

  it('stop() gives up on a Redis that is gone, during start() and while running', async () => {
    const server = await startRedis();
    try {
      const rec = recorder();
      const stream = freshStream();
      const consumer = new StreamConsumer({
        redisUrl: server.url,
        stream,
        group: 'floorboard:test',
        consumer: 'node-1',
        sink: rec.sink,
        log: silent,
        startAfter: null,
        blockMs: 300,
      });
      await consumer.start();
      await server.kill();
      await waitFor('status down', () => consumer.status().redis === 'down', 3_000);
      let t0 = Date.now();
      await consumer.stop();
      expect(Date.now() - t0).toBeLessThan(3_000); // blockMs + 1 s grace, plus slack

      const neverStarted = new StreamConsumer({
        redisUrl: server.url,
        stream,
        group: 'floorboard:test',
        consumer: 'node-1',
        sink: rec.sink,
        log: silent,
        startAfter: null,
        blockMs: 300,
      });
      const starting = neverStarted.start();
      t0 = Date.now();
      await neverStarted.stop();
      await expect(starting).rejects.toThrow('stopped before it could start');
      expect(Date.now() - t0).toBeLessThan(1_000);
    } finally {
      await server.stop();
    }
  });

  it('rejects a startAfter that is not a stream id', () => {
    expect(
      () =>
        new StreamConsumer({
          redisUrl: getRedis().url,
          stream: 's',
          group: 'g',
          consumer: 'c',
          sink: recorder().sink,
          log: silent,
          startAfter: '42',
        }),
    ).toThrow('startAfter is not a stream id: "42"');
  });
});

describe('Redis connection settings', () => {
  it('parses redis:// URLs', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6390')).toEqual({ host: '127.0.0.1', port: 6390, db: 0, tls: false });
    expect(parseRedisUrl('redis://:s%40cret@cache.local/3')).toEqual({
      host: 'cache.local',
      port: 6379,
      db: 3,
      password: 's@cret',
      tls: false,
    });
    expect(parseRedisUrl('rediss://user:pw@[::1]:7000')).toEqual({
      host: '::1',
      port: 7000,
      db: 0,
      username: 'user',
      password: 'pw',
      tls: true,
    });
  });

  it('rejects anything else with one clear line', () => {
    expect(() => parseRedisUrl('localhost:6379')).toThrow('REDIS_URL is not a redis:// URL: "localhost:6379"');
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow('scheme is "http:"');
    expect(() => parseRedisUrl('not a url')).toThrow('REDIS_URL is not a redis:// URL');
    expect(() => parseRedisUrl('redis://127.0.0.1/cache')).toThrow('database "cache" is not a number');
  });

  it('backs off exponentially from 100 ms to 2 s and never gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(reconnectDelay)).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
  });
});

/**
 * A TCP proxy in front of Redis. swallowReaders() turns every connection that has sent XREADGROUP into a black
 * hole: bytes are read and dropped, nothing is answered, the socket is never closed from this side.
 */
async function blackHoleProxy(redisPort: number) {
  const pairs: { client: net.Socket; upstream: net.Socket; reader: boolean }[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: redisPort });
    const pair = { client, upstream, reader: false };
    pairs.push(pair);
    client.on('data', (chunk: Buffer) => {
      if (/XREADGROUP/i.test(chunk.toString('latin1'))) pair.reader = true;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    swallowReaders() {
      for (const pair of pairs.filter((p) => p.reader)) {
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        for (const socket of [pair.client, pair.upstream]) {
          socket.removeAllListeners('close');
          socket.removeAllListeners('end');
          socket.removeAllListeners('error');
          socket.on('error', () => undefined);
        }
        pair.upstream.destroy();
        pair.client.resume(); // read and drop
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
