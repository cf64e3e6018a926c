// Schedule files (issue 17): local times in the centre's zone, DST days, and the export reading back unchanged.
import { describe, expect, it } from 'vitest';
import { parseScheduleCsv, scheduleCsv } from '../../server/schedules/csv.ts';

const NY = 'America/New_York';
const iso = (ts: number) => new Date(ts).toISOString();

describe('DST days in New York', () => {
  it('spring forward (2026-03-08): 02:30 does not exist, an activity over the gap is an hour shorter', () => {
    const gap = parseScheduleCsv('n1,2026-03-08,02:30,04:00,work', NY);
    expect(gap).toEqual({
      ok: false,
      issues: [
        { line: 1, field: 'start', message: '2026-03-08 02:30 does not exist in America/New_York (clocks go forward)' },
      ],
    });
    const over = parseScheduleCsv('n1,2026-03-08,01:00,04:00,work', NY);
    if (!over.ok) throw new Error('refused');
    // 01:00 EST = 06:00Z, 04:00 EDT = 08:00Z: two real hours.
    expect([iso(over.activities[0]!.start), iso(over.activities[0]!.end)]).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
  });

  it('fall back (2026-11-01): 00:00–04:00 is five real hours; a repeated time is its first reading', () => {
    const p = parseScheduleCsv('n1,2026-11-01,00:00,04:00,work\nn1,2026-11-01,04:00,04:15,break', NY);
    if (!p.ok) throw new Error('refused');
    expect(p.activities[0]!.end - p.activities[0]!.start).toBe(5 * 3_600_000);
    const repeated = parseScheduleCsv('n2,2026-11-01,01:30,02:00,meeting', NY);
    if (!repeated.ok) throw new Error('refused');
    // 01:30 EDT (05:30Z) to 02:00 EST (07:00Z).
    expect([iso(repeated.activities[0]!.start), iso(repeated.activities[0]!.end)]).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(scheduleCsv(p.activities, NY)).toBe(
      '\uFEFFagentId,date,start,end,activity,queues\r\nn1,2026-11-01,00:00,04:00,work,\r\nn1,2026-11-01,04:00,04:15,break,\r\n',
    );
  });
});

it('names each bad field; 24:00 is the midnight ending the date; a line of the wrong width', () => {
  const p = parseScheduleCsv(
    'agentId,date,start,end,activity\n,2026-12-04,25:00,24:00,work\nx,2026-12-04,23:00\n',
    'Asia/Shanghai',
  );
  expect(p).toEqual({
    ok: false,
    issues: [
      { line: 2, field: 'agentId', message: 'is empty' },
      { line: 2, field: 'start', message: '"25:00" is not a time of day (HH:MM)' },
      { line: 3, field: 'line', message: 'expected 5 or 6 fields (agentId,date,start,end,activity,queues), found 3' },
      { line: 3, field: 'end', message: '"" is not a time of day (HH:MM, or 24:00)' },
      { line: 3, field: 'activity', message: '"" is not one of work, break, lunch, meeting, training, coaching, off' },
    ],
  });
  const ok = parseScheduleCsv('a,2026-12-04,23:00,24:00,off', 'Asia/Shanghai');
  if (!ok.ok) throw new Error('refused');
  expect(ok.activities[0]!.end - ok.activities[0]!.start).toBe(3_600_000);
});
