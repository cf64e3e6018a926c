// DayClock.ofDate: a local date's [start, end) in the zone, across a DST change and a zone east of Greenwich.
import { describe, expect, it } from 'vitest';
import { DayClock } from '../../shared/time.ts';

const iso = (b: { start: number; end: number }) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()];

describe('DayClock.ofDate', () => {
  it('Shanghai (UTC+8): the date begins at 16:00 UTC the day before, 24 h long', () => {
    expect(iso(new DayClock('Asia/Shanghai').ofDate('2026-12-03'))).toEqual([
      '2026-12-02T16:00:00.000Z',
      '2026-12-03T16:00:00.000Z',
    ]);
  });

  it('New York: the spring-forward day is 23 h (EST midnight 05:00 UTC to EDT midnight 04:00 UTC)', () => {
    expect(iso(new DayClock('America/New_York').ofDate('2026-03-08'))).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
  });

  it('New York: the fall-back day is 25 h (EDT midnight 04:00 UTC to EST midnight 05:00 UTC)', () => {
    expect(iso(new DayClock('America/New_York').ofDate('2026-11-01'))).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ]);
  });
});
