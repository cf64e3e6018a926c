// Schedules as CSV (issue 17): `agentId,date,start,end,activity[,queues]`, one activity a line, times of day in the
// centre's zone (HH:MM; an end at or before the start is on the next day, `24:00` is the midnight ending the date),
// queues `;`-separated. Parsing is pure and names the line and field of every complaint; export writes the same
// format, so an export imports back unchanged.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ACTIVITIES, type Activity, type ScheduledActivity, type ScheduleIssue } from '../../shared/schedules.ts';
import { addDays, localInstant, localWall } from '../../shared/time.ts';

const HEADER = ['agentId', 'date', 'start', 'end', 'activity', 'queues'];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

export type ParsedSchedule =
  | { ok: true; activities: (ScheduledActivity & { line: number })[] }
  | { ok: false; issues: ScheduleIssue[] };

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** Minutes after midnight of HH:MM (00:00–24:00), or null. */
function minutesOf(s: string): number | null {
  const m = TIME.exec(s);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 1440 ? minutes : null;
}

function readLine(
  cells: string[],
  line: number,
  tz: string,
  issues: ScheduleIssue[],
): (ScheduledActivity & { line: number }) | null {
  const complain = (field: string, message: string) => void issues.push({ line, field, message });
  const before = issues.length;
  if (cells.length < 5 || cells.length > 6)
    complain('line', `expected 5 or 6 fields (${HEADER.join(',')}), found ${cells.length}`);
  const [agentId = '', date = '', startText = '', endText = '', activityText = '', queuesText = ''] = cells;
  if (agentId === '') complain('agentId', 'is empty');
  if (!validDate(date)) complain('date', `"${date}" is not a date (YYYY-MM-DD)`);
  const startMin = minutesOf(startText);
  const endMin = minutesOf(endText);
  if (startMin === null || startMin === 1440) complain('start', `"${startText}" is not a time of day (HH:MM)`);
  if (endMin === null) complain('end', `"${endText}" is not a time of day (HH:MM, or 24:00)`);
  const activity = activityText as Activity;
  if (!ACTIVITIES.includes(activity)) complain('activity', `"${activityText}" is not one of ${ACTIVITIES.join(', ')}`);
  const queues = queuesText === '' ? [] : queuesText.split(';').map((q) => q.trim());
  if (queues.some((q) => q === '')) complain('queues', 'a queue id is empty (separate queues with ";")');
  if (queues.length && activity !== 'work') complain('queues', 'only a work activity names queues');
  if (issues.length > before) return null;
  const start = localInstant(date, startMin!, tz);
  // An end at or before the start is the next morning: a night shift's activity crosses midnight.
  const endDate = endMin! <= startMin! ? addDays(date, 1) : date;
  const end = localInstant(endDate, endMin!, tz);
  if (start === null) complain('start', `${date} ${startText} does not exist in ${tz} (clocks go forward)`);
  if (end === null) complain('end', `${endDate} ${endText} does not exist in ${tz} (clocks go forward)`);
  if (start === null || end === null) return null;
  if (end <= start) return (void complain('end', 'ends before it starts (the clocks went back)'), null);
  return { agentId, date, start, end, activity, queues, line };
}

/** Parses and validates a schedule file; any issue rejects the whole file (a half-imported day misleads). */
export function parseScheduleCsv(text: string, tz: string): ParsedSchedule {
  const issues: ScheduleIssue[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return { ok: false, issues: [{ line: e.lines ?? 1, field: 'line', message: e.message }] };
  }
  const activities: (ScheduledActivity & { line: number })[] = [];
  records.forEach(({ record, info }, i) => {
    if (i === 0 && record[0]?.toLowerCase() === 'agentid') return;
    const a = readLine(record, info.lines, tz, issues);
    if (a) activities.push(a);
  });
  // Two activities of one agent at once: the schedule says two things, adherence could judge neither.
  const byAgent = new Map<string, (ScheduledActivity & { line: number })[]>();
  for (const a of activities) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a]);
  for (const list of byAgent.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const a = list[i]!;
      if (a.start < prev.end)
        issues.push({ line: a.line, field: 'start', message: `overlaps line ${prev.line} of agent ${a.agentId}` });
    }
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
  return { ok: true, activities };
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The same format as the import (with its header), CRLF lines, UTF-8 with a BOM like the other exports. */
export function scheduleCsv(activities: ScheduledActivity[], tz: string): string {
  // An end reads as a time of day: at or before the start, it is the next day's (as the import reads it).
  const rows = activities.map((a) => [
    a.agentId,
    a.date,
    hhmm(localWall(a.start, tz).minutes),
    hhmm(localWall(a.end, tz).minutes),
    a.activity,
    a.queues.join(';'),
  ]);
  return `\uFEFF${stringify([HEADER, ...rows], { record_delimiter: '\r\n' })}`;
}
