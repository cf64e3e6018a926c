// One import path for the command line and the API: parse and validate the whole file, then replace the agent-days
// it names. Nothing is written when any line is wrong.
import type { ScheduleIssue } from '../../shared/schedules.ts';
import { parseScheduleCsv } from './csv.ts';
import type { ScheduleStore } from './store.ts';

export type ImportOutcome =
  | { ok: true; imported: number; agents: number; dates: string[] }
  | { ok: false; issues: ScheduleIssue[] };

export async function importSchedule(
  store: ScheduleStore,
  text: string,
  timezone: string,
  onProgress: (written: number, total: number) => void = () => undefined,
): Promise<ImportOutcome> {
  const parsed = parseScheduleCsv(text, timezone);
  if (!parsed.ok) return parsed;
  const activities = parsed.activities.map(({ line: _line, ...a }) => a);
  await store.replace(activities, (written) => onProgress(written, activities.length));
  return {
    ok: true,
    imported: activities.length,
    agents: new Set(activities.map((a) => a.agentId)).size,
    dates: [...new Set(activities.map((a) => a.date))].sort(),
  };
}

/** The issues as lines of text, for the command line and the API's error message. */
export function describeIssues(issues: ScheduleIssue[]): string {
  return issues.map((i) => `line ${i.line}, ${i.field}: ${i.message}`).join('\n');
}
