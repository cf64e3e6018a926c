// Attendance by local day for the report API's agent rows (docs/contract.md §6): each day's figures are the
// attendance report's own (attendance-report.ts) — today so far from the live engine, a past day from the archived
// state at its end (one seek, in the seek thread) — summed over a row's days. A past day's figures do not change once the day is over,
// so they are kept (a few months of days) until a schedule import rewrites that date.
import type { Config } from '../../shared/config.ts';
import type { AgentReportRow, IntervalReport, RowAttendance } from '../../shared/history.ts';
import { DayClock, localWall } from '../../shared/time.ts';
import type { EngineState } from '../engine/index.ts';
import { periodBounds } from '../history/periods.ts';
import type { SeekWorker } from '../replay/seek-worker.ts';
import { attendanceReport, type AttendanceAgentRow } from './attendance-report.ts';
import type { ScheduleStore } from './store.ts';

/** Past days kept: two months (a month's report and the month it is compared with). */
const KEPT_DAYS = 62;

export interface AttendanceDaysDeps {
  store: ScheduleStore;
  config: Config;
  state: () => EngineState;
  seeks: Pick<SeekWorker, 'attendance'>;
}

type Day = ReadonlyMap<string, AttendanceAgentRow> | null;

export class AttendanceDays {
  private readonly past = new Map<string, Promise<Day>>();
  private readonly clock: DayClock;

  constructor(private readonly d: AttendanceDaysDeps) {
    this.clock = new DayClock(d.config.timezone);
  }

  /** A schedule import changed these dates: their attendance is worked out again when next asked for. */
  forget(dates: readonly string[]): void {
    for (const date of dates) this.past.delete(date);
  }

  /** Every scheduled agent's attendance on the date; null when the date is neither today nor in the archive. */
  of(date: string, now: number): Promise<Day> {
    const today = localWall(now, this.d.config.timezone).date;
    if (date > today) return Promise.resolve(null);
    if (date === today) return this.compute(this.d.state(), date, now);
    let day = this.past.get(date);
    if (!day) {
      day = this.d.seeks
        .attendance(date, now, null)
        .then((past) => (past.ok ? new Map(past.agents.map((a) => [a.agentId, a])) : null));
      day.catch(() => this.past.delete(date));
      this.past.set(date, day);
      if (this.past.size > KEPT_DAYS) this.past.delete(this.past.keys().next().value!);
    }
    return day;
  }

  private async compute(state: EngineState, date: string, now: number): Promise<Day> {
    const { agents } = await attendanceReport(this.d.store, state, this.d.config.schedules, date, now, () => true);
    return new Map(agents.map((a) => [a.agentId, a]));
  }

  /**
   * Adds `attendance` to the agent rows of a day, week or month report, summed over each row's local days, and a
   * row (no history, every count zero) for each agent `listed` who had time scheduled in a period but no row:
   * absent all of it.
   */
  async addTo(
    report: IntervalReport,
    now: number,
    listed: (agentId: string) => boolean,
    blank: (agentId: string, name: string, start: number, end: number) => AgentReportRow,
  ): Promise<void> {
    const bounds = periodBounds(this.clock, report.step, report.from, report.to);
    const rows = report.rows as AgentReportRow[];
    for (let b = 0; b + 1 < bounds.length; b++) {
      const [start, end] = [bounds[b]!, bounds[b + 1]!];
      const dates: string[] = [];
      for (let d = start; d < end; d = this.clock.nextDayStart(d)) dates.push(localWall(d, this.clock.timezone).date);
      const days = await Promise.all(dates.map((date) => this.of(date, now)));
      const have = new Set(rows.filter((r) => r.start === start).map((r) => r.id));
      for (const day of days) {
        for (const [agentId, a] of day ?? []) {
          if (have.has(agentId) || a.scheduledSec === 0 || !listed(agentId)) continue;
          have.add(agentId);
          rows.push(blank(agentId, a.name, start, end));
        }
      }
      for (const row of rows) if (row.start === start) row.attendance = sumDays(row.id, days);
    }
    rows.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The agent's figures over the days: seconds and counts summed, absent days counted, the rate from the sums. */
export function sumDays(agentId: string, days: readonly Day[]): RowAttendance {
  const known = days.map((d) => d?.get(agentId)).filter((a) => a !== undefined);
  if (known.length === 0) {
    return {
      days: 0,
      scheduledSec: null,
      loggedInScheduledSec: null,
      lateLogins: null,
      lateSec: null,
      earlyLogouts: null,
      earlySec: null,
      absentDays: null,
      attendanceRate: null,
    };
  }
  const sum = (f: (a: AttendanceAgentRow) => number) => known.reduce((n, a) => n + f(a), 0);
  const scheduledSec = sum((a) => a.scheduledSec);
  const loggedInScheduledSec = sum((a) => a.loggedInScheduledSec);
  return {
    days: known.length,
    scheduledSec,
    loggedInScheduledSec,
    lateLogins: sum((a) => a.lateLogins),
    lateSec: sum((a) => a.lateSec),
    earlyLogouts: sum((a) => a.earlyLogouts),
    earlySec: sum((a) => a.earlySec),
    absentDays: sum((a) => (a.absent ? 1 : 0)),
    attendanceRate: scheduledSec > 0 ? loggedInScheduledSec / scheduledSec : null,
  };
}
