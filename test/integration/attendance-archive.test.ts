// Attendance for a past day (issue 17) from the event archive: yesterday's events written to the stream, archived by
// the node's own archiver, and the report for yesterday worked out from the archive's state at yesterday's end,
// checked against figures computed by hand. A login just after today's midnight trims the live engine's timeline
// of yesterday, so only the archive can answer. A date the archive does not hold is refused, naming it.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, DayClock, localWall } from '../../shared/time.ts';
import { eventFactory } from '../helpers/events.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, useTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const TZ = 'Asia/Shanghai';
const redis = useRedis();
const db = usePostgres();
const stream = `attendance-archive:${randomUUID()}`;
const node = useTestNode(() => ({
  redisUrl: redis().url,
  stream,
  databaseUrl: db(),
  config: { queues: [{ id: 'sales' }], teams: [{ id: 't1' }] },
}));

const clock = new DayClock(TZ);
const TODAY = localWall(Date.now(), TZ).date;
const YESTERDAY = addDays(TODAY, -1);
const DAY = clock.ofDate(YESTERDAY);
const H = 3600;

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const report = (query: string) =>
  fetch(`${node().url}/api/v1/reports/attendance?${query}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });

let client: Redis;
beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  const ev = eventFactory(DAY.start);
  const login = (agentId: string, atSec: number) =>
    ev('agent.login', atSec, { agentId, teamId: 't1', queues: ['sales'] });
  const events = [
    // a2 logs in five minutes before its shift.
    login('a2', 8 * H + 55 * 60),
    // a1 is 10 minutes late; lunch on time; logs out at its shift's end.
    login('a1', 9 * H + 10 * 60),
    // a2 takes an unscheduled 5-minute aux (past the 2-minute grace, so it counts).
    ev('agent.state', 11 * H, { agentId: 'a2', state: 'aux', reason: 'coffee' }),
    ev('agent.state', 11 * H + 5 * 60, { agentId: 'a2', state: 'available' }),
    ev('agent.state', 13 * H, { agentId: 'a1', state: 'aux', reason: 'lunch' }),
    ev('agent.state', 14 * H, { agentId: 'a1', state: 'available' }),
    // a2 leaves half an hour early.
    ev('agent.logout', 16 * H + 30 * 60, { agentId: 'a2' }),
    ev('agent.logout', 18 * H, { agentId: 'a1' }),
    // a3 shows up only after its shift (10:00–12:00) and stays logged in past midnight.
    login('a3', 19 * H),
    // A second into today a1 logs in again: the live engine keeps only the hour before today of a1's states.
    ev('agent.login', (clock.nextDayStart(DAY.start) - DAY.start) / 1000 + 1, {
      agentId: 'a1',
      teamId: 't1',
      queues: ['sales'],
    }),
  ];
  await xaddEvents(client, stream, events);
  const pool = new pg.Pool({ connectionString: db(), max: 1 });
  try {
    await waitFor('the archive holds every event', async () => {
      const r = await pool.query('SELECT count(*)::int AS n FROM event_archive').catch(() => null);
      return r && r.rows[0].n === events.length ? true : null;
    });
  } finally {
    await pool.end();
  }
  const csv = [
    'agentId,date,start,end,activity,queues',
    `a1,${YESTERDAY},09:00,13:00,work,sales`,
    `a1,${YESTERDAY},13:00,14:00,lunch,`,
    `a1,${YESTERDAY},14:00,18:00,work,sales`,
    `a2,${YESTERDAY},09:00,17:00,work,sales`,
    `a3,${YESTERDAY},10:00,12:00,work,sales`,
    // a4 never logs in: no history row, absent on the agent report all the same.
    `a4,${YESTERDAY},10:00,11:00,work,sales`,
  ].join('\n');
  const r = await fetch(`${node().url}/api/v1/schedules`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ csv }),
  });
  expect(r.status).toBe(200);
}, 60_000);
afterAll(() => client?.disconnect());

describe('attendance of a past day from the event archive', () => {
  it('per agent: late log-in, early log-out, an exception past the grace, an absence', async () => {
    const r = await report(`date=${YESTERDAY}`);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ timezone: TZ, date: YESTERDAY, scope: 'agent' });
    const [a1, a2, a3] = body.rows;
    // a1: one shift 09:00–18:00 = 32 400 s (lunch is scheduled time too). Logged in 09:10–18:00 = 31 800 s.
    // Late: not in by 09:02 (grace 120 s), 600 s from 09:00 to the log-in. Out of adherence 09:00–09:10 = 600 s.
    expect(a1).toEqual({
      date: YESTERDAY,
      agentId: 'a1',
      name: 'a1',
      teamId: 't1',
      scheduledSec: 32_400,
      loggedInSec: 31_800,
      loggedInScheduledSec: 31_800,
      lateLogins: 1,
      lateSec: 600,
      earlyLogouts: 0,
      earlySec: 0,
      absent: false,
      attendanceRate: 31_800 / 32_400,
      outOfAdherenceSec: 600,
      adherence: 1 - 600 / 32_400,
      exceptions: '09:00:00–09:10:00',
    });
    // a2: 09:00–17:00 = 28 800 s scheduled. Logged in 08:55–16:30 = 27 300 s, 27 000 s of it scheduled; early by
    // 1 800 s (16:30 → 17:00). Out: aux 11:00–11:05 (300 s) + offline 16:30–17:00 (1 800 s) = 2 100 s.
    expect(a2).toMatchObject({
      agentId: 'a2',
      scheduledSec: 28_800,
      loggedInSec: 27_300,
      loggedInScheduledSec: 27_000,
      lateLogins: 0,
      earlyLogouts: 1,
      earlySec: 1_800,
      absent: false,
      attendanceRate: 27_000 / 28_800,
      outOfAdherenceSec: 2_100,
      adherence: 1 - 2_100 / 28_800,
      exceptions: '11:00:00–11:05:00; 16:30:00–17:00:00',
    });
    // a3: 10:00–12:00 = 7 200 s scheduled, none of it logged in: absent (so neither late nor early). Logged in
    // 19:00–24:00 = 18 000 s of the day; out of adherence the whole shift.
    expect(a3).toMatchObject({
      agentId: 'a3',
      teamId: 't1',
      scheduledSec: 7_200,
      loggedInSec: 18_000,
      loggedInScheduledSec: 0,
      lateLogins: 0,
      earlyLogouts: 0,
      absent: true,
      attendanceRate: 0,
      outOfAdherenceSec: 7_200,
      adherence: 0,
      exceptions: '10:00:00–12:00:00',
    });
  });

  it('per team: the agents summed, the ratios recomputed from the sums; exportable', async () => {
    const { rows: all } = await (await report(`date=${YESTERDAY}&scope=team`)).json();
    // a4, known to no engine state, has no team: a row of its own.
    expect(all.find((r: { teamId: string | null }) => r.teamId === null)).toMatchObject({ agents: 1, absent: 1 });
    const rows = all.filter((r: { teamId: string | null }) => r.teamId === 't1');
    // 32 400 + 28 800 + 7 200 = 68 400 s scheduled; 31 800 + 27 000 + 0 = 58 800 s of it logged in; out of adherence
    // 600 + 2 100 + 7 200 = 9 900 s.
    expect(rows).toEqual([
      {
        date: YESTERDAY,
        teamId: 't1',
        name: 't1',
        agents: 3,
        absent: 1,
        scheduledSec: 68_400,
        loggedInSec: 31_800 + 27_300 + 18_000,
        loggedInScheduledSec: 58_800,
        lateLogins: 1,
        lateSec: 600,
        earlyLogouts: 1,
        earlySec: 1_800,
        outOfAdherenceSec: 9_900,
        attendanceRate: 58_800 / 68_400,
        adherence: 1 - 9_900 / 68_400,
      },
    ]);
    const csv = await report(`date=${YESTERDAY}&scope=team&format=csv`);
    expect(csv.headers.get('content-disposition')).toContain(`attendance-team-${YESTERDAY}`);
    expect((await csv.text()).split('\r\n')[1]).toContain(',68400,');
  });

  it('the agent report’s day and week rows carry each agent’s attendance of their days, exported as columns', async () => {
    const intervals = (query: string) =>
      fetch(`${node().url}/api/v1/reports/intervals?scope=agent&from=${DAY.start}&to=${DAY.end}&${query}`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    const day = await waitFor(
      'yesterday’s agent rows in the history',
      async () => {
        const body = await (await intervals('step=day')).json();
        return body.rows?.filter((r: { loginSec: number }) => r.loginSec > 0).length === 3 ? body : null;
      },
      60_000,
    );
    const byId = (rows: { id: string; attendance: unknown }[]) =>
      Object.fromEntries(rows.map((r) => [r.id, r.attendance]));
    // The attendance report's figures above, one day each (a1 late 600 s, a2 early 1 800 s, a3 absent).
    const expected = {
      a1: {
        days: 1,
        scheduledSec: 32_400,
        loggedInScheduledSec: 31_800,
        lateLogins: 1,
        lateSec: 600,
        earlyLogouts: 0,
        earlySec: 0,
        absentDays: 0,
        attendanceRate: 31_800 / 32_400,
      },
      a2: {
        days: 1,
        scheduledSec: 28_800,
        loggedInScheduledSec: 27_000,
        lateLogins: 0,
        lateSec: 0,
        earlyLogouts: 1,
        earlySec: 1_800,
        absentDays: 0,
        attendanceRate: 27_000 / 28_800,
      },
      a3: {
        days: 1,
        scheduledSec: 7_200,
        loggedInScheduledSec: 0,
        lateLogins: 0,
        lateSec: 0,
        earlyLogouts: 0,
        earlySec: 0,
        absentDays: 1,
        attendanceRate: 0,
      },
      // 10:00–11:00 scheduled, never logged in: a row of zeros of its own, absent.
      a4: {
        days: 1,
        scheduledSec: 3_600,
        loggedInScheduledSec: 0,
        lateLogins: 0,
        lateSec: 0,
        earlyLogouts: 0,
        earlySec: 0,
        absentDays: 1,
        attendanceRate: 0,
      },
    };
    expect(byId(day.rows)).toEqual(expected);
    expect(day.rows.find((r: { id: string }) => r.id === 'a4')).toMatchObject({
      name: 'a4',
      start: DAY.start,
      end: DAY.end,
      handled: 0,
      loginSec: 0,
      complete: true,
    });
    // Asked for one agent's rows, the report lists only that one.
    const one = await (await intervals('step=day&ids=a4')).json();
    expect(one.rows.map((r: { id: string }) => r.id)).toEqual(['a4']);
    // The week holds yesterday and today (nothing scheduled today, days before the archive unknown): the same.
    const week = await (await intervals('step=week')).json();
    expect(byId(week.rows)).toEqual(expected);
    // 15-minute rows carry none: attendance is a figure of days.
    const quarter = await (await intervals('step=15m')).json();
    expect(quarter.rows.every((r: object) => !('attendance' in r))).toBe(true);
    const lines = (await (await intervals('step=day&format=csv')).text()).split('\r\n');
    const header = lines[0]!.split(',');
    const a1 = lines.find((l) => l.includes(',a1,'))!.split(',');
    expect(a1[header.indexOf('attendance.lateLogins')]).toBe('1');
    expect(a1[header.indexOf('attendance.lateSec')]).toBe('600');
    expect(a1[header.indexOf('attendance.absentDays')]).toBe('0');
  });

  it('a date outside the archive is refused naming it, and what the archive holds', async () => {
    for (const date of [addDays(YESTERDAY, -1), addDays(TODAY, 1)]) {
      const r = await report(`date=${date}`);
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.parameter).toBe('date');
      expect(body.error).toBe(
        `attendance for ${date}: not in the event archive (it holds ${YESTERDAY} to ${YESTERDAY}; today is ${TODAY})`,
      );
    }
    expect((await report('date=yesterday')).status).toBe(400);
  });
});
