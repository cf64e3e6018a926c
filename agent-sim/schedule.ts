// The demo floor's schedule (issue 17): every agent on a nine-hour shift from the simulation's start (its minute), with two 15-minute breaks and a 45-minute lunch, staggered so the floor never empties. The simulator
// follows it (floor.ts): each agent asks for its first break and lunch at the scheduled time, a little late or
// later still when a call is in progress, and comes back after a drawn duration, so some breaks overrun.
import type { ScheduledActivity } from '../shared/schedules.ts';
import { localWall } from '../shared/time.ts';
import { MIN } from './behaviour.ts';

const SHIFT_MIN = 9 * 60;
const BREAK_MIN = 15;
const LUNCH_MIN = 45;
/** The second break comes about when the simulator's own break clock (behaviour.ts BREAK.everyMin) brings it. */
const SECOND_BREAK_AFTER_MIN = 135;

export function demoSchedule(agentIds: readonly string[], startTs: number, timezone: string): ScheduledActivity[] {
  const shiftStart = Math.floor(startTs / MIN) * MIN;
  const date = localWall(shiftStart, timezone).date;
  const out: ScheduledActivity[] = [];
  agentIds.forEach((agentId, i) => {
    const at = (min: number) => shiftStart + min * MIN;
    const break1 = 60 + ((i * 7) % 60);
    const break2 = break1 + SECOND_BREAK_AFTER_MIN;
    const lunch = 300 + ((i * 13) % 60);
    const marks: [number, number, ScheduledActivity['activity']][] = [
      [break1, BREAK_MIN, 'break'],
      [break2, BREAK_MIN, 'break'],
      [lunch, LUNCH_MIN, 'lunch'],
    ];
    let from = 0;
    for (const [start, minutes, activity] of marks) {
      out.push({ agentId, date, start: at(from), end: at(start), activity: 'work', queues: [] });
      out.push({ agentId, date, start: at(start), end: at(start + minutes), activity, queues: [] });
      from = start + minutes;
    }
    out.push({ agentId, date, start: at(from), end: at(SHIFT_MIN), activity: 'work', queues: [] });
  });
  return out;
}

/** When each agent's first scheduled break and lunch begin, for the floor to follow. */
export function firstAux(schedule: readonly ScheduledActivity[]): Map<string, { break?: number; lunch?: number }> {
  const out = new Map<string, { break?: number; lunch?: number }>();
  for (const a of schedule) {
    if (a.activity !== 'break' && a.activity !== 'lunch') continue;
    const e = out.get(a.agentId) ?? {};
    e[a.activity] = Math.min(e[a.activity] ?? Number.POSITIVE_INFINITY, a.start);
    out.set(a.agentId, e);
  }
  return out;
}
