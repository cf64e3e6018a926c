// The agent report's attendance over a row's days (schedules/attendance-days.ts sumDays), against sums by hand:
// seconds and counts added, absent days counted, the rate recomputed from the summed seconds (not a mean of rates).
import { describe, expect, it } from 'vitest';
import type { AttendanceAgentRow } from '../../server/schedules/attendance-report.ts';
import { sumDays } from '../../server/schedules/attendance-days.ts';

const row = (agentId: string, o: Partial<AttendanceAgentRow>): AttendanceAgentRow => ({
  date: '2026-12-01',
  agentId,
  name: agentId,
  teamId: null,
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
  exceptions: '',
  ...o,
});
const day = (...rows: AttendanceAgentRow[]) => new Map(rows.map((r) => [r.agentId, r]));

describe('attendance over a row’s days', () => {
  /**
   * a1 over three days, one of them unknown (outside the archive) and one without a schedule for a1:
   *   Mon 8 h shift (28 800 s), late 600 s (28 200 s of it logged in), early by 900 s (27 300 s in the end);
   *   Tue 4 h shift (14 400 s), absent (0 s); Wed: unknown; Thu: only a2 scheduled.
   * Days 2; scheduled 28 800 + 14 400 = 43 200 s; logged in of it 27 300 s; late 1 (600 s), early 1 (900 s),
   * absent 1 day; rate 27 300 / 43 200 = 0.631944 (the mean of the days' rates would say (0.947917 + 0) / 2).
   */
  it('sums the known days the agent had scheduled time on', () => {
    const mon = row('a1', {
      scheduledSec: 28_800,
      loggedInScheduledSec: 27_300,
      lateLogins: 1,
      lateSec: 600,
      earlyLogouts: 1,
      earlySec: 900,
    });
    const tue = row('a1', { scheduledSec: 14_400, absent: true });
    const thu = row('a2', { scheduledSec: 3_600, loggedInScheduledSec: 3_600 });
    expect(sumDays('a1', [day(mon), day(tue), null, day(thu)])).toEqual({
      days: 2,
      scheduledSec: 43_200,
      loggedInScheduledSec: 27_300,
      lateLogins: 1,
      lateSec: 600,
      earlyLogouts: 1,
      earlySec: 900,
      absentDays: 1,
      attendanceRate: 27_300 / 43_200,
    });
  });

  it('is all null for an agent with no known scheduled day', () => {
    expect(sumDays('a9', [null, day(row('a1', { scheduledSec: 60 }))])).toEqual({
      days: 0,
      scheduledSec: null,
      loggedInScheduledSec: null,
      lateLogins: null,
      lateSec: null,
      earlyLogouts: null,
      earlySec: null,
      absentDays: null,
      attendanceRate: null,
    });
  });
});
