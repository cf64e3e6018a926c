// Crash and duplicates: two nodes on one stream and one database; the one writing history (the lease holder) is
// killed with SIGKILL while the stream grows, the other takes over, the killed one comes back. Every interval row
// is in the database exactly once and equal to an uninterrupted fold of the whole stream.
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSimulator } from '../../agent-sim/writer.ts';
import { decodeEvent } from '../../shared/events.ts';
import { intervalOf } from '../../server/engine/interval-rows.ts';
import { COLUMNS, INDEX } from '../../server/history/columns.ts';
import { CLOSE_GRACE_MS } from '../../server/history/writer.ts';
import { IntervalRecorder } from '../../server/history/recorder.ts';
import { eventField } from '../../shared/stream.ts';
import { leaseKey } from '../../server/redis/keys.ts';
import { idTimeMs } from '../../server/redis/ids.ts';
import { spawnServer, writeTestConfig, type ChildServer } from '../helpers/child-server.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { readStream } from '../helpers/reference.ts';
import { startRedis, type RedisProcess } from '../helpers/redis.ts';
import { testConfig, waitFor } from '../helpers/server.ts';

const db = usePostgres();
let redis: RedisProcess;
let client: Redis;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { protocol: 2 });
});
afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

async function stored(): Promise<Map<string, number[]>> {
  const c = new pg.Client({ connectionString: db() });
  await c.connect();
  try {
    const r = await c.query({
      text: `SELECT scope, id, start_ms, ${COLUMNS.join(', ')} FROM interval_rows`,
      rowMode: 'array',
    });
    return new Map((r.rows as unknown[][]).map((x) => [`${x[0]}:${x[1]}:${x[2]}`, x.slice(3).map(Number)]));
  } finally {
    await c.end();
  }
}

it('SIGKILL of the writing node, another takes over, the first comes back: every row once, as if uninterrupted', {
  timeout: 240_000,
}, async () => {
  const stream = 'hcrash:events';
  const config = writeTestConfig();
  const env = (id: string) => ({
    REDIS_URL: redis.url,
    DATABASE_URL: db(),
    FLOORBOARD_STREAM: stream,
    FLOORBOARD_NODE_ID: id,
    FLOORBOARD_CONFIG: config,
  });
  const start = Date.now() - 3 * 3_600_000;
  const sim = (seed: number, from: number, sec: number) =>
    runSimulator({
      redisUrl: redis.url,
      stream,
      agents: 30,
      queues: 3,
      rate: 8,
      seed,
      curve: 'flat',
      durationSec: sec,
      speed: 1,
      fast: true,
      startTs: from,
    });
  await sim(1, start, 90 * 60).done;

  const nodes = new Map<string, ChildServer>();
  for (const id of ['hn-a', 'hn-b']) nodes.set(id, await spawnServer(env(id)));
  try {
    const leader = await waitFor('a lease holder', async () => (await client.get(leaseKey(stream))) ?? false);
    const before = await client.xlen(stream);
    const second = sim(2, start + 91 * 60_000, 88 * 60);
    // Killed while the second part is still being written and folded.
    await waitFor('the stream to grow', async () => (await client.xlen(stream)) > before + 1000, 60_000);
    nodes.get(leader)!.child.kill('SIGKILL');
    await nodes.get(leader)!.exited;
    await second.done;
    nodes.set(leader, await spawnServer(env(leader)));

    // The uninterrupted run: one fold of the whole stream, every interval closed by now.
    const events = (await readStream(client, stream)).flatMap(([id, f]) => {
      const d = decodeEvent(eventField(f));
      return d.ok ? [{ event: d.event, arrivalMs: idTimeMs(id) }] : [];
    });
    const recorder = new IntervalRecorder(testConfig({ redisUrl: '' }));
    const closed = events.flatMap((e) => recorder.push(e));
    const until = intervalOf(recorder.state.clock, Date.now() - CLOSE_GRACE_MS).start;
    closed.push(...recorder.finish(until));
    const expected = new Map<string, number[]>();
    for (const i of closed)
      for (const row of i.rows)
        expected.set(
          `${row.scope}:${row.id}:${row.start}`,
          INDEX.map((f) => row.tally[f]!),
        );
    expect(closed.length).toBeGreaterThan(10);

    const got = await waitFor(
      'every interval in the database',
      async () => {
        const s = await stored();
        const centre = [...s.keys()].filter((k) => k.startsWith('center:')).length;
        return centre >= closed.length && s;
      },
      120_000,
    );
    expect(got.size).toBe(expected.size);
    for (const [k, v] of expected) {
      const g = got.get(k);
      expect(g, k).toBeDefined();
      g!.forEach((x, j) => expect(x, `${k} ${COLUMNS[j]}`).toBeCloseTo(v[j]!, 9));
    }
  } finally {
    for (const n of nodes.values()) n.child.kill('SIGTERM');
    await Promise.all([...nodes.values()].map((n) => n.exited));
  }
});
