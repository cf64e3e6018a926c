// Replay (CONTRACT §9) against a real Redis and PostgreSQL: a simulated day written to the stream, archived with its
// checkpoints, and the state at moments across the day sought from the archive, which must equal a fresh engine
// folding exactly the events stamped up to each moment. One event arrives late across a boundary: that boundary
// gets no checkpoint, and the moments after it still come out exact.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { defaultRate } from '../../agent-sim/options.ts';
import { Archiver, SETTLE_MS } from '../../server/archive/archiver.ts';
import { ArchiveStore } from '../../server/archive/store.ts';
import { createPool, migrate } from '../../server/db/pool.ts';
import { COLUMNS, INDEX } from '../../server/history/columns.ts';
import { IntervalRecorder } from '../../server/history/recorder.ts';
import { intervalStarts } from '../../server/engine/interval-rows.ts';
import { idTimeMs } from '../../server/redis/ids.ts';
import { roundForWire } from '../../server/realtime/wire.ts';
import { pastSnapshot, seek } from '../../server/replay/seek.ts';
import { entryFields } from '../../shared/stream.ts';
import { DayClock } from '../../shared/time.ts';
import type { FloorEvent } from '../../shared/events.ts';
import { writeTestConfig } from '../helpers/child-server.ts';
import { REPO } from '../helpers/paths.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { readStream, referenceViewAt } from '../helpers/reference.ts';
import { useRedis } from '../helpers/redis.ts';
import { testConfig } from '../helpers/server.ts';
import { numbersOf } from '../helpers/stream-writer.ts';

const redis = useRedis();
const db = usePostgres();
const log = pino({ level: 'silent' });
const config = testConfig({ redisUrl: '' });
const clock = new DayClock(config.timezone);
const QUARTER = 900_000;
let client: Redis;
let store: ArchiveStore;

beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  await migrate(db(), log);
  store = new ArchiveStore(createPool(db(), log), clock);
});
afterAll(async () => {
  await store?.pool.end();
  client?.disconnect();
});

let tries = 0;
it('the state at moments across a simulated day equals a fresh fold of the events up to each', async () => {
  // Yesterday in the centre's zone, whole: inside the stream's 48 h of event-time admission.
  const today = clock.dayStart(Date.now());
  const day = clock.dayStart(today - 1);
  const events: FloorEvent[] = [
    ...simulate(
      {
        agents: 12,
        queues: 2,
        rate: defaultRate(12),
        seed: 7,
        curve: 'flat',
        durationSec: 86_400,
        timezone: config.timezone,
      },
      day,
    ),
  ];
  // 10:00 gets a late event: stamped a second before it, written after the first event two minutes past it.
  const late = day + 10 * 3_600_000;
  const at = events.findIndex((e) => e.ts > late + 120_000);
  events.splice(at, 0, {
    id: `late-${++tries}`,
    type: 'agent.state',
    ts: late - 1000,
    agentId: 'late-agent',
    state: 'available',
  } as FloorEvent);
  // Unique per try: the stream (Redis) and the event ids' day (PostgreSQL is shared by the retry).
  const stream = `replay:${tries}`;
  await client.del(stream);
  for (let i = 0; i < events.length; i += 2000) {
    const pipeline = client.pipeline();
    for (const e of events.slice(i, i + 2000)) pipeline.xadd(stream, '*', ...entryFields(e));
    await pipeline.exec();
  }
  await store.pool.query('TRUNCATE event_archive, archive_checkpoints, archive_unclean');
  const archiver = new Archiver({ store, config, redis: client, stream, leader: () => true, log });
  // Rounds until every entry is in and every settled boundary has its checkpoint (or is known unclean).
  const boundaries = intervalStarts(clock, events[0]!.ts, events.at(-1)!.ts - SETTLE_MS + 1);
  for (let round = 0; round < 200; round++) {
    await archiver.tick();
    const done = await store.pool.query(
      'SELECT (SELECT count(*) FROM archive_checkpoints)::int + (SELECT count(*) FROM archive_unclean)::int AS n',
    );
    if (done.rows[0].n >= boundaries.length) break;
  }
  expect(archiver.stats.appended).toBe(events.length);
  const unclean = await store.uncleanIn(day, today);
  expect([...unclean]).toEqual([late]);
  const checkpoints = (await store.pool.query('SELECT at_ms FROM archive_checkpoints ORDER BY at_ms')).rows.map((r) =>
    Number(r.at_ms),
  );
  expect(checkpoints).toEqual(boundaries.filter((b) => b !== late));

  const entries = await readStream(client, stream);
  // Moments: on a boundary, just after one, mid-quarter, right after the late event's boundary, the last event.
  const moments = [
    day + 3 * 3_600_000,
    day + 3 * 3_600_000 + 1,
    day + 8 * 3_600_000 + 7 * 60_000 + 13_000,
    late + 5 * 60_000,
    late + QUARTER + 60_000,
    day + 17 * 3_600_000 + 42 * 60_000,
    events.at(-1)!.ts,
  ];
  for (const m of moments) {
    const sought = await seek(store, config, m);
    expect(sought.folded).toBeLessThan(events.length / 24);
    expect(numbersOf(pastSnapshot(sought.state, m)), new Date(m).toISOString()).toEqual(
      numbersOf({ ...roundForWire(referenceViewAt(entries, config, m)), replay: true }),
    );
  }
  // The late event's boundary has no checkpoint: 10:05 folds on from 09:45, and still sees the late agent.
  const after = await seek(store, config, late + 5 * 60_000);
  expect(after.checkpoint).toBe(late - QUARTER);
  expect(after.state.agents.has('late-agent')).toBe(true);

  // `npm run history -- rebuild --day`: the day's 96 intervals from the archive, the rows of a fresh fold of its events.
  await store.pool.query('TRUNCATE interval_rows');
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone }).format(day);
  const r = await runCli(['server/cli/history.ts', 'rebuild', '--day', date], {
    DATABASE_URL: db(),
    FLOORBOARD_CONFIG: writeTestConfig(),
  });
  expect(r.out).toContain(`rebuilt 96 intervals of ${date} (Asia/Shanghai) from the event archive`);
  expect(r.code).toBe(0);
  const recorder = new IntervalRecorder(config);
  // As the node's recorder folds them: each judged by its entry's arrival (the stream id's time).
  const closed = [
    ...events.flatMap((e, i) => recorder.push({ event: e, arrivalMs: idTimeMs(entries[i]![0]) })),
    ...recorder.finish(today),
  ];
  expect(closed.length).toBe(96);
  const expected = new Map(
    closed.flatMap((i) =>
      i.rows.map((row) => [`${row.scope}:${row.id}:${row.start}`, INDEX.map((f) => row.tally[f]!)]),
    ),
  );
  const stored = await store.pool.query({
    text: `SELECT scope, id, start_ms, ${COLUMNS.join(', ')} FROM interval_rows`,
    rowMode: 'array',
  });
  expect(new Map((stored.rows as unknown[][]).map((x) => [`${x[0]}:${x[1]}:${x[2]}`, x.slice(3).map(Number)]))).toEqual(
    expected,
  );
}, 180_000);

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}
