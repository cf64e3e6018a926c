// The schedule table: an import replaces, for each agent and local date it names, everything scheduled under that
// date (one transaction: a reader sees the old day or the new one, never half of each).
import type pg from 'pg';
import type { Activity, ScheduledActivity } from '../../shared/schedules.ts';

/** Rows per INSERT: each column travels as one array parameter. */
const BATCH = 5_000;

interface Row {
  agent_id: string;
  day: string;
  start_ms: number;
  end_ms: number;
  activity: string;
  queues: string;
}

const activityOf = (r: Row): ScheduledActivity => ({
  agentId: r.agent_id,
  date: r.day,
  start: r.start_ms,
  end: r.end_ms,
  activity: r.activity as Activity,
  queues: r.queues === '' ? [] : r.queues.split(';'),
});

export class ScheduleStore {
  constructor(readonly pool: pg.Pool) {}

  /** Replaces the agent-days the activities name; `onBatch` hears how many rows are written so far. */
  async replace(activities: ScheduledActivity[], onBatch: (written: number) => void = () => undefined): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const days = [...new Set(activities.map((a) => `${a.agentId}\u0000${a.date}`))].map((k) => k.split('\u0000'));
      await client.query(
        'DELETE FROM schedule_activities s USING unnest($1::text[], $2::text[]) AS d(agent_id, day) WHERE s.agent_id = d.agent_id AND s.day = d.day',
        [days.map((d) => d[0]), days.map((d) => d[1])],
      );
      for (let i = 0; i < activities.length; i += BATCH) {
        const batch = activities.slice(i, i + BATCH);
        await client.query(
          `INSERT INTO schedule_activities (agent_id, day, start_ms, end_ms, activity, queues)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[])`,
          [
            batch.map((a) => a.agentId),
            batch.map((a) => a.date),
            batch.map((a) => a.start),
            batch.map((a) => a.end),
            batch.map((a) => a.activity),
            batch.map((a) => a.queues.join(';')),
          ],
        );
        onBatch(i + batch.length);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Everything scheduled under a local date, by agent and start. */
  async ofDate(date: string): Promise<ScheduledActivity[]> {
    const r = await this.pool.query<Row>(
      'SELECT * FROM schedule_activities WHERE day = $1 ORDER BY agent_id, start_ms',
      [date],
    );
    return r.rows.map(activityOf);
  }

  /** Activities overlapping [from, to), by agent and start. */
  async overlapping(from: number, to: number): Promise<ScheduledActivity[]> {
    const r = await this.pool.query<Row>(
      'SELECT * FROM schedule_activities WHERE start_ms < $2 AND end_ms > $1 ORDER BY agent_id, start_ms',
      [from, to],
    );
    return r.rows.map(activityOf);
  }
}
