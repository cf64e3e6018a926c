// Attendance of one agent over one local day so far (issue 17; docs/contract.md, "Attendance"). Pure: the
// schedule, the agent's timeline, the day's bounds and the clock. A shift is a run of back-to-back scheduled
// activities (not `off`); the grace that adherence allows also excuses a log-in just after a shift starts and a
// log-out just before it ends.
import type { ScheduledActivity, SchedulesConfig } from '../../shared/schedules.ts';
import { agentAdherence } from './adherence.ts';
import { entries, type Timeline } from './timeline.ts';

export interface AgentAttendance {
  scheduledSec: number;
  loggedInSec: number;
  /** Logged-in time within scheduled time. */
  loggedInScheduledSec: number;
  lateLogins: number;
  lateSec: number;
  earlyLogouts: number;
  earlySec: number;
  /** Scheduled time began and the agent was logged in for none of it. */
  absent: boolean;
  /** loggedInScheduledSec ÷ scheduledSec; null when nothing scheduled has begun. */
  attendanceRate: number | null;
  /** Counted out-of-adherence time, and 1 − that ÷ scheduledSec (adherence's `today`). */
  outOfAdherenceSec: number;
  adherence: number | null;
  /** The counted exceptions, [start, end). */
  exceptions: [number, number][];
}

type Span = [number, number];

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

/** The agent's logged-in spans within [from, to). */
function loggedInSpans(timeline: Timeline | null, from: number, to: number): Span[] {
  const out: Span[] = [];
  const list = timeline ? entries(timeline) : [];
  list.forEach((e, i) => {
    const end = Math.min(to, list[i + 1]?.from ?? to);
    const start = Math.max(from, e.from);
    if (e.state === 'offline' || end <= start) return;
    const last = out[out.length - 1];
    if (last && last[1] === start) last[1] = end;
    else out.push([start, end]);
  });
  return out;
}

/** Back-to-back scheduled activities as one shift each. */
function shiftsOf(acts: readonly ScheduledActivity[]): Span[] {
  const out: Span[] = [];
  for (const a of acts) {
    if (a.activity === 'off') continue;
    const last = out[out.length - 1];
    if (last && last[1] === a.start) last[1] = a.end;
    else out.push([a.start, a.end]);
  }
  return out;
}

export function agentAttendance(
  acts: readonly ScheduledActivity[],
  timeline: Timeline | null,
  day: { start: number; end: number },
  now: number,
  config: SchedulesConfig,
): AgentAttendance {
  const until = Math.min(now, day.end);
  const graceMs = config.graceSec * 1000;
  const logged = loggedInSpans(timeline, day.start - 3_600_000, until);
  const loggedAt = (ts: number) => logged.some(([a, b]) => a <= ts && ts < b);
  const r: AgentAttendance = {
    scheduledSec: 0,
    loggedInSec: 0,
    loggedInScheduledSec: 0,
    lateLogins: 0,
    lateSec: 0,
    earlyLogouts: 0,
    earlySec: 0,
    absent: false,
    attendanceRate: null,
    outOfAdherenceSec: 0,
    adherence: null,
    exceptions: [],
  };
  const window: Span = [day.start, until];
  for (const s of logged) r.loggedInSec += overlap(s, window) / 1000;
  for (const shift of shiftsOf(acts)) {
    const part: Span = [Math.max(shift[0], day.start), Math.min(shift[1], until)];
    if (part[1] <= part[0]) continue;
    r.scheduledSec += (part[1] - part[0]) / 1000;
    const inShift = logged.map((s) => overlap(s, part)).reduce((a, b) => a + b, 0);
    r.loggedInScheduledSec += inShift / 1000;
    if (inShift === 0) continue;
    // Late: not logged in by the grace's end; counted from the shift's start to the first log-in in it.
    if (shift[0] >= day.start && !loggedAt(shift[0]) && !loggedAt(Math.min(shift[0] + graceMs, part[1] - 1))) {
      const first = logged.find((s) => s[1] > shift[0])!;
      r.lateLogins++;
      r.lateSec += (Math.max(shift[0], first[0]) - shift[0]) / 1000;
    }
    // Early: the shift has ended and the agent had logged out more than the grace before its end.
    if (shift[1] <= until && !loggedAt(shift[1] - 1)) {
      const lastOut = Math.max(...logged.filter((s) => s[0] < shift[1]).map((s) => Math.min(s[1], shift[1])));
      if (shift[1] - lastOut > graceMs) {
        r.earlyLogouts++;
        r.earlySec += (shift[1] - lastOut) / 1000;
      }
    }
  }
  r.absent = r.scheduledSec > 0 && r.loggedInScheduledSec === 0;
  r.attendanceRate = r.scheduledSec > 0 ? r.loggedInScheduledSec / r.scheduledSec : null;
  const adherence = agentAdherence(acts, timeline, { today: day.start, '60m': until, '15m': until }, until, config);
  r.outOfAdherenceSec = adherence.adherence.windows.today.outSec;
  r.adherence = adherence.adherence.windows.today.adherence;
  r.exceptions = adherence.exceptions.filter(([, end]) => end > day.start);
  return r;
}
