// The history commands: `npm run history -- rebuild --from FILE` rebuilds exactly the rows a fold of the file's
// events gives (skipping what the server would not fold), and `npm run sim -- --history-days N` writes whole past days.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { simulate } from '../../agent-sim/floor.ts';
import { COLUMNS, INDEX } from '../../server/history/columns.ts';
import { IntervalRecorder } from '../../server/history/recorder.ts';
import { loadConfig } from '../../server/config/load.ts';
import { usePostgres } from '../helpers/postgres.ts';
import { REPO } from '../helpers/paths.ts';

const db = usePostgres();

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function rows(where: string): Promise<Map<string, number[]>> {
  const c = new pg.Client({ connectionString: db() });
  await c.connect();
  try {
    const r = await c.query({
      text: `SELECT scope, id, start_ms, ${COLUMNS.join(', ')} FROM interval_rows WHERE ${where}`,
      rowMode: 'array',
    });
    return new Map((r.rows as unknown[][]).map((x) => [`${x[0]}:${x[1]}:${x[2]}`, x.slice(3).map(Number)]));
  } finally {
    await c.end();
  }
}

it('rebuild --from an export: the rows of a fresh fold of its events, bad entries skipped and counted', {
  timeout: 120_000,
}, async () => {
  const config = loadConfig(undefined);
  const start = Date.UTC(2026, 10, 20, 1, 0);
  const events = [
    ...simulate(
      { agents: 6, queues: 2, rate: 2, seed: 5, curve: 'flat', timezone: config.timezone, durationSec: 3 * 3600 },
      start,
    ),
  ];
  const file = path.join(os.tmpdir(), `floorboard-rebuild-${process.pid}.ndjson`);
  const lines = events.map((event, i) => JSON.stringify({ streamId: `${event.ts}-${i}`, event }));
  lines.splice(10, 0, JSON.stringify({ streamId: '1-0', raw: 'not json' }));
  // Stamped a day after its entry reached the stream: the live fold refused it, so the rebuild does too.
  const skewed = { ...events[1]!, id: 'skewed', ts: events[1]!.ts + 86_400_000 };
  lines.splice(12, 0, JSON.stringify({ streamId: `${events[1]!.ts}-9`, event: skewed }));
  writeFileSync(file, `${lines.join('\n')}\n`);

  const r = await run(['server/cli/history.ts', 'rebuild', '--from', file], { DATABASE_URL: db() });
  expect(r.out).toMatch(/rebuilt \d+ intervals .*\(2 entries not foldable, skipped\)/);
  expect(r.code).toBe(0);

  const recorder = new IntervalRecorder(config);
  const expected = new Map<string, number[]>();
  const closed = events.flatMap((event) => recorder.push({ event, arrivalMs: event.ts }));
  closed.push(...recorder.finish(events.at(-1)!.ts));
  for (const i of closed)
    for (const row of i.rows)
      expected.set(
        `${row.scope}:${row.id}:${row.start}`,
        INDEX.map((f) => row.tally[f]!),
      );
  expect(closed.length).toBe(11); // 3 h from 09:00 local: the first interval is the fold's first, so it is skipped
  expect(await rows('true')).toEqual(expected);

  const bad = await run(['server/cli/history.ts', 'rebuild'], { DATABASE_URL: db() });
  expect(bad.code).toBe(2);
  expect(bad.out).toContain('say where from: --from FILE.ndjson (an export) or --day YYYY-MM-DD (the event archive)');
});

it('sim --history-days 1 writes yesterday and today so far, every interval once', { timeout: 120_000 }, async () => {
  const until = Date.UTC(2026, 10, 21, 4, 0); // 12:00 in Shanghai (the demo config's zone is the machine's: name it)
  const r = await run(
    [
      'agent-sim/main.ts',
      '--history-days',
      '1',
      '--agents',
      '4',
      '--seed',
      '2',
      '--start',
      String(until),
      '--timezone',
      'Asia/Shanghai',
    ],
    { DATABASE_URL: db() },
  );
  expect(r.code, r.out).toBe(0);
  expect(r.out).toMatch(/done: 144 intervals of 4 agents/);
  const centre = await rows(`scope = 'center' AND start_ms >= ${until - 36 * 3_600_000} AND start_ms < ${until}`);
  expect(centre.size).toBe(144); // 24 h of yesterday + 12 h of today, quarter by quarter
});
