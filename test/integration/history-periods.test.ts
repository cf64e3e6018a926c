// Longer periods from stored 15-minute rows: nine days of a small simulated floor written straight to the
// database; a week's `day` rows add up to its `week` row, hours to their day, and ratios are recomputed from the
// sums (never averaged); an empty period's ratios stay null. Exports parse back to the JSON rows, Chinese names intact.
import pino from 'pino';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { AgentReportRow, QueueReportRow, ReportRow } from '../../shared/history.ts';
import { DayClock, localDayStart } from '../../shared/time.ts';
import { createState } from '../../server/engine/index.ts';
import { createPool, migrate } from '../../server/db/pool.ts';
import { fillDemoHistory } from '../../server/history/demo-history.ts';
import { COLUMNS } from '../../server/history/columns.ts';
import { AGGREGATES, daysOf } from '../../server/history/day-rows.ts';
import { table, toCsv, toXlsx } from '../../server/history/export.ts';
import { intervalReport, type ReportQuery } from '../../server/history/report.ts';
import { HistoryStore } from '../../server/history/store.ts';
import { expectClose } from '../helpers/close.ts';
import { usePostgres } from '../helpers/postgres.ts';

const db = usePostgres();
const TZ = 'America/New_York';
const config = parseConfig({
  timezone: TZ,
  queues: [
    { id: 'sales', name: '销售热线' },
    { id: 'q2', name: 'Support' },
  ],
  center: { seats: 10, costPerAgentHour: 30 },
});
// Monday 2 March 2026 to Wednesday 11 March: 2–8 March is a whole ISO week whose Sunday (8 March, spring forward)
// has 23 hours.
const from = localDayStart(Date.UTC(2026, 2, 2, 12), TZ);
const until = localDayStart(Date.UTC(2026, 2, 11, 12), TZ);
let store: HistoryStore;
const state = createState(config);
const report = (q: Omit<ReportQuery, 'ids'> & { ids?: string[] }) =>
  intervalReport(store, state, config, { ids: null, ...q }, until + 86_400_000 * 30, () => true);

beforeAll(async () => {
  const log = pino({ level: 'silent' });
  await migrate(db(), log);
  store = new HistoryStore(createPool(db(), log), TZ);
  const written = await fillDemoHistory(store, config, { days: 9, until, agents: 8, queues: 2, seed: 3 });
  expect(written).toBe(9 * 96 - 4); // one 23-hour day
}, 120_000);

const sumOf = (rows: ReportRow[], k: string) =>
  rows.reduce((a, r) => a + ((r as unknown as Record<string, number>)[k] ?? 0), 0);

describe('periods', () => {
  it("a week's day rows add up to its week row; ratios are recomputed from the sums", async () => {
    const weekEnd = localDayStart(Date.UTC(2026, 2, 9, 12), TZ);
    for (const scope of ['center', 'queue', 'team', 'agent'] as const) {
      const days = (await report({ scope, from, to: weekEnd, step: 'day' })).rows;
      const weeks = (await report({ scope, from, to: weekEnd, step: 'week' })).rows;
      expect(new Set(days.map((d) => d.start)).size).toBe(7);
      for (const w of weeks) {
        expect(w.start).toBe(from);
        expect(w.end).toBe(weekEnd);
        const mine = days.filter((d) => d.id === w.id);
        const keys =
          scope === 'center' || scope === 'queue'
            ? ['offered', 'answered', 'answeredWithinSl', 'abandoned', 'abandonedShort']
            : ['handled', 'talkSec', 'loginSec', 'auxSec'];
        for (const k of keys)
          expect((w as unknown as Record<string, number>)[k], `${scope} ${w.id} ${k}`).toBeCloseTo(sumOf(mine, k), 6);
        if (scope === 'center' || scope === 'queue') {
          const q = w as QueueReportRow;
          const d = mine as QueueReportRow[];
          // SL of the week = Σ answeredWithinSl ÷ Σ (answered + abandoned), not the mean of the days' SL.
          const den = sumOf(d, 'answered') + sumOf(d, 'abandoned');
          if (den === 0) expect(q.serviceLevel).toBeNull();
          else expect(q.serviceLevel).toBeCloseTo(sumOf(d, 'answeredWithinSl') / den, 12);
          const waits = d.flatMap((x) => (x.maxWaitSec === null ? [] : [x.maxWaitSec]));
          expect(q.maxWaitSec).toBe(waits.length ? Math.max(...waits) : null);
        } else {
          const a = w as AgentReportRow;
          expect(a.dailyTalkSec).toBeCloseTo(a.talkSec / 7, 9);
          expect(a.productivity).toBeCloseTo(a.handled / (a.loginSec / 3600), 9);
        }
      }
    }
  });

  it('hours add up to their day, 23 on the spring-forward Sunday; seat utilization and cost per call from the config', async () => {
    const sunday = localDayStart(Date.UTC(2026, 2, 8, 12), TZ);
    const monday = localDayStart(Date.UTC(2026, 2, 9, 12), TZ);
    const hours = (await report({ scope: 'center', from: sunday, to: monday, step: '60m' })).rows as QueueReportRow[];
    expect(hours).toHaveLength(23);
    const [day] = (await report({ scope: 'center', from: sunday, to: monday, step: 'day' })).rows as QueueReportRow[];
    expect(day!.offered).toBe(sumOf(hours, 'offered'));
    // The centre's logged-in time is its agents' time: seat utilization = Σ loginSec ÷ (10 seats × 23 h);
    // cost per call = 30 × Σ login hours ÷ Σ handled.
    const agents = (await report({ scope: 'agent', from: sunday, to: monday, step: 'day' })).rows as AgentReportRow[];
    const loginHours = sumOf(agents, 'loginSec') / 3600;
    expect(day!.seatUtilization).toBeCloseTo(loginHours / (10 * 23), 9);
    expect(day!.costPerCall).toBeCloseTo((30 * loginHours) / sumOf(agents, 'handled'), 9);
    expect(day!.dailyTalkSec).toBeCloseTo(sumOf(agents, 'talkSec'), 6);
  });

  it('a period with nothing stored gives no rows (nothing is invented)', async () => {
    const rows = (
      await report({
        scope: 'queue',
        ids: ['sales'],
        from: until + 86_400_000,
        to: until + 2 * 86_400_000,
        step: 'day',
      })
    ).rows;
    expect(rows).toEqual([]);
  });
});

describe('exports', () => {
  it('CSV and XLSX parse back to the JSON rows; 销售热线 survives', async () => {
    const rows = (await report({ scope: 'queue', from, to: until, step: 'day' })).rows;
    expect(rows.some((r) => r.name === '销售热线')).toBe(true);
    const csv = toCsv(rows, TZ);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const header = csv.slice(1).split('\r\n')[0]!;
    expect(header.startsWith('scope,id,name,start,end,complete,offered,')).toBe(true);
    expect(header).toContain('outbound.dialed');
    const t = table(rows, TZ);
    const back = parse(csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(back).toHaveLength(rows.length);
    const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    back.forEach((r, i) => {
      for (const c of t.columns) expect(r[c], `${i} ${c}`).toBe(asText(t.rows[i]![c]));
      expect(r.startLocal).toMatch(/^2026-03-\d\dT00:00:00-0[45]:00$/);
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(rows, TZ, 'intervals')) as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    const cols = (ws.getRow(1).values as unknown[]).slice(1);
    expect(cols).toEqual(t.columns);
    for (let i = 0; i < rows.length; i++) {
      const vals = (ws.getRow(i + 2).values as unknown[]).slice(1);
      t.columns.forEach((c, j) => expect(vals[j] ?? null, `${i} ${c}`).toEqual(t.rows[i]![c] ?? null));
    }
  });
});

/** Every roll-up row, and the same sums computed here from the 15-minute rows of its local day. */
async function rollUpAgainstIntervals(): Promise<{ rolled: unknown[]; summed: unknown[] }> {
  const rolled = await store.pool.query(
    `SELECT scope, id, start_ms, intervals AS n, name, aux_by_reason, ${COLUMNS.map((c, i) => `${c} AS c${i}`).join(', ')} FROM day_rows`,
  );
  const days = daysOf(
    new DayClock(TZ),
    (await store.pool.query('SELECT DISTINCT start_ms FROM interval_rows')).rows.map((r) => r.start_ms),
  );
  const summed: unknown[] = [];
  for (const [s, e] of days) {
    const r = await store.pool.query(
      `SELECT scope, id, $1::bigint AS start_ms, count(*)::int AS n, max(name) AS name, ` +
        `(SELECT coalesce(jsonb_object_agg(key, ms), '{}') FROM (SELECT key, sum(value::float8) AS ms FROM interval_rows a, jsonb_each_text(a.aux_by_reason) ` +
        `WHERE a.scope = r.scope AND a.id = r.id AND a.start_ms >= $1 AND a.start_ms < $2 GROUP BY key) x) AS aux_by_reason, ` +
        `${AGGREGATES.map((a, i) => `${a} AS c${i}`).join(', ')} FROM interval_rows r WHERE start_ms >= $1 AND start_ms < $2 GROUP BY scope, id`,
      [s, e],
    );
    summed.push(...r.rows);
  }
  const order = (a: { scope: string; id: string; start_ms: number }, b: typeof a) =>
    a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : a.start_ms - b.start_ms;
  return { rolled: rolled.rows.sort(order), summed: (summed as typeof rolled.rows).sort(order) };
}

it('the daily roll-up is each local day of 15-minute rows summed; rebuilt when missing; kept through retention', {
  timeout: 120_000,
}, async () => {
  const first = await rollUpAgainstIntervals();
  // 9 days (one of 23 hours) × (centre + 2 queues + teams + agents logged in that day).
  expect(first.rolled.length).toBeGreaterThan(9 * 4);
  expectClose(first.rolled, first.summed);
  const month = (await report({ scope: 'agent', from, to: until, step: 'month' })).rows;

  // Rows from before the roll-up existed (or of another zone): the days are rolled up again, to the same report.
  await store.pool.query('DELETE FROM day_rows');
  expect(await report({ scope: 'agent', from, to: until, step: 'month' })).toMatchObject({ rows: [] });
  expect(await store.rollUpMissingDays()).toBe(9);
  expect(await store.rollUpMissingDays()).toBe(0);
  expectClose((await report({ scope: 'agent', from, to: until, step: 'month' })).rows, month);

  // Retention cutting into a day: that day's roll-up keeps only its remaining rows.
  await store.deleteBefore(from + 86_400_000 + 10 * 3_600_000);
  const cut = await rollUpAgainstIntervals();
  expectClose(cut.rolled, cut.summed);
  expect(cut.rolled.length).toBeLessThan(first.rolled.length);
  // Put the rows back for the tests after this one (and a retry of this one).
  await fillDemoHistory(store, config, { days: 9, until, agents: 8, queues: 2, seed: 3 });
  expectClose((await rollUpAgainstIntervals()).rolled, first.rolled);
});

it('writes the same rows when run again (upserts by scope, id and start; seeded)', { timeout: 120_000 }, async () => {
  const before = (await report({ scope: 'agent', from, to: until, step: 'month' })).rows;
  await fillDemoHistory(store, config, { days: 9, until, agents: 8, queues: 2, seed: 3 });
  const c = await store.pool.query(`SELECT count(*)::int AS n FROM interval_rows WHERE scope = 'center'`);
  expect(c.rows[0].n).toBe(9 * 96 - 4);
  expectClose((await report({ scope: 'agent', from, to: until, step: 'month' })).rows, before);
});
