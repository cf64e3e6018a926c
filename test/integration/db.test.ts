// The schema is applied by migrations, once however many nodes start together.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { expect, it } from 'vitest';
import { migrate, redactUrl } from '../../server/db/pool.ts';
import { REPO } from '../helpers/paths.ts';
import { usePostgres } from '../helpers/postgres.ts';

const db = usePostgres();
const log = pino({ level: 'silent' });

it('migrates a fresh database; concurrent and repeated runs apply each migration once', async () => {
  await Promise.all([migrate(db(), log), migrate(db(), log), migrate(db(), log)]);
  await migrate(db(), log);
  const c = new pg.Client({ connectionString: db() });
  await c.connect();
  try {
    const tables = await c.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'archive_checkpoints',
      'archive_days',
      'archive_unclean',
      'calls',
      'day_rows',
      'event_archive',
      'event_archive_default',
      'faults',
      'interval_rows',
      'pgmigrations',
      'schedule_activities',
    ]);
    // Each migration file applied exactly once, however many nodes raced to apply it.
    const runs = await c.query('SELECT name FROM pgmigrations ORDER BY name');
    const files = readdirSync(join(REPO, 'migrations'))
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.replace(/\.sql$/, ''))
      .sort();
    expect(runs.rows.map((r) => r.name)).toEqual(files);
  } finally {
    await c.end();
  }
});

it('never logs a password', () => {
  expect(redactUrl('postgres://fb:s3cret@db.example:5432/floorboard')).toBe(
    'postgres://fb:***@db.example:5432/floorboard',
  );
  expect(redactUrl('postgres://fb@127.0.0.1:5432/x')).toBe('postgres://fb@127.0.0.1:5432/x');
});
