// The event archive's tables (migrations/1765050000000_archive.sql): entries appended by stream id (a rerun adds
// nothing), read back in stream order by event time, engine checkpoints at interval boundaries, and the
// boundaries that cannot have one.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type pg from 'pg';
import type { FloorEvent } from '../../shared/events.ts';
import type { DayClock } from '../../shared/time.ts';
import { deserializeState, serializeStateInPieces } from '../engine/serialize.ts';
import { loopYielder } from '../loop-yield.ts';
import type { EngineState } from '../engine/index.ts';
import type { CheckpointCache } from './checkpoint-cache.ts';

/** One archived stream entry: its id and the validated event it carried. */
export interface ArchivedEntry {
  id: string;
  event: FloorEvent;
}

/** Rows per read: a page of a day's events, so a seek never holds more than two of these in memory at once. */
const READ_PAGE = 10_000;
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
/**
 * Checkpoints are written once and read by every cold seek: level 6 makes them 11 % smaller than level 1 and
 * quicker to gunzip (fewer bytes), for a write that costs more, in the thread pool, once a quarter (docs/performance.md).
 */
const CHECKPOINT_GZIP_LEVEL = 6;

function splitId(id: string): [number, number] {
  const dash = id.indexOf('-');
  return [Number(id.slice(0, dash)), Number(id.slice(dash + 1))];
}

export class ArchiveStore {
  /** Day partitions known to exist (their start), so appending asks PostgreSQL only on a new day. */
  private readonly days = new Set<number>();

  constructor(
    readonly pool: pg.Pool,
    private readonly clock: DayClock,
    /** Where the checkpoints read are kept (a seek thread's); none: each read from the database. */
    private readonly checkpoints?: CheckpointCache,
  ) {}

  /**
   * Appends entries (stream order), creating their days' partitions; in the same transaction marks the boundaries
   * they arrived late across and drops the checkpoints there. Returns how many rows were new.
   */
  async append(entries: ArchivedEntry[], unclean: number[]): Promise<number> {
    if (entries.length === 0 && unclean.length === 0) return 0;
    for (const e of entries) await this.ensureDay(e.event.ts);
    const ids = entries.map((e) => splitId(e.id));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const r = await client.query(
        'INSERT INTO event_archive (id_ms, id_seq, ts_ms, event) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) ON CONFLICT DO NOTHING',
        [
          ids.map((i) => i[0]),
          ids.map((i) => i[1]),
          entries.map((e) => e.event.ts),
          entries.map((e) => JSON.stringify(e.event)),
        ],
      );
      if (unclean.length > 0) {
        await client.query('INSERT INTO archive_unclean (at_ms) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING', [
          unclean,
        ]);
        await client.query('DELETE FROM archive_checkpoints WHERE at_ms = ANY($1::bigint[])', [unclean]);
      }
      await client.query('COMMIT');
      return r.rowCount ?? 0;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async ensureDay(ts: number): Promise<void> {
    const start = this.clock.dayStart(ts);
    if (this.days.has(start)) return;
    const end = this.clock.nextDayStart(ts);
    const name = `event_archive_d${start}`;
    const known = await this.pool.query('SELECT 1 FROM archive_days WHERE name = $1', [name]);
    if (known.rowCount === 0) {
      try {
        await this.pool.query(
          `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF event_archive FOR VALUES FROM (${start}) TO (${end})`,
        );
        await this.pool.query(
          'INSERT INTO archive_days (name, start_ms, end_ms) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [name, start, end],
        );
      } catch {
        // Overlapping an older day (the zone changed) or rows of it already in the default partition: the rows go
        // to the default partition, which reads the same.
      }
    }
    this.days.add(start);
  }

  /** The last archived stream id, or null for an empty archive. */
  async lastId(): Promise<string | null> {
    const r = await this.pool.query<{ id_ms: number; id_seq: number }>(
      'SELECT id_ms, id_seq FROM event_archive ORDER BY id_ms DESC, id_seq DESC LIMIT 1',
    );
    const row = r.rows[0];
    return row ? `${row.id_ms}-${row.id_seq}` : null;
  }

  /** Event times of the first and the latest archived events, or null. */
  async span(): Promise<{ firstTs: number; lastTs: number } | null> {
    const r = await this.pool.query<{ first: number | null; last: number | null }>(
      'SELECT min(ts_ms) AS first, max(ts_ms) AS last FROM event_archive',
    );
    const row = r.rows[0];
    return row?.first == null || row.last == null ? null : { firstTs: Number(row.first), lastTs: Number(row.last) };
  }

  /**
   * The archived entries with from < ts ≤ to (from null: from the start), in stream order, a page at a time. The
   * next page is asked for before this one is handed over, so PostgreSQL reads it while the caller folds.
   */
  async *entries(from: number | null, to: number): AsyncGenerator<ArchivedEntry[]> {
    const read = (after: [number, number]) => {
      const r = this.pool.query<{ id_ms: number; id_seq: number; event: string }>(
        'SELECT id_ms, id_seq, event FROM event_archive WHERE ts_ms > $1 AND ts_ms <= $2 AND (id_ms, id_seq) > ($3, $4) ' +
          'ORDER BY id_ms, id_seq LIMIT $5',
        [from ?? Number.MIN_SAFE_INTEGER, to, after[0], after[1], READ_PAGE],
      );
      // A caller that stops early leaves the read ahead unawaited: its failure is nobody's.
      r.catch(() => undefined);
      return r;
    };
    let next = read([-1, -1]);
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      if (rows.length === READ_PAGE) next = read([last.id_ms, last.id_seq]);
      yield rows.map((row) => ({ id: `${row.id_ms}-${row.id_seq}`, event: JSON.parse(row.event) as FloorEvent }));
      if (rows.length < READ_PAGE) return;
    }
  }

  /**
   * Whether an entry with from < ts ≤ to is archived later in the stream than `id` (from null: from the start): one
   * that arrived after a fold up to `to` had passed `id`, which that fold therefore lacks.
   */
  async hasEntryAfter(from: number | null, to: number, id: string): Promise<boolean> {
    const [ms, seq] = splitId(id);
    const r = await this.pool.query(
      'SELECT 1 FROM event_archive WHERE ts_ms > $1 AND ts_ms <= $2 AND (id_ms, id_seq) > ($3, $4) LIMIT 1',
      [from ?? Number.MIN_SAFE_INTEGER, to, ms, seq],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** `state` must not change until this settles: it is written in pieces between turns of the event loop. */
  async saveCheckpoint(at: number, state: EngineState): Promise<void> {
    // Compressed in the thread pool: neither step holds the loop for long, even at 10,000 agents.
    const bytes = await gzipAsync(await serializeStateInPieces(state, loopYielder()), {
      level: CHECKPOINT_GZIP_LEVEL,
    });
    await this.pool.query(
      'INSERT INTO archive_checkpoints (at_ms, state) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM archive_unclean WHERE at_ms = $1) ' +
        'ON CONFLICT (at_ms) DO UPDATE SET state = excluded.state',
      [at, bytes],
    );
  }

  /** The instant of the latest checkpoint at or before `at`, or null: read apart from the state, which is large. */
  async checkpointAtOrBefore(at: number): Promise<number | null> {
    const r = await this.pool.query<{ at_ms: number }>(
      'SELECT at_ms FROM archive_checkpoints WHERE at_ms <= $1 ORDER BY at_ms DESC LIMIT 1',
      [at],
    );
    return r.rows[0]?.at_ms ?? null;
  }

  /** The checkpoint at exactly `at` (null: none, or of another format or zone: fold from the start). */
  async checkpointState(at: number, timezone: string): Promise<EngineState | null> {
    let bytes = this.checkpoints?.get(at);
    if (!bytes) {
      const r = await this.pool.query<{ state: Buffer }>('SELECT state FROM archive_checkpoints WHERE at_ms = $1', [
        at,
      ]);
      const row = r.rows[0];
      if (!row) return null;
      // In the thread pool: a page of the archive read meanwhile is parsed on this thread (seek.ts fromCheckpoint).
      bytes = await gunzipAsync(row.state);
      this.checkpoints?.set(at, bytes);
    }
    // V8's deserialiser makes typed arrays views on the bytes it reads: a fold onto the state would write into the
    // cached copy, so a cached checkpoint is decoded from a copy of its own.
    return deserializeState(this.checkpoints ? Buffer.from(bytes) : bytes, timezone);
  }

  /** The latest checkpoint's instant, or null. */
  async lastCheckpointAt(): Promise<number | null> {
    const r = await this.pool.query<{ at: number | null }>('SELECT max(at_ms) AS at FROM archive_checkpoints');
    return r.rows[0]?.at == null ? null : Number(r.rows[0].at);
  }

  async uncleanIn(from: number, to: number): Promise<Set<number>> {
    const r = await this.pool.query<{ at_ms: number }>(
      'SELECT at_ms FROM archive_unclean WHERE at_ms >= $1 AND at_ms <= $2',
      [from, to],
    );
    return new Set(r.rows.map((x) => x.at_ms));
  }

  /** Drops the days that ended by `ts`, and the checkpoints before it (retention); returns the days dropped. */
  async deleteBefore(ts: number): Promise<number> {
    const old = await this.pool.query<{ name: string }>('SELECT name FROM archive_days WHERE end_ms <= $1', [ts]);
    for (const { name } of old.rows) {
      await this.pool.query(`DROP TABLE IF EXISTS ${name}`);
      await this.pool.query('DELETE FROM archive_days WHERE name = $1', [name]);
    }
    await this.pool.query('DELETE FROM event_archive_default WHERE ts_ms < $1', [ts]);
    await this.pool.query('DELETE FROM archive_checkpoints WHERE at_ms < $1', [ts]);
    await this.pool.query('DELETE FROM archive_unclean WHERE at_ms < $1', [ts]);
    this.days.clear();
    return old.rowCount ?? 0;
  }
}
