// The history tables: interval rows upserted by (scope, id, start), so a row written twice is still one row, and
// read back summed per period by PostgreSQL (numerators and denominators; maxima for the two maxima). Periods of
// whole local days read the daily roll-up (day-rows.ts), rewritten in the same transaction as the rows.
import type pg from 'pg';
import type { RawRow } from '../engine/interval-rows.ts';
import { newTally } from '../engine/tally.ts';
import type { CallRecord, FaultRecord, ReportScope } from '../../shared/history.ts';
import { DayClock } from '../../shared/time.ts';
import { COLUMNS, INDEX } from './columns.ts';
import { AGGREGATES, daysMissingRollUp, daysOf, rollUpDays } from './day-rows.ts';

/** Rows per INSERT: each column travels as one array parameter. */
const BATCH = 5_000;

/**
 * Writers of interval rows take this transaction lock first: two nodes (a lease change) then roll up a day one
 * after the other, the later one seeing the earlier one's rows, and never deadlock on each other's day rows.
 */
const WRITE_LOCK = 4_631_700_611;

/** Days rolled up per transaction when catching up on old rows. */
const ROLL_UP_DAYS_PER_WRITE = 7;

const CALL_COLUMNS: [column: string, type: string, key: keyof CallRecord][] = [
  ['call_id', 'text', 'callId'],
  ['closed_ms', 'bigint', 'closedTs'],
  ['direction', 'text', 'direction'],
  ['queue_id', 'text', 'queueId'],
  ['agent_id', 'text', 'agentId'],
  ['offered_ms', 'bigint', 'offeredTs'],
  ['answered_ms', 'bigint', 'answeredTs'],
  ['ended_ms', 'bigint', 'endedTs'],
  ['wrapup_ms', 'bigint', 'wrapupTs'],
  ['wait_sec', 'float8', 'waitSec'],
  ['talk_sec', 'float8', 'talkSec'],
  ['hold_sec', 'float8', 'holdSec'],
  ['acw_sec', 'float8', 'acwSec'],
  ['outcome', 'text', 'outcome'],
  ['disposition', 'text', 'disposition'],
  ['survey', 'float8', 'survey'],
  ['qa', 'float8', 'qa'],
];

export interface StoredSum {
  scope: ReportScope;
  id: string;
  name: string;
  bucket: number;
  /** How many 15-minute rows went into the sum. */
  rows: number;
  tally: Float64Array;
  auxByReason: Map<string, number>;
}

export class HistoryStore {
  private readonly clock: DayClock;

  /** timezone: the centre's, which cuts the days of the roll-up (the engine's). */
  constructor(
    readonly pool: pg.Pool,
    timezone: string,
  ) {
    this.clock = new DayClock(timezone);
  }

  private async locked<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Upserts the rows and rewrites the roll-up of the days they fall in, all or nothing. */
  async upsertRows(rows: RawRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.locked(async (client) => {
      for (let i = 0; i < rows.length; i += BATCH) await this.upsertBatch(client, rows.slice(i, i + BATCH));
      await rollUpDays(
        client,
        this.clock.timezone,
        daysOf(
          this.clock,
          rows.map((r) => r.start),
        ),
      );
    });
  }

  /** Rolls up the days whose rows have no roll-up in the centre's zone yet; returns how many days. */
  async rollUpMissingDays(): Promise<number> {
    const days = await daysMissingRollUp(this.pool, this.clock);
    for (let i = 0; i < days.length; i += ROLL_UP_DAYS_PER_WRITE) {
      await this.locked((client) => rollUpDays(client, this.clock.timezone, days.slice(i, i + ROLL_UP_DAYS_PER_WRITE)));
    }
    return days.length;
  }

  private async upsertBatch(client: pg.PoolClient, rows: RawRow[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[][] = [[], [], [], [], [], [], ...COLUMNS.map(() => [])];
    for (const r of rows) {
      params[0]!.push(r.scope);
      params[1]!.push(r.id);
      params[2]!.push(r.start);
      params[3]!.push(r.end);
      params[4]!.push(r.name);
      params[5]!.push(JSON.stringify(Object.fromEntries(r.auxByReason)));
      for (let c = 0; c < INDEX.length; c++) params[6 + c]!.push(r.tally[INDEX[c]!]);
    }
    const types = ['text', 'text', 'bigint', 'bigint', 'text', 'jsonb', ...COLUMNS.map(() => 'float8')];
    const cols = ['scope', 'id', 'start_ms', 'end_ms', 'name', 'aux_by_reason', ...COLUMNS];
    const sql =
      `INSERT INTO interval_rows (${cols.join(', ')}) ` +
      `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) ` +
      `ON CONFLICT (scope, id, start_ms) DO UPDATE SET ${cols
        .slice(3)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}, written_at = now()`;
    await client.query(sql, params);
  }

  async upsertCalls(calls: CallRecord[]): Promise<void> {
    for (let i = 0; i < calls.length; i += BATCH) {
      const batch = calls.slice(i, i + BATCH);
      if (batch.length === 0) continue;
      const cols = CALL_COLUMNS.map(([c]) => c);
      const types = CALL_COLUMNS.map(([, t]) => t);
      const params = CALL_COLUMNS.map(([, , key]) => batch.map((c) => c[key]));
      await this.pool.query(
        `INSERT INTO calls (${cols.join(', ')}) SELECT * FROM unnest(${types.map((t, j) => `$${j + 1}::${t}[]`).join(', ')}) ` +
          `ON CONFLICT (call_id, closed_ms) DO UPDATE SET ${cols
            .slice(2)
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`,
        params,
      );
    }
  }

  /** Call records closed in [from, to), oldest first; of one queue, outcome or agent when given. */
  async calls(
    from: number,
    to: number,
    queueId: string | null,
    outcome: string | null,
    agentId: string | null = null,
  ): Promise<CallRecord[]> {
    const r = await this.pool.query(
      `SELECT ${CALL_COLUMNS.map(([c]) => c).join(', ')} FROM calls WHERE closed_ms >= $1 AND closed_ms < $2 ` +
        `AND ($3::text IS NULL OR queue_id = $3) AND ($4::text IS NULL OR outcome = $4) ` +
        `AND ($5::text IS NULL OR agent_id = $5) ORDER BY closed_ms, call_id`,
      [from, to, queueId, outcome, agentId],
    );
    return r.rows.map(
      (row: Record<string, unknown>) =>
        Object.fromEntries(CALL_COLUMNS.map(([c, , key]) => [key, row[c] ?? null])) as unknown as CallRecord,
    );
  }

  /** A fault's record by (faultId, opened): written open, then again once it closed. A closed record stays closed. */
  async upsertFaults(faults: FaultRecord[]): Promise<void> {
    if (faults.length === 0) return;
    await this.pool.query(
      `INSERT INTO faults (fault_id, opened_ms, closed_ms, component, severity, message) ` +
        `SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[]) ` +
        `ON CONFLICT (fault_id, opened_ms) DO UPDATE SET closed_ms = coalesce(excluded.closed_ms, faults.closed_ms), ` +
        `component = excluded.component, severity = excluded.severity, message = excluded.message`,
      [
        faults.map((f) => f.faultId),
        faults.map((f) => f.openedTs),
        faults.map((f) => f.closedTs),
        faults.map((f) => f.component),
        faults.map((f) => f.severity),
        faults.map((f) => f.message),
      ],
    );
  }

  /** Faults open at some time in [from, to), oldest first. */
  async faults(from: number, to: number): Promise<FaultRecord[]> {
    const r = await this.pool.query<{
      fault_id: string;
      opened_ms: number;
      closed_ms: number | null;
      component: string;
      severity: FaultRecord['severity'];
      message: string | null;
    }>(
      `SELECT fault_id, opened_ms, closed_ms, component, severity, message FROM faults WHERE opened_ms < $2 AND (closed_ms IS NULL OR closed_ms >= $1) ORDER BY opened_ms, fault_id`,
      [from, to],
    );
    return r.rows.map((f) => ({
      faultId: f.fault_id,
      component: f.component,
      severity: f.severity,
      message: f.message,
      openedTs: f.opened_ms,
      closedTs: f.closed_ms,
      durationSec: f.closed_ms === null ? null : (f.closed_ms - f.opened_ms) / 1000,
    }));
  }

  /** Starts of the intervals in [from, to) that have a centre row (every written interval has one). */
  async writtenStarts(from: number, to: number): Promise<Set<number>> {
    const r = await this.pool.query<{ start_ms: number }>(
      `SELECT start_ms FROM interval_rows WHERE scope = 'center' AND start_ms >= $1 AND start_ms < $2`,
      [from, to],
    );
    return new Set(r.rows.map((x) => x.start_ms));
  }

  /** Deletes what ended before ts (retention); returns the interval rows and calls removed. */
  async deleteBefore(ts: number): Promise<number> {
    const rows = await this.locked(async (client) => {
      const deleted = await client.query('DELETE FROM interval_rows WHERE end_ms <= $1', [ts]);
      await client.query('DELETE FROM day_rows WHERE end_ms <= $1', [ts]);
      // The day ts falls in kept only its later rows.
      await rollUpDays(client, this.clock.timezone, daysOf(this.clock, [ts]));
      return deleted;
    });
    const calls = await this.pool.query('DELETE FROM calls WHERE closed_ms < $1', [ts]);
    const faults = await this.pool.query('DELETE FROM faults WHERE closed_ms < $1', [ts]);
    return (rows.rowCount ?? 0) + (calls.rowCount ?? 0) + (faults.rowCount ?? 0);
  }

  /**
   * Rows of [from, to) summed per bucket and entity. `bounds` are the buckets' starts, ascending, the last one the
   * end of the last bucket; a row belongs to the bucket its start falls in.
   */
  async sums(scope: ReportScope, ids: string[] | null, bounds: number[]): Promise<StoredSum[]> {
    const from = bounds[0]!;
    const to = bounds[bounds.length - 1]!;
    // Buckets of whole local days: a 15-minute row falls in a bucket exactly when its day does.
    const daily = bounds.every((b) => this.clock.dayStart(b) === b);
    const table = daily ? 'day_rows' : 'interval_rows';
    // width_bucket over the sorted starts: i when starts[i] ≤ start_ms < starts[i + 1] (1-based).
    const bucket = `width_bucket(r.start_ms, $4::bigint[])`;
    const params: unknown[] = [scope, from, to, bounds.slice(0, -1)];
    let where = 'scope = $1 AND start_ms >= $2 AND start_ms < $3';
    if (daily) where += ` AND timezone = $${params.push(this.clock.timezone)}`;
    if (ids) where += ` AND id = ANY($${params.push(ids)}::text[])`;
    const sql =
      `SELECT id, bucket, ${daily ? 'sum(intervals)' : 'count(*)'}::int AS n, max(name) AS name, ${AGGREGATES.join(', ')} ` +
      `FROM (SELECT r.*, ${bucket} AS bucket FROM ${table} r WHERE ${where}) r GROUP BY id, bucket ORDER BY bucket, id`;
    // The counters and the aux reasons are two scans: run side by side, on two of the pool's connections.
    const withAux = scope === 'team' || scope === 'agent';
    const [result, aux] = await Promise.all([
      this.pool.query({ text: sql, values: params, rowMode: 'array' }),
      withAux
        ? this.pool.query(
            `SELECT id, bucket, key, sum(value::float8) AS ms FROM (SELECT r.id, r.aux_by_reason, ${bucket} AS bucket FROM ${table} r WHERE ${where}) r, ` +
              `jsonb_each_text(r.aux_by_reason) GROUP BY id, bucket, key`,
            params,
          )
        : null,
    ]);
    const out = new Map<string, StoredSum>();
    for (const row of result.rows as unknown[][]) {
      const tally = newTally();
      for (let c = 0; c < INDEX.length; c++) tally[INDEX[c]!] = Number(row[4 + c]);
      const sum: StoredSum = {
        scope,
        id: String(row[0]),
        bucket: bounds[Number(row[1]) - 1]!,
        rows: Number(row[2]),
        name: String(row[3]),
        tally,
        auxByReason: new Map(),
      };
      out.set(`${sum.bucket}\u0000${sum.id}`, sum);
    }
    for (const a of (aux?.rows ?? []) as { id: string; bucket: number; key: string; ms: number }[]) {
      out.get(`${bounds[Number(a.bucket) - 1]}\u0000${a.id}`)?.auxByReason.set(a.key, Number(a.ms));
    }
    return [...out.values()];
  }
}
