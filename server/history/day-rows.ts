// The daily roll-up (migrations/…_day_rows.sql): each local day's interval rows summed per entity, rewritten from
// interval_rows whenever one of the day's rows is written. Day, week and month reports sum these instead of the
// 15-minute rows: a month is 31 rows per agent, not 2,976, and the sums are the same numbers.
import type pg from 'pg';
import type { DayClock } from '../../shared/time.ts';
import { REPORT_SCOPES } from '../../shared/history.ts';
import { COLUMNS, MAX_FIELDS, STORED_FIELDS } from './columns.ts';

/** Each counter combined as a period combines it: maxima for the two maxima, sums for the rest. */
export const AGGREGATES = STORED_FIELDS.map((f, i) => `${MAX_FIELDS.has(f) ? 'max' : 'sum'}(${COLUMNS[i]})`);

/** The local days [start, end) that instants fall in, each once, oldest first. */
export function daysOf(clock: DayClock, instants: Iterable<number>): [number, number][] {
  const days = new Map<number, number>();
  for (const ts of instants) {
    const start = clock.dayStart(ts);
    if (!days.has(start)) days.set(start, clock.nextDayStart(ts));
  }
  return [...days].sort((a, b) => a[0] - b[0]);
}

/** Rewrites these days' roll-up from interval_rows (a day left without rows loses its roll-up rows). */
export async function rollUpDays(db: pg.ClientBase, timezone: string, days: [number, number][]): Promise<void> {
  if (days.length === 0) return;
  const params = [timezone, days.map((d) => d[0]), days.map((d) => d[1]), REPORT_SCOPES];
  await db.query('DELETE FROM day_rows WHERE timezone = $1 AND start_ms = ANY($2::bigint[])', params.slice(0, 2));
  // The scopes are joined in explicitly so each (scope, day) is an index range of interval_rows_scope_start.
  const aux =
    `coalesce((SELECT jsonb_object_agg(key, ms) FROM (SELECT key, sum(value::float8) AS ms ` +
    `FROM interval_rows a, jsonb_each_text(a.aux_by_reason) WHERE a.scope = r.scope AND a.id = r.id ` +
    `AND a.start_ms >= d.s AND a.start_ms < d.e GROUP BY key) x), '{}'::jsonb)`;
  await db.query(
    `INSERT INTO day_rows (timezone, scope, id, start_ms, end_ms, intervals, name, aux_by_reason, ${COLUMNS.join(', ')}) ` +
      `SELECT $1, r.scope, r.id, d.s, d.e, count(*)::int, max(r.name), ${aux}, ${AGGREGATES.join(', ')} ` +
      `FROM unnest($2::bigint[], $3::bigint[]) AS d(s, e) CROSS JOIN unnest($4::text[]) AS sc(scope) ` +
      `JOIN interval_rows r ON r.scope = sc.scope AND r.start_ms >= d.s AND r.start_ms < d.e ` +
      `GROUP BY r.scope, r.id, d.s, d.e ORDER BY r.scope, r.id, d.s`,
    params,
  );
}

/** Days with interval rows but no roll-up in this zone: rows from before the roll-up existed, or another zone. */
export async function daysMissingRollUp(db: pg.Pool, clock: DayClock): Promise<[number, number][]> {
  // Every written interval has a centre row, and every rolled-up day a centre day row.
  const [rows, rolled] = await Promise.all([
    db.query<{ start_ms: number }>(`SELECT start_ms FROM interval_rows WHERE scope = 'center'`),
    db.query<{ start_ms: number }>(`SELECT start_ms FROM day_rows WHERE timezone = $1 AND scope = 'center'`, [
      clock.timezone,
    ]),
  ]);
  const have = new Set(rolled.rows.map((r) => r.start_ms));
  return daysOf(
    clock,
    rows.rows.map((r) => r.start_ms),
  ).filter(([start]) => !have.has(start));
}
