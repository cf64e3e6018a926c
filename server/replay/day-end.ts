// A past local day as the archive saw it: the engine state at the day's last instant holds every agent's timeline
// of that day (timelines keep the day and the hour before it), as the live engine holds today's. The archive covers
// the dates from its first event's up to yesterday (retention drops whole days from the oldest). Sought in the
// node's seek thread (seek-thread.ts), which answers with the day's attendance, not the state.
import type { Config } from '../../shared/config.ts';
import { addDays, DayClock, localWall } from '../../shared/time.ts';
import type { ArchiveStore } from '../archive/store.ts';
import type { Principal } from '../auth/principals.ts';
import { agentVisible } from '../auth/scope.ts';
import { attendanceReport, type AttendanceAgentRow, type AttendanceTeamRow } from '../schedules/attendance-report.ts';
import type { ScheduleStore } from '../schedules/store.ts';
import { seek } from './seek.ts';

/** A past day's attendance, or (`holds`) the dates the archive covers instead (null: no past day yet). */
export type DayAttendance =
  | { ok: true; agents: AttendanceAgentRow[]; teams: AttendanceTeamRow[] }
  | { ok: false; holds: { from: string; to: string } | null };

/**
 * The attendance report of a local date (YYYY-MM-DD) before today, from the state at its end: of the agents
 * `principal` may see (by their team that day), or of every agent without one.
 */
export async function pastAttendance(
  store: ArchiveStore,
  schedules: ScheduleStore,
  config: Config,
  date: string,
  now: number,
  principal: Principal | null,
): Promise<DayAttendance> {
  const yesterday = addDays(localWall(now, config.timezone).date, -1);
  const span = await store.span();
  const first = span && localWall(span.firstTs, config.timezone).date;
  if (!first || first > yesterday) return { ok: false, holds: null };
  if (date < first || date > yesterday) return { ok: false, holds: { from: first, to: yesterday } };
  const { end } = new DayClock(config.timezone).ofDate(date);
  const { state } = await seek(store, config, end - 1);
  const visible = principal ? (id: string) => agentVisible(principal, id, state.agents.get(id)) : () => true;
  return { ok: true, ...(await attendanceReport(schedules, state, config.schedules, date, now, visible)) };
}
