// Attendance (issue 17), hand-computed: late log-in, early log-out, absence, attendance rate and adherence.
import { expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.ts';
import type { Activity, ScheduledActivity } from '../../shared/schedules.ts';
import { localInstant } from '../../shared/time.ts';
import type { AgentState } from '../../shared/vocabulary.ts';
import { agentAttendance } from '../../server/engine/attendance.ts';
import { append, newTimeline, type Timeline } from '../../server/engine/timeline.ts';

const SH = 'Asia/Shanghai';
const config = parseConfig({ timezone: SH }).schedules;
const t = (hm: string) => {
  const [h, m] = hm.split(':').map(Number);
  return localInstant('2026-12-04', h! * 60 + m!, SH)!;
};
const day = { start: t('00:00'), end: t('00:00') + 86_400_000 };
const act = (activity: Activity, start: string, end: string): ScheduledActivity => ({
  agentId: 'a1',
  date: '2026-12-04',
  start: t(start),
  end: t(end),
  activity,
  queues: [],
});
function timeline(...steps: [string, AgentState, string?][]): Timeline {
  const tl = newTimeline();
  for (const [at, state, reason] of steps) append(tl, state, reason ?? null, t(at));
  return tl;
}

// A shift 09:00–13:00: work 09:00–11:00, break 11:00–11:15, work 11:15–13:00.
const shift = [act('work', '09:00', '11:00'), act('break', '11:00', '11:15'), act('work', '11:15', '13:00')];

it('late in, early out: 10 min late, gone 30 min early; the rate and adherence from the same spans', () => {
  // Logs in 09:10, breaks on time 11:00–11:15, logs out 12:30. Now 14:00 (the shift is over).
  const tl = timeline(['09:10', 'available'], ['11:00', 'aux', 'break'], ['11:15', 'available'], ['12:30', 'offline']);
  const r = agentAttendance(shift, tl, day, t('14:00'), config);
  // Scheduled 4 h = 14400 s; logged in 09:10–12:30 = 12000 s, all of it scheduled → rate 12000/14400 = 0.8333…
  // Exceptions: 09:00–09:10 (600 s) and 12:30–13:00 (1800 s) → out 2400 s, adherence 1 − 2400/14400 = 0.8333…
  expect(r).toMatchObject({
    scheduledSec: 14400,
    loggedInSec: 12000,
    loggedInScheduledSec: 12000,
    lateLogins: 1,
    lateSec: 600,
    earlyLogouts: 1,
    earlySec: 1800,
    absent: false,
    outOfAdherenceSec: 2400,
  });
  expect(r.attendanceRate).toBeCloseTo(12000 / 14400, 10);
  expect(r.adherence).toBeCloseTo(1 - 2400 / 14400, 10);
  expect(r.exceptions).toEqual([
    [t('09:00'), t('09:10')],
    [t('12:30'), t('13:00')],
  ]);
});

it('within the grace is neither late nor early; logged in outside the shift counts as logged in only', () => {
  // 09:01 in, 12:59 out, and 13:30–14:00 again (not scheduled). Now 15:00.
  const tl = timeline(
    ['09:01', 'available'],
    ['11:00', 'aux', 'break'],
    ['11:15', 'available'],
    ['12:59', 'offline'],
    ['13:30', 'available'],
    ['14:00', 'offline'],
  );
  const r = agentAttendance(shift, tl, day, t('15:00'), config);
  // Logged in 09:01–12:59 (14280 s) + 13:30–14:00 (1800 s) = 16080 s; within the shift 14280 s.
  expect(r).toMatchObject({
    lateLogins: 0,
    earlyLogouts: 0,
    loggedInSec: 16080,
    loggedInScheduledSec: 14280,
    outOfAdherenceSec: 0,
  });
});

it('absent: scheduled, never logged in; so far only: the shift under way counts up to now', () => {
  const r = agentAttendance(shift, null, day, t('10:00'), config);
  // 09:00–10:00 scheduled, none of it logged in.
  expect(r).toMatchObject({
    scheduledSec: 3600,
    loggedInScheduledSec: 0,
    absent: true,
    attendanceRate: 0,
    lateLogins: 0,
    adherence: 0,
  });
});
