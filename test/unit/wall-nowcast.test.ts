// The wall's now-cast and last-week helpers, by hand: the countdown between updates, the arrow, and last week's
// rows lined up with today's.
import { describe, expect, it } from 'vitest';
import type { QueueReportRow } from '../../shared/history.ts';
import { compare, lastWeekColumns, lastWeekUrl } from '../../wallboard/src/lib/last-week.ts';
import { nextBreachSec, trendOf } from '../../wallboard/src/lib/nowcast.ts';
import { noNowcast } from '../helpers/snapshots.ts';

// 2026-11-28 10:00 in Shanghai (UTC+8).
const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const WEEK = 7 * 24 * 3_600_000;
const MIN = 60_000;

describe('nextBreachSec', () => {
  it('counts down to nextBreachTs on the page’s clock and stops at 0', () => {
    const n = noNowcast({ nextBreachInSec: 7, nextBreachTs: NOW + 7000 });
    expect(nextBreachSec(n, NOW)).toBe(7);
    expect(nextBreachSec(n, NOW + 2500)).toBe(4.5);
    expect(nextBreachSec(n, NOW + 9000)).toBe(0);
    expect(nextBreachSec(noNowcast(), NOW)).toBeNull();
  });
});

describe('trendOf', () => {
  it('compares in the whole points both figures are printed with', () => {
    expect(trendOf(0.61, 0.82)).toBe('down');
    expect(trendOf(0.9, 0.82)).toBe('up');
    // 82.4 % and 81.6 % both print as 82 %: no arrow up or down.
    expect(trendOf(0.824, 0.816)).toBe('flat');
    expect(trendOf(0.7, null)).toBe('flat');
    expect(trendOf(null, 0.7)).toBeNull();
  });
});

const row = (start: number, offered: number, serviceLevel: number | null, peakWaiting = 0) =>
  ({ start, offered, serviceLevel, peakWaiting }) as QueueReportRow;

describe('last week', () => {
  it('asks for the centre or one queue, a day either side of this time last week, by 15 minutes', () => {
    expect(lastWeekUrl('center', NOW)).toBe(
      `/api/v1/reports/intervals?scope=center&from=${NOW - WEEK - 24 * 60 * MIN}&to=${NOW - WEEK + 24 * 60 * MIN}&step=15m`,
    );
    expect(lastWeekUrl('sales & co', NOW)).toContain('scope=queue&ids=sales%20%26%20co&');
  });

  it('keeps the rows of the same local day, moved a week forward, SL in percent', () => {
    // Local midnight of 2026-11-21 (a week before) is 16:00 UTC on the 20th: the row 15 min before it is the 20th's.
    const midnight = Date.UTC(2026, 10, 20, 16, 0, 0);
    const w = lastWeekColumns(
      [row(midnight + 15 * MIN, 4, 0.75, 2), row(midnight - 15 * MIN, 9, 1), row(midnight, 2, null)],
      NOW,
      'Asia/Shanghai',
    )!;
    expect(w.x).toEqual([(midnight + WEEK) / 1000, (midnight + WEEK + 15 * MIN) / 1000]);
    expect(w.offered).toEqual([2, 4]);
    expect(w.serviceLevel).toEqual([null, 75]);
    expect(w.peakWaiting).toEqual([0, 2]);
    expect(lastWeekColumns([], NOW, 'Asia/Shanghai')).toBeNull();
  });

  it('puts today and last week on one axis, each null where it has no interval', () => {
    const x = (ms: number) => ms / 1000;
    const today = {
      x: [x(NOW - 15 * MIN), x(NOW)],
      offered: [3, 1],
      answered: [2, 0],
      abandoned: [1, 0],
      serviceLevel: [66.7, null],
      peakWaiting: [2, 1],
    };
    const week = { x: [x(NOW), x(NOW + 15 * MIN)], offered: [5, 6], serviceLevel: [80, 90], peakWaiting: [3, 4] };
    const c = compare(today, week);
    expect(c.x).toEqual([x(NOW - 15 * MIN), x(NOW), x(NOW + 15 * MIN)]);
    expect(c.today.offered).toEqual([3, 1, null]);
    expect(c.lastWeek.offered).toEqual([null, 5, 6]);
    expect(c.lastWeek.serviceLevel).toEqual([null, 80, 90]);
    expect(compare(today, null).lastWeek.offered).toEqual([null, null]);
  });
});
