// Property-based fuzzing of the ingest (fast-check). Pure: no input makes decodeEvent throw, and no sequence of
// valid but contradictory events makes fold throw or the view show a negative, NaN or infinite number.
// Through a real node and stream: every bad entry is dead-lettered and counted, the good ones fold exactly as
// the pure reference folds them, and floods of bad entries leave the heap where it was.
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent, DEFAULT_MAX_ENTRY_BYTES } from '../../shared/events.ts';
import { parseConfig } from '../../shared/config.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { deadStream } from '../../server/redis/keys.ts';
import { badEntry, validEvent, withIds } from '../helpers/fuzz-entries.ts';
import { useRedis } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { startTestNode, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddRaw } from '../helpers/stream-writer.ts';

// Recent enough that every generated event (T0 … T0 + 2 h) is within the fold's event-time range when written now.
const T0 = Date.now() - 2 * 3_600_000 - 60_000;

/** Every number in a view must be finite and not negative: counts, durations, ratios, times. */
function badNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  return [];
}

describe('pure: decode and fold', () => {
  it('decodeEvent never throws, whatever the text', () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
      badEntry(T0).map((f) => f[1]!),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const r = decodeEvent(raw);
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
        if (raw.length > DEFAULT_MAX_ENTRY_BYTES) expect(r.ok).toBe(false);
      }),
      { numRuns: 2_000 },
    );
    expect(decodeEvent(undefined)).toEqual({ ok: false, reason: 'missing field "event"' });
  });

  it('every bad entry the fuzzer makes is refused by decodeEvent', () => {
    fc.assert(
      fc.property(badEntry(T0), ([field, raw]) => field !== 'event' || !decodeEvent(raw).ok),
      { numRuns: 1_000 },
    );
  });

  it('contradictory valid sequences never throw and never show negative, NaN or infinite numbers', () => {
    const config = parseConfig({ timezone: 'UTC', queues: [{ id: 'sales' }] });
    fc.assert(
      fc.property(
        fc.array(validEvent(T0), { maxLength: 150 }),
        fc.integer({ min: 0, max: 4 * 3_600_000 }),
        (events, after) => {
          const state = createState(config);
          for (const e of withIds(events, 'p')) {
            const r = decodeEvent(JSON.stringify(e));
            expect(r.ok).toBe(true);
            if (r.ok) fold(state, r.event);
          }
          expect(badNumbers(view(state, T0 + after))).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('through a node: dead letters, the good folded like the reference, bounded memory', () => {
  const getRedis = useRedis();
  let client: Redis;
  beforeAll(() => {
    client = new Redis(getRedis().url, { protocol: 2 });
  });
  afterAll(() => {
    client?.disconnect();
  });

  let run = 0;
  it('a generated mix of good and bad entries', { timeout: 60_000 }, async () => {
    const mix = fc.array(
      fc.oneof(
        { arbitrary: validEvent(T0).map((e) => ({ good: true as const, e })), weight: 3 },
        badEntry(T0).map((f) => ({ good: false as const, f })),
      ),
      { minLength: 20, maxLength: 300 },
    );
    await fc.assert(
      fc.asyncProperty(mix, async (items) => {
        const stream = `fuzz:${++run}`;
        let n = 0;
        const entries = items.map((it) => (it.good ? ['event', JSON.stringify({ id: `g-${n++}`, ...it.e })] : it.f));
        const bad = items.filter((it) => !it.good).length;
        await xaddRaw(client, stream, entries);
        const last = await lastStreamId(client, stream);
        const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: `fuzz-${run}` });
        try {
          await waitFor('the node to reach the end', () => node.live.state.cursor === last, 20_000);
          expect(await client.xlen(deadStream(stream))).toBe(bad);
          await waitFor('health to count the dead letters', async () => (await node.health()).dead === bad, 5_000);
          const now = T0 + 3 * 3_600_000;
          expect(numbersOf(node.live.view(now))).toEqual(
            numbersOf(await referenceView(client, stream, testConfig({ redisUrl: getRedis().url }), now)),
          );
          expect(node.live.state.stats.folded).toBe(items.length - bad);
        } finally {
          await node.close();
        }
      }),
      { numRuns: 6, seed: 20261128 },
    );
  });

  it('floods of bad entries (unique kinds, oversized) leave the heap where it was', { timeout: 60_000 }, async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const stream = 'fuzz:flood';
    const node = await startTestNode({ redisUrl: getRedis().url, stream, nodeId: 'flood' });
    const heap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const flood = async (round: number) => {
      const entries: string[][] = [];
      for (let i = 0; i < 2_000; i++)
        entries.push(['event', JSON.stringify({ id: `u-${round}-${i}`, type: `unknown.${round}.${i}`, ts: T0 })]);
      for (let i = 0; i < 100; i++)
        entries.push([
          'event',
          JSON.stringify({
            id: `o-${round}-${i}`,
            type: 'system.fault',
            ts: T0,
            message: 'x'.repeat(DEFAULT_MAX_ENTRY_BYTES),
          }),
        ]);
      await xaddRaw(client, stream, entries);
      const last = await lastStreamId(client, stream);
      await waitFor('the flood processed', () => node.live.state.cursor === last, 30_000);
    };
    try {
      await flood(0);
      const before = heap();
      for (let round = 1; round <= 6; round++) await flood(round);
      const grown = heap() - before;
      // 12,600 bad entries (≈ 10 MB of oversized text) went through; none of it may stay behind. (Before the
      // consumer stopped racing each command against a never-settling promise, this grew by ≈ 1.4 KB an entry.)
      expect(grown).toBeLessThan(2 * 1024 * 1024);
      expect(await client.xlen(deadStream(stream))).toBe(7 * 2_100);
      expect(node.live.state.stats.folded).toBe(0);
    } finally {
      await node.close();
    }
  });
});
