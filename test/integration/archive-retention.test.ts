// The archive's retention (CONTRACT §9, history.retentionDays): whole local days are dropped with their partition
// and checkpoints; the days after the cut stay, and appending the same entries again adds nothing.
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ArchiveStore } from '../../server/archive/store.ts';
import { createState } from '../../server/engine/index.ts';
import { createPool, migrate } from '../../server/db/pool.ts';
import { DayClock } from '../../shared/time.ts';
import { eventFactory } from '../helpers/events.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { testConfig } from '../helpers/server.ts';

const db = usePostgres();
const log = pino({ level: 'silent' });
const config = testConfig({ redisUrl: '' });
const clock = new DayClock(config.timezone);
let store: ArchiveStore;

beforeAll(async () => {
  await migrate(db(), log);
  store = new ArchiveStore(createPool(db(), log), clock);
});
afterAll(async () => {
  await store?.pool.end();
});

const DAY = 86_400_000;

it('drops the days that ended before the cut, with their checkpoints; keeps the rest', async () => {
  await store.pool.query('TRUNCATE event_archive, archive_checkpoints, archive_unclean, archive_days');
  // Three Shanghai days (no DST there: each 24 h), an event at 09:00 of each, one stream id each.
  const day1 = clock.dayStart(Date.UTC(2026, 10, 10, 4));
  const ev = eventFactory(day1 + 9 * 3_600_000);
  const entries = [0, 1, 2].map((d) => ({
    id: `${day1 + d * DAY + 9 * 3_600_000}-0`,
    event: ev('agent.login', (d * DAY) / 1000, { agentId: `a${d}`, teamId: 't1', queues: ['sales'] }),
  }));
  expect(await store.append(entries, [])).toBe(3);
  expect(await store.append(entries, [])).toBe(0);
  for (const d of [0, 1, 2]) await store.saveCheckpoint(day1 + d * DAY + 12 * 3_600_000, createState(config));
  const days = await store.pool.query('SELECT name FROM archive_days ORDER BY start_ms');
  expect(days.rows.map((r) => r.name)).toEqual([0, 1, 2].map((d) => `event_archive_d${day1 + d * DAY}`));

  // The cut in the middle of day 2: day 1 ended before it and goes; day 2 (not over by then) and day 3 stay.
  expect(await store.deleteBefore(day1 + DAY + 10 * 3_600_000)).toBe(1);
  const left = await store.pool.query('SELECT ts_ms FROM event_archive ORDER BY ts_ms');
  expect(left.rows.map((r) => Number(r.ts_ms))).toEqual([1, 2].map((d) => day1 + d * DAY + 9 * 3_600_000));
  const checkpoints = await store.pool.query('SELECT at_ms FROM archive_checkpoints ORDER BY at_ms');
  expect(checkpoints.rows.map((r) => Number(r.at_ms))).toEqual([1, 2].map((d) => day1 + d * DAY + 12 * 3_600_000));
  const tables = await store.pool.query('SELECT count(*)::int AS n FROM pg_class WHERE relname = $1', [
    `event_archive_d${day1}`,
  ]);
  expect(tables.rows[0].n).toBe(0);
  expect(await store.span()).toEqual({ firstTs: day1 + DAY + 9 * 3_600_000, lastTs: day1 + 2 * DAY + 9 * 3_600_000 });
});
