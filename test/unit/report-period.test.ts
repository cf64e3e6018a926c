// The reports page's periods and derived figures (wallboard/src/reports/period.ts), against hand-worked dates and
// counts: DST days of 23 and 25 hours, ISO weeks, months, the compared period, the heatmap's recomputed SL.
import { describe, expect, it } from 'vitest';
import {
  bestAndWorst,
  comparisonOf,
  delta,
  heatCells,
  isDate,
  localToday,
  periodOf,
} from '../../wallboard/src/reports/period.ts';

const H = 3_600_000;
const NY = 'America/New_York';

describe('periods in the centre’s zone', () => {
  it('a day is local midnight to local midnight: 23 h on spring-forward, 25 h on fall-back', () => {
    // 8 March 2026, New York: 00:00 EST = 05:00Z; 9 March 00:00 EDT = 04:00Z → 23 h.
    const spring = periodOf('day', '2026-03-08', NY);
    expect(spring.from).toBe(Date.UTC(2026, 2, 8, 5));
    expect(spring.to).toBe(Date.UTC(2026, 2, 9, 4));
    expect((spring.to - spring.from) / H).toBe(23);
    // 1 November 2026: 00:00 EDT = 04:00Z; 2 November 00:00 EST = 05:00Z → 25 h.
    const fall = periodOf('day', '2026-11-01', NY);
    expect((fall.to - fall.from) / H).toBe(25);
    // Shanghai has no DST: 4 December 00:00 +08:00 = 3 December 16:00Z.
    expect(periodOf('day', '2026-12-04', 'Asia/Shanghai')).toMatchObject({
      from: Date.UTC(2026, 11, 3, 16),
      to: Date.UTC(2026, 11, 4, 16),
    });
  });

  it('a week runs Monday to Monday; a month from the 1st to the 1st', () => {
    // Wednesday 4 March 2026 → Monday 2 March 00:00 EST (05:00Z) to Monday 9 March 00:00 EDT (04:00Z): 167 h.
    const week = periodOf('week', '2026-03-04', NY);
    expect(week.from).toBe(Date.UTC(2026, 2, 2, 5));
    expect(week.to).toBe(Date.UTC(2026, 2, 9, 4));
    // Sunday belongs to the week that started the Monday before.
    expect(periodOf('week', '2026-03-08', NY).from).toBe(week.from);
    // March 2026: 1 March 05:00Z to 1 April 04:00Z = 31 × 24 − 1 = 743 h.
    const month = periodOf('month', '2026-03-15', NY);
    expect(month.from).toBe(Date.UTC(2026, 2, 1, 5));
    expect((month.to - month.from) / H).toBe(743);
  });

  it('compared with the same weekday last week, last week, or last month', () => {
    expect(comparisonOf(periodOf('day', '2026-03-08', NY), NY).date).toBe('2026-03-01');
    expect(comparisonOf(periodOf('week', '2026-03-04', NY), NY).from).toBe(Date.UTC(2026, 1, 23, 5));
    // 31 March → February (not "31 February").
    const feb = comparisonOf(periodOf('month', '2026-03-31', NY), NY);
    expect(feb.from).toBe(Date.UTC(2026, 1, 1, 5));
    expect(feb.to).toBe(Date.UTC(2026, 2, 1, 5));
  });

  it('dates: today in the zone, and only real dates accepted', () => {
    // 3 December 2026 20:00Z is already 4 December in Shanghai (+8), still the 3rd in New York (−5).
    const ts = Date.UTC(2026, 11, 3, 20);
    expect(localToday(ts, 'Asia/Shanghai')).toBe('2026-12-04');
    expect(localToday(ts, NY)).toBe('2026-12-03');
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('03/08/2026')).toBe(false);
  });
});

const hour = (start: number, offered: number, answered: number, within: number, abandoned: number, short = 0) => ({
  start,
  offered,
  answered,
  answeredWithinSl: within,
  abandoned,
  abandonedShort: short,
  serviceLevel: answered + abandoned === 0 ? null : within / (answered + abandoned),
});

describe('figures derived on the page', () => {
  it('heatmap cells sum their hours and recompute SL from the sums, never averaging', () => {
    // Mondays 2 and 9 March 2026, 09:00 New York (14:00Z EST, then 13:00Z EDT): both in the cell Monday 9.
    //   2 March: 10 offered, 8 answered (8 within), 2 abandoned → SL 80 %
    //   9 March: 30 offered, 20 answered (10 within), 10 abandoned → SL 33.3 %
    //   the cell: 40 offered, SL = (8 + 10) ÷ (28 + 12) = 18 ÷ 40 = 45 % (the mean of the two would be 56.7 %).
    // Tuesday 3 March 09:00: 5 offered, 5 answered, 4 within → 80 %.
    const cells = heatCells(
      [
        hour(Date.UTC(2026, 2, 2, 14), 10, 8, 8, 2),
        hour(Date.UTC(2026, 2, 9, 13), 30, 20, 10, 10),
        hour(Date.UTC(2026, 2, 3, 14), 5, 5, 4, 0),
      ],
      NY,
    ).sort((a, b) => a.weekday - b.weekday);
    expect(cells).toEqual([
      { weekday: 0, hour: 9, offered: 40, serviceLevel: 0.45 },
      { weekday: 1, hour: 9, offered: 5, serviceLevel: 0.8 },
    ]);
  });

  it('best and worst intervals by SL, those without a figure left out', () => {
    const rows = [
      hour(1, 10, 10, 10, 0), // 100 %
      hour(2, 4, 2, 1, 2), // 25 %
      hour(3, 0, 0, 0, 0), // no SL
      hour(4, 20, 18, 12, 2), // 60 %
      hour(5, 3, 3, 3, 0), // 100 %, fewer calls than interval 1
    ];
    const { best, worst } = bestAndWorst(rows, 2);
    expect(best.map((r) => r.start)).toEqual([1, 5]);
    expect(worst.map((r) => r.start)).toEqual([2, 4]);
  });

  it('a change needs a figure on both sides', () => {
    expect(delta(911, 908)).toBe(3);
    expect(delta(0.739, null)).toBeNull();
    expect(delta(undefined, 5)).toBeNull();
  });
});
