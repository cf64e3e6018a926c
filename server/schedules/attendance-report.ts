// The attendance report (issue 17): per agent and per team, one local day, from the schedule and an engine state
// holding that day's timelines: the live engine's for today so far, the archive's state at a past day's end
// (replay/day-end.ts) for a whole past day. The same arithmetic either way.
import type { SchedulesConfig } from '../../shared/schedules.ts';
import { agentAttendance, type AgentAttendance } from '../engine/attendance.ts';
import type { EngineState } from '../engine/index.ts';
import { localIso } from '../history/periods.ts';
import type { ScheduleStore } from './store.ts';

type Figures = Omit<AgentAttendance, 'exceptions' | 'absent'>;

export interface AttendanceAgentRow extends Figures {
  date: string;
  agentId: string;
  name: string;
  teamId: string | null;
  absent: boolean;
  /** The counted exceptions as local times, `09:15:00–09:21:30; …`. */
  exceptions: string;
}

export interface AttendanceTeamRow extends Figures {
  date: string;
  teamId: string | null;
  name: string | null;
  agents: number;
  absent: number;
}

const SUMMED = [
  'scheduledSec',
  'loggedInSec',
  'loggedInScheduledSec',
  'lateLogins',
  'lateSec',
  'earlyLogouts',
  'earlySec',
  'outOfAdherenceSec',
] as const;

export async function attendanceReport(
  store: ScheduleStore,
  state: EngineState,
  config: SchedulesConfig,
  date: string,
  now: number,
  visible: (agentId: string) => boolean,
): Promise<{ agents: AttendanceAgentRow[]; teams: AttendanceTeamRow[] }> {
  const day = state.clock.ofDate(date);
  const acts = (await store.overlapping(day.start, day.end)).filter((a) => visible(a.agentId));
  const byAgent = new Map<string, typeof acts>();
  for (const a of acts) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a]);
  const time = (ts: number) => localIso(ts, state.timezone).slice(11, 19);
  const agents: AttendanceAgentRow[] = [];
  for (const [agentId, list] of byAgent) {
    const rec = state.agents.get(agentId);
    const { exceptions, ...figures } = agentAttendance(list, rec?.timeline ?? null, day, now, config);
    agents.push({
      date,
      agentId,
      name: rec?.name ?? agentId,
      teamId: rec?.teamId ?? null,
      ...figures,
      exceptions: exceptions.map(([a, b]) => `${time(a)}–${time(b)}`).join('; '),
    });
  }
  agents.sort((a, b) => a.agentId.localeCompare(b.agentId));

  const teams = new Map<string | null, AttendanceTeamRow>();
  for (const a of agents) {
    let t = teams.get(a.teamId);
    if (!t) {
      const name = a.teamId === null ? null : (state.teams.get(a.teamId)?.name ?? a.teamId);
      t = {
        date,
        teamId: a.teamId,
        name,
        agents: 0,
        absent: 0,
        attendanceRate: null,
        adherence: null,
      } as AttendanceTeamRow;
      for (const k of SUMMED) t[k] = 0;
      teams.set(a.teamId, t);
    }
    t.agents++;
    if (a.absent) t.absent++;
    for (const k of SUMMED) t[k] += a[k];
  }
  for (const t of teams.values()) {
    t.attendanceRate = t.scheduledSec > 0 ? t.loggedInScheduledSec / t.scheduledSec : null;
    t.adherence = t.scheduledSec > 0 ? 1 - t.outOfAdherenceSec / t.scheduledSec : null;
  }
  return { agents, teams: [...teams.values()] };
}
