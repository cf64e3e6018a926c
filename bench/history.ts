// History: the writer's cost per closed interval on a 1,000-agent floor (rows and calls from the live state, and
// their upsert with the daily roll-up), and a month of 15-minute rows for 1,000 agents and 20 queues queried as the report API does.
// Uses DATABASE_URL, else a private PostgreSQL in a temporary directory.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { simulate } from '../agent-sim/floor.ts';
import { defaultRate } from '../agent-sim/options.ts';
import { parseConfig } from '../shared/config.ts';
import { createState, fold } from '../server/engine/index.ts';
import { intervalCalls } from '../server/engine/interval-calls.ts';
import { intervalRawRows, intervalStarts } from '../server/engine/interval-rows.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { createPool, migrate } from '../server/db/pool.ts';
import { intervalReport } from '../server/history/report.ts';
import { COLUMNS } from '../server/history/columns.ts';
import { HistoryStore } from '../server/history/store.ts';
import { header } from './report.ts';

export async function benchHistory(agents = 1000, queues = 20): Promise<void> {
  header(`history: ${agents} agents, ${queues} queues`);
  const log = pino({ level: 'warn' });
  const dir = process.env.DATABASE_URL ? null : await mkdtemp(path.join(os.tmpdir(), 'floorboard-bench-pg-'));
  // The private PostgreSQL runs as the postgres user under root: it must be able to enter the directory.
  if (dir) await chmod(dir, 0o755);
  const embedded = dir ? await startEmbeddedPostgres(dir, log) : null;
  const url = process.env.DATABASE_URL ?? embedded!.url;
  await migrate(url, log);
  const store = new HistoryStore(createPool(url, log), 'UTC');
  await store.pool.query('TRUNCATE interval_rows, day_rows, calls');
  try {
    const config = parseConfig({ timezone: 'UTC' });
    // The writer at an interval close: two hours of the floor folded, then the last closed interval's rows.
    const start = Date.UTC(2026, 10, 2, 8, 0);
    const state = createState(config);
    for (const e of simulate(
      { agents, queues, rate: defaultRate(agents), seed: 1, curve: 'flat', durationSec: 2 * 3600, timezone: 'UTC' },
      start,
    ))
      fold(state, e);
    const s = start + 2 * 3600_000 - 15 * 60_000;
    const runs: { rows: number; compute: number; write: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const rows = intervalRawRows(state, s, s + 15 * 60_000);
      const calls = intervalCalls(state, s, s + 15 * 60_000);
      const t1 = performance.now();
      await store.upsertRows(rows);
      await store.upsertCalls(calls);
      runs.push({ rows: rows.length, compute: t1 - t0, write: performance.now() - t1 });
    }
    const best = runs.sort((a, b) => a.compute + a.write - (b.compute + b.write))[0]!;
    console.log(
      `writer, 1 interval  ${best.rows} rows: compute ${best.compute.toFixed(0)} ms, upsert ${best.write.toFixed(0)} ms (best of 5; median ${(runs[2]!.compute + runs[2]!.write).toFixed(0)} ms)`,
    );

    // A month of rows: synthetic counters (the query's cost does not depend on their values).
    const month = { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) };
    const starts = intervalStarts(state.clock, month.from, month.to);
    const ids = [
      ...Array.from({ length: queues }, (_, i) => ['queue', `q${i}`] as const),
      ...Array.from({ length: agents }, (_, i) => ['agent', `a-${i}`] as const),
      ...Array.from({ length: Math.ceil(agents / 10) }, (_, i) => ['team', `t${i}`] as const),
      ['center', 'center'] as const,
    ];
    // Written by PostgreSQL itself (generate_series): the writer's own upsert cost is measured above.
    const t0 = performance.now();
    const counters = COLUMNS.map((_, f) => `((e.n + t.i + ${f}) % 13)::float8`).join(', ');
    await store.pool.query(
      `INSERT INTO interval_rows (scope, id, start_ms, end_ms, name, aux_by_reason, ${COLUMNS.join(', ')}) ` +
        `SELECT e.scope, e.id, t.s, t.s + 900000, e.id, CASE WHEN e.scope = 'agent' THEN '{"break": 60000}'::jsonb ELSE '{}'::jsonb END, ${counters} ` +
        `FROM unnest($1::text[], $2::text[], $3::int[]) AS e(scope, id, n), unnest($4::bigint[], $5::int[]) AS t(s, i)`,
      [ids.map(([scope]) => scope), ids.map(([, id]) => id), ids.map((_, k) => k), starts, starts.map((_, k) => k)],
    );
    const n = ids.length * starts.length;
    console.log(
      `month of rows       ${n.toLocaleString('en')} rows (${starts.length} intervals) written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    // Rows the store did not write have no daily roll-up yet: the catch-up a node does on start.
    const r0 = performance.now();
    const days = await store.rollUpMissingDays();
    await store.pool.query('ANALYZE interval_rows');
    await store.pool.query('ANALYZE day_rows');
    console.log(`daily roll-up       ${days} days rolled up in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
    for (const [scope, step] of [
      ['queue', 'day'],
      ['queue', 'month'],
      ['agent', 'day'],
      ['agent', 'month'],
      ['queue', '15m'],
    ] as const) {
      const times: number[] = [];
      let rows = 0;
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const q0 = performance.now();
        const report = await intervalReport(
          store,
          state,
          config,
          { scope, ids: null, from: month.from, to: month.to, step },
          Date.now(),
          () => true,
        );
        bytes = JSON.stringify(report).length;
        times.push(performance.now() - q0);
        rows = report.rows.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `report ${scope.padEnd(5)} ${step.padEnd(5)}  ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB JSON: best ${times[0]!.toFixed(0)} ms, median ${times[1]!.toFixed(0)} ms`,
      );
    }
  } finally {
    await store.pool.end();
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
