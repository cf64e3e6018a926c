// What the screens print: every formatter against values worked out by hand, and the merge of updates.
import { describe, expect, test } from 'vitest';
import type { Snapshot } from '../../shared/snapshot.ts';
import {
  formatAge,
  formatDuration,
  formatElapsed,
  formatNumber,
  formatPercent,
  formatTimeOfDay,
  percentPoints,
} from '../../wallboard/src/lib/format.ts';
import { applyUpdate } from '../../wallboard/src/lib/merge.ts';

describe('formatters', () => {
  test('durations: m:ss under an hour, h:mm:ss from an hour, rounded; elapsed counts like a stopwatch', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59.5)).toBe('1:00');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(-3)).toBe('0:00');
    expect(formatDuration(null)).toBe('—');
    expect(formatElapsed(59.9)).toBe('0:59');
    expect(formatDuration(125, 'zh-CN')).toBe('2:05');
  });

  test('percentages and the points the colours are judged on agree', () => {
    expect(formatPercent(0.825)).toBe('83%');
    expect(formatPercent(0.8249)).toBe('82%');
    expect(percentPoints(0.825)).toBe(83);
    expect(formatPercent(1 / 3, 'en', 1)).toBe('33.3%');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0.5, 'zh-CN')).toBe('50%');
  });

  test('numbers group by locale; unknown is a dash, not zero', () => {
    expect(formatNumber(1281)).toBe('1,281');
    expect(formatNumber(4.5, 'en', 2)).toBe('4.50');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(null, 'zh-CN')).toBe('—');
  });

  test('ages in the largest whole unit, in both languages', () => {
    expect(formatAge(12.7)).toBe('12 sec');
    expect(formatAge(185)).toBe('3 min');
    expect(formatAge(7300)).toBe('2 hr');
    expect(formatAge(12, 'zh-CN')).toBe('12秒');
  });

  test('time of day in the centre’s zone, 24-hour', () => {
    const ts = Date.UTC(2026, 10, 28, 6, 5, 9); // 14:05:09 in Shanghai
    expect(formatTimeOfDay(ts, 'en', 'Asia/Shanghai')).toBe('14:05:09');
    expect(formatTimeOfDay(ts, 'en', 'UTC')).toBe('06:05:09');
  });
});

describe('merging updates', () => {
  const base = {
    asOf: 1,
    cursor: '1-0',
    stale: null,
    timezone: 'UTC',
    center: { waiting: 1 },
    queues: [
      { id: 'a', waiting: 1 },
      { id: 'b', waiting: 2 },
    ],
    agents: [{ id: 'x', state: 'available' }],
    teams: [],
    faults: [{ id: 'f1' }],
    intervals: [],
    bulletins: [{ id: 'b1' }],
    alerts: [{ id: 'r:a', state: 'firing' }],
  } as unknown as Snapshot;

  test('listed entries replace theirs by id, new ones are added, unlisted ones stay', () => {
    const next = applyUpdate(base, {
      asOf: 2,
      cursor: '2-0',
      queues: [{ id: 'b', waiting: 5 } as never, { id: 'c', waiting: 0 } as never],
    });
    expect(next.queues).toEqual([
      { id: 'a', waiting: 1 },
      { id: 'b', waiting: 5 },
      { id: 'c', waiting: 0 },
    ]);
    expect(next.agents).toBe(base.agents);
    expect(next.cursor).toBe('2-0');
    expect(base.queues[1]).toEqual({ id: 'b', waiting: 2 }); // the input is left untouched
  });

  test('faults and bulletins are whole lists; alerts keep only those in force', () => {
    const next = applyUpdate(base, {
      asOf: 2,
      cursor: '2-0',
      faults: [],
      bulletins: [{ id: 'b2' } as never],
      alerts: [{ id: 'r:a', state: 'resolved' } as never, { id: 'r:b', state: 'acknowledged' } as never],
    });
    expect(next.faults).toEqual([]);
    expect(next.bulletins.map((b) => b.id)).toEqual(['b2']);
    expect(next.alerts.map((a) => a.id)).toEqual(['r:b']);
    // Without those lists, an update leaves them as they were.
    const quiet = applyUpdate(next, { asOf: 3, cursor: '3-0' });
    expect(quiet.alerts).toBe(next.alerts);
    expect(quiet.faults).toBe(next.faults);
  });

  test('the feed marker follows the update when it says, and stays when it is silent', () => {
    const cut = applyUpdate(base, { asOf: 2, cursor: '1-0', stale: { since: 2, reason: 'redis unreachable' } });
    expect(cut.stale).toEqual({ since: 2, reason: 'redis unreachable' });
    expect(applyUpdate(cut, { asOf: 3, cursor: '1-0' }).stale).toEqual(cut.stale);
    expect(applyUpdate(cut, { asOf: 4, cursor: '2-0', stale: null }).stale).toBeNull();
  });
});
