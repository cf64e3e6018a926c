import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, type FloorEvent } from '../../shared/events.ts';
import { simulate } from '../../agent-sim/floor.ts';
import { DEFAULT_SIM_OPTIONS, type SimOptions } from '../../agent-sim/options.ts';
import { runSimulator } from '../../agent-sim/writer.ts';
import { useRedis } from '../helpers/redis.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const START = Date.UTC(2025, 0, 6, 9);

const redis = useRedis();
let client: Redis;
beforeAll(() => {
  client = new Redis(redis().url, { protocol: 2 });
});
afterAll(async () => {
  await client.quit();
});

async function readStream(stream: string): Promise<FloorEvent[]> {
  const entries = await client.xrange(stream, '-', '+');
  return entries.map(([id, fields]) => {
    expect(fields[0]).toBe('event');
    const decoded = decodeEvent(fields[1]);
    if (!decoded.ok) throw new Error(`entry ${id} does not decode: ${decoded.reason}`);
    return decoded.event;
  });
}

describe('runSimulator', () => {
  const opts: SimOptions = { ...DEFAULT_SIM_OPTIONS, seed: 7, durationSec: 600 };

  it('writes, in --fast mode, exactly the events simulate yields, each decodable', async () => {
    const expected = [...simulate(opts, START)];
    expect(expected.length).toBeGreaterThan(100);
    const progress: number[] = [];
    const sim = runSimulator({
      ...opts,
      redisUrl: redis().url,
      stream: 'fast:events',
      speed: 1,
      fast: true,
      startTs: START,
      onProgress: (p) => progress.push(p.written),
    });
    const { written } = await sim.done;
    expect(written).toBe(expected.length);
    expect(await client.xlen('fast:events')).toBe(expected.length);
    expect(await readStream('fast:events')).toEqual(expected);
    expect(progress.at(-1)).toBe(expected.length);
  });

  it('stamps paced events with the wall clock, compressed by speed', async () => {
    const before = Date.now();
    // 60 simulated seconds at ×600 take 100 ms of real time.
    const sim = runSimulator({ ...opts, durationSec: 60, redisUrl: redis().url, stream: 'paced:events', speed: 600 });
    const { written } = await sim.done;
    const after = Date.now();
    const events = await readStream('paced:events');
    expect(events).toHaveLength(written);
    const first = events[0]!.ts;
    expect(first).toBeGreaterThanOrEqual(before);
    expect(events.at(-1)!.ts).toBeLessThanOrEqual(after);
    // The same run unpaced, with its clock compressed by hand, is what was written.
    const compress = (ts: number) => first + Math.floor((ts - first) / 600);
    const unpaced = [...simulate({ ...opts, durationSec: 60 }, first)].map((e) =>
      e.type === 'callback.requested' && e.dueTs !== undefined
        ? { ...e, ts: compress(e.ts), dueTs: compress(e.dueTs) }
        : { ...e, ts: compress(e.ts) },
    );
    expect(events).toEqual(unpaced);
    expect(events.at(-1)!.ts - first).toBeLessThanOrEqual(100);
  });

  it('with history, writes the past at once, stamped as it happened, then paces in real time', async () => {
    const before = Date.now();
    // 10 simulated minutes of history, then 2 more seconds paced at ×1.
    const sim = runSimulator({
      ...opts,
      durationSec: 602,
      historySec: 600,
      redisUrl: redis().url,
      stream: 'history:events',
      speed: 1,
    });
    const { written } = await sim.done;
    const after = Date.now();
    const events = await readStream('history:events');
    expect(events).toHaveLength(written);
    expect(after - before).toBeLessThan(6_000);
    // Paced: no entry reached the stream (its id is Redis' clock) before the instant it is stamped with.
    const raw = (await client.xrange('history:events', '-', '+')) as [string, string[]][];
    for (const [id, fields] of raw) expect(Number(id.split('-')[0])).toBeGreaterThanOrEqual(JSON.parse(fields[1]!).ts);
    // The first events are stamped ten minutes back; none lies in the future of the moment it was read.
    expect(events[0]!.ts).toBeLessThanOrEqual(before - 590_000);
    expect(events.at(-1)!.ts).toBeLessThanOrEqual(after);
    const start = events[0]!.ts;
    expect(events).toEqual([...simulate({ ...opts, durationSec: 602 }, start)].slice(0, written));
  });

  it('stops on request, after writing what it had', async () => {
    const sim = runSimulator({
      ...opts,
      durationSec: undefined,
      redisUrl: redis().url,
      stream: 'stop:events',
      speed: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sim.stop();
    const { written } = await sim.done;
    // The 40 logins are due at once; at real speed little else happens in the first 300 ms.
    expect(written).toBeGreaterThanOrEqual(40);
    expect(await client.xlen('stop:events')).toBe(written);
  });

  it('fails with a clear error when Redis is unreachable', async () => {
    const port = redis().port === 1 ? 2 : 1;
    const sim = runSimulator({ ...opts, redisUrl: `redis://127.0.0.1:${port}`, stream: 's', speed: 1, fast: true });
    await expect(sim.done).rejects.toThrow(/cannot connect to Redis at redis:\/\/127\.0\.0\.1/);
  });
});

describe('npm run sim', () => {
  it('writes the simulated events with --fast --duration and exits 0', async () => {
    const { stderr } = await run(
      TSX,
      [
        'agent-sim/main.ts',
        '--fast',
        '--duration',
        '600',
        '--seed',
        '7',
        '--start',
        String(START),
        '--timezone',
        'UTC',
        '--redis',
        redis().url,
        '--stream',
        'cli:events',
      ],
      { cwd: ROOT },
    );
    const expected = [...simulate({ ...DEFAULT_SIM_OPTIONS, seed: 7, durationSec: 600, timezone: 'UTC' }, START)];
    expect(stderr).toMatch(/seed 7/);
    expect(stderr).toMatch(new RegExp(`done: ${expected.length} events written to cli:events`));
    expect(await readStream('cli:events')).toEqual(expected);
  });

  it('exits 2 on --agents abc, naming the option', async () => {
    const failure = await run(TSX, ['agent-sim/main.ts', '--agents', 'abc', '--redis', redis().url], {
      cwd: ROOT,
    }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/--agents must be an integer/);
  });
});
