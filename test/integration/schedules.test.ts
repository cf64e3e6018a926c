// Schedules (issue 17) end to end: a file refused with every bad line named (and nothing stored), a good file
// imported through the API, read back in the same format, judged live (the snapshot's adherence and `scheduled`),
// and the command line's import and export.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ScheduleIssue } from '../../shared/schedules.ts';
import { localWall } from '../../shared/time.ts';
import { eventFactory } from '../helpers/events.ts';
import { REPO } from '../helpers/paths.ts';
import { createDatabase } from '../helpers/postgres.ts';
import { useRedis } from '../helpers/redis.ts';
import { ADMIN_TOKEN, DISPLAY_TOKEN, useTestNode, waitFor } from '../helpers/server.ts';
import { xaddEvents } from '../helpers/stream-writer.ts';

const TZ = 'Asia/Shanghai';
const redis = useRedis();
const stream = `schedules:${randomUUID()}`;
const node = useTestNode(() => ({
  redisUrl: redis().url,
  stream,
  config: { queues: [{ id: 'sales' }, { id: 'support' }], teams: [{ id: 't1' }] },
}));

// The shift began 30 whole minutes ago and runs another hour (a local time of day, whatever the date).
const START = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
const hm = (ts: number) => {
  const m = localWall(ts, TZ).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const DATE = localWall(START, TZ).date;
const S = hm(START);
const E = hm(START + 90 * 60_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
const post = (csv: string, headers: Record<string, string> = admin) =>
  fetch(`${node().url}/api/v1/schedules`, { method: 'POST', headers, body: JSON.stringify({ csv }) });
const get = (query: string) => fetch(`${node().url}/api/v1/schedules?${query}`, { headers: admin });

let client: Redis;
beforeAll(async () => {
  client = new Redis(redis().url, { protocol: 2 });
  const ev = eventFactory(START);
  // a1 works as scheduled; a2 logs in and goes straight to aux: out of adherence for 30 min.
  await xaddEvents(client, stream, [
    ev('agent.login', 0, { agentId: 'a1', teamId: 't1', queues: ['sales'] }),
    ev('agent.login', 0, { agentId: 'a2', teamId: 't1', queues: ['sales', 'support'] }),
    ev('agent.state', 1, { agentId: 'a2', state: 'aux' }),
  ]);
});
afterAll(() => client?.disconnect());

describe('the API', () => {
  it('refuses a file with bad lines, naming each line and field, and stores nothing', async () => {
    const csv = [
      'agentId,date,start,end,activity,queues',
      `a1,${DATE},${S},${E},work,sales`,
      `a1,2026-02-30,09:00,10:00,work`,
      `a2,${DATE},${S},${E},nap`,
      `a2,${DATE},9:00,10:00,break,sales`,
      `a1,${DATE},${S},${E},meeting`,
    ].join('\n');
    const r = await post(csv);
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: string; issues: ScheduleIssue[] };
    expect(body.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'date'],
      [4, 'activity'],
      [5, 'start'],
      [5, 'queues'],
      [6, 'start'],
    ]);
    expect(body.issues.at(-1)!.message).toBe('overlaps line 2 of agent a1');
    expect(body.error).toContain('line 4, activity: "nap" is not one of work, break');
    expect((await (await get(`date=${DATE}`)).json()).activities).toEqual([]);
  });

  it('only admins import; a signed-in write without JSON is refused', async () => {
    expect(
      (await post('', { Authorization: `Bearer ${DISPLAY_TOKEN}`, 'Content-Type': 'application/json' })).status,
    ).toBe(403);
    expect((await fetch(`${node().url}/api/v1/schedules`, { method: 'POST', headers: admin, body: '[]' })).status).toBe(
      400,
    );
  });

  it('imports a good file, exports it in the same format, and the floor is judged by it', async () => {
    const lines = [`a1,${DATE},${S},${E},work,sales`, `a2,${DATE},${S},${E},work,`];
    const r = await post(`agentId,date,start,end,activity,queues\r\n${lines.join('\r\n')}\r\n`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, imported: 2, agents: 2, dates: [DATE] });

    // Read as bytes: text() would drop the BOM.
    const csv = Buffer.from(await (await get(`date=${DATE}&format=csv`)).arrayBuffer()).toString('utf8');
    expect(csv).toBe(`\uFEFFagentId,date,start,end,activity,queues\r\n${lines.join('\r\n')}\r\n`);
    const json = await (await get(`date=${DATE}`)).json();
    expect(json.activities[0]).toEqual({
      agentId: 'a1',
      date: DATE,
      start: START,
      end: START + 90 * 60_000,
      activity: 'work',
      queues: ['sales'],
    });
    expect((await get('date=tomorrow')).status).toBe(400);

    const snap = await waitFor('adherence in the snapshot', async () => {
      const s = (await (await fetch(`${node().url}/api/v1/snapshot`, { headers: admin })).json()) as Snapshot;
      return s.agents.find((a) => a.id === 'a2')?.adherence ? s : null;
    });
    const a1 = snap.agents.find((a) => a.id === 'a1')!.adherence!;
    const a2 = snap.agents.find((a) => a.id === 'a2')!.adherence!;
    expect(a1).toMatchObject({ activity: 'work', inAdherence: true, outSinceTs: null });
    // a2 has been in aux since START + 1 s: one exception, long past the grace.
    expect(a2).toMatchObject({ activity: 'work', inAdherence: false, outSinceTs: START + 1000, counting: true });
    expect(a2.windows['15m'].adherence).toBe(0);
    // Scheduled now: a1 on sales, a2 on its own queues (sales, support).
    expect(snap.queues.map((q) => [q.id, q.scheduled])).toEqual([
      ['sales', 2],
      ['support', 1],
    ]);
    expect(snap.center.scheduled).toBe(2);
    // t1 over the last 15 min: 1800 s scheduled, a2's 900 s out.
    expect(snap.teams.find((t) => t.id === 't1')!.adherence!['15m']).toMatchObject({
      scheduledSec: 1800,
      outSec: 900,
      adherence: 0.5,
    });
  });
});

describe('the attendance report', () => {
  const report = (query: string, token = ADMIN_TOKEN) =>
    fetch(`${node().url}/api/v1/reports/attendance?${query}`, { headers: { Authorization: `Bearer ${token}` } });

  it('per agent and team for today so far, as JSON and CSV; other days refused naming date', async () => {
    const r = await (await report('scope=agent')).json();
    expect(r.date).toBe(localWall(Date.now(), TZ).date);
    const [a1, a2] = r.rows;
    // Both logged in at START, when the shift began: neither late; a2 out of adherence since START + 1 s.
    expect(a1).toMatchObject({
      agentId: 'a1',
      teamId: 't1',
      lateLogins: 0,
      absent: false,
      outOfAdherenceSec: 0,
      adherence: 1,
    });
    expect(a1.attendanceRate).toBe(1);
    expect(a2).toMatchObject({ agentId: 'a2', lateLogins: 0, absent: false });
    expect(a2.adherence).toBeLessThan(0.01);
    expect(a2.exceptions).toMatch(/^\d\d:\d\d:01–\d\d:\d\d:\d\d$/);
    const teams = (await (await report('scope=team')).json()).rows;
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({ teamId: 't1', agents: 2, absent: 0, attendanceRate: 1 });
    // Asked a moment later: the shift has run on by those milliseconds.
    expect(Math.abs(teams[0].scheduledSec - (a1.scheduledSec + a2.scheduledSec))).toBeLessThan(2);
    const csv = await (await report('scope=agent&format=csv')).text();
    expect(csv.split('\r\n')[0]).toContain(
      'agentId,name,teamId,scheduledSec,loggedInSec,loggedInScheduledSec,lateLogins',
    );
    const old = await report('date=2020-01-01');
    expect(old.status).toBe(400);
    expect((await old.json()).parameter).toBe('date');
    expect((await report('scope=agent', DISPLAY_TOKEN)).status).toBe(403);
  });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/schedule.ts', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

it('npm run schedule -- import FILE / export --date: lines named, the same format back', {
  timeout: 60_000,
}, async () => {
  const db = await createDatabase();
  try {
    const env = { DATABASE_URL: db.url, TZ: 'Asia/Shanghai', FLOORBOARD_CONFIG: '' };
    const file = path.join(os.tmpdir(), `floorboard-schedule-${randomUUID()}.csv`);
    writeFileSync(file, 'b1,2026-12-04,22:00,06:00,work,sales;support\nb1,2026-12-04,21:00,21:30,lunchtime\n');
    const bad = await run(['import', file], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('line 2, activity: "lunchtime" is not one of');

    // A night shift: its end at or before its start is the next morning.
    writeFileSync(file, 'b1,2026-12-04,22:00,06:00,work,sales;support\nb1,2026-12-04,21:00,21:30,lunch\n');
    const good = await run(['import', file], env);
    expect(good.err).toContain('imported 2 activities of 1 agents (2026-12-04) in Asia/Shanghai');
    expect(good.code).toBe(0);
    const out = await run(['export', '--date', '2026-12-04'], env);
    expect(out.code).toBe(0);
    expect(out.out).toBe(
      '\uFEFFagentId,date,start,end,activity,queues\r\nb1,2026-12-04,21:00,21:30,lunch,\r\nb1,2026-12-04,22:00,06:00,work,sales;support\r\n',
    );
    expect((await run(['export', '--date', 'soon'], env)).code).toBe(2);
  } finally {
    await db.drop();
  }
});
