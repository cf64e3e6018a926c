// Property tests (fast-check) of the ingest against poison: good events whose every string (ids, teams, reasons,
// outcomes, components) is an Object.prototype member name, mixed with bad entries — types named the same way and
// timestamps in µs, days or years ahead, older than retention, or beyond what a Date holds. Pure: each bad one is
// refused without a trace and the good ones fold to the numbers they fold to alone. Through nodes on a real
// stream: no node stalls, every bad entry is dead-lettered and counted, and two nodes stay identical.
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEvent } from '../../shared/events.ts';
import { createState, fold, view } from '../../server/engine/index.ts';
import { foldLimits } from '../../server/engine/index.ts';
import { deadStream } from '../../server/redis/keys.ts';
import { validEvent, type Pools } from '../helpers/fuzz-entries.ts';
import { PROTOTYPE_NAMES, poisonEntry } from '../helpers/poison.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { useRedis } from '../helpers/redis.ts';
import { lastStreamId, referenceView } from '../helpers/reference.ts';
import { startTestNode, testConfig, waitFor } from '../helpers/server.ts';
import { numbersOf, xaddRaw } from '../helpers/stream-writer.ts';

const names = PROTOTYPE_NAMES;
const POOLS: Pools = { agents: names.slice(0, 4), calls: names.slice(4, 9), queues: names.slice(9, 11), words: names };
// Good events span T0 … T0 + 2 h, which ends a minute before the entries are written: all within range.
const T0 = Date.now() - 2 * 3_600_000 - 60_000;
const config = testConfig({ redisUrl: '' });

type Item = { good: true; text: string } | { good: false; text: string };

/** A mix of good events (numbered ids) and poison, in a random order; the poison judged at `now`. */
function mix(now: number, maxLength: number): fc.Arbitrary<Item[]> {
  const item = fc.oneof(
    { arbitrary: validEvent(T0, POOLS).map((e) => ({ good: true as const, e })), weight: 2 },
    poisonEntry(now).map((text) => ({ good: false as const, text })),
  );
  return fc.array(item, { minLength: 40, maxLength }).map((items) => {
    let n = 0;
    return items.map((it) =>
      it.good ? { good: true as const, text: JSON.stringify({ id: `g-${n++}`, ...it.e }) } : it,
    );
  });
}

describe('pure', () => {
  it('every bad entry is refused and leaves no trace: the good ones fold to the same view as alone', () => {
    const now = Date.now();
    const limits = foldLimits(config);
    fc.assert(
      fc.property(mix(now, 200), (items) => {
        const withPoison = createState(config);
        const alone = createState(config);
        // One arrival for all: every entry written at `now`.
        const context = { ...limits, arrivalMs: now };
        for (const it of items) {
          const r = decodeEvent(it.text);
          const outcome = r.ok ? fold(withPoison, r.event, context) : 'refused';
          if (it.good) {
            expect(outcome).not.toBe('refused');
            fold(alone, (r as { ok: true; event: never }).event, context);
          } else {
            expect(outcome === 'refused' || outcome === 'ts out of range').toBe(true);
          }
        }
        expect(view(withPoison, now)).toEqual(view(alone, now));
      }),
      { numRuns: 200, seed: 10 },
    );
  });
});

describe('through nodes on a real stream', () => {
  const getRedis = useRedis();
  let client: Redis;
  beforeAll(() => {
    client = new Redis(getRedis().url, { protocol: 2 });
  });
  afterAll(() => {
    client?.disconnect();
  });

  let run = 0;
  // Ten node starts: about 5 s alone, up to a minute on a loaded 2-core machine; each wait inside has its own bound.
  it('two nodes fed poison never stall, dead-letter and count every bad entry, and agree with the good ones alone', {
    timeout: 180_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(mix(Date.now(), 200), async (items) => {
        const stream = `poisonfuzz:${++run}`;
        const goodOnly = `${stream}:good`;
        await xaddRaw(
          client,
          stream,
          items.map((it) => ['event', it.text]),
        );
        await xaddRaw(
          client,
          goodOnly,
          items.filter((it) => it.good).map((it) => ['event', it.text]),
        );
        const bad = items.filter((it) => !it.good).length;
        const last = await lastStreamId(client, stream);
        // Two nodes of one cluster: one stream, one database.
        const { url: databaseUrl } = await createDatabase();
        const nodes = await Promise.all(
          [1, 2].map((i) => startTestNode({ redisUrl: getRedis().url, databaseUrl, stream, nodeId: `pf-${run}-${i}` })),
        );
        try {
          for (const node of nodes)
            await waitFor('each node at the end of the stream', () => node.live.state.cursor === last, 15_000);
          expect(await client.xlen(deadStream(stream))).toBe(bad);
          for (const node of nodes) {
            await waitFor('health to count the dead letters', async () => (await node.health()).dead === bad, 5_000);
            expect((await node.health()).status).toBe('ok');
            expect(node.live.state.stats.folded).toBe(items.length - bad);
          }
          const now = Date.now();
          const [one, two] = nodes.map((node) => numbersOf(view(node.live.state, now)));
          expect(two).toEqual(one);
          // The good ones alone, in a stream of their own: the same numbers (the cursor is another stream's id).
          const { cursor: _cursor, ...alone } = numbersOf(await referenceView(client, goodOnly, config, now));
          expect({ ...one, cursor: undefined }).toEqual({ ...alone, cursor: undefined });
        } finally {
          await Promise.all(nodes.map((node) => node.close()));
        }
      }),
      { numRuns: 5, seed: 20261203 },
    );
  });
});
