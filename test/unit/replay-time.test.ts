// The replay bar's wall-clock text in the centre's zone, to an instant and back (hand-computed offsets).
import { expect, it } from 'vitest';
import { instantToLocal, localToInstant } from '../../wallboard/src/console/replay-time.ts';

it('reads the centre zone’s wall clock, not the browser’s', () => {
  // Shanghai is UTC+8 all year: 10:42 local is 02:42 UTC.
  expect(localToInstant('2026-12-04T10:42', 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 4, 2, 42));
  // New York in July is UTC−4 (EDT): 09:00 is 13:00 UTC; in December UTC−5 (EST): 09:00 is 14:00 UTC.
  expect(localToInstant('2026-07-01T09:00', 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 13, 0));
  expect(localToInstant('2026-12-01T09:00:30', 'America/New_York')).toBe(Date.UTC(2026, 11, 1, 14, 0, 30));
  expect(localToInstant('yesterday', 'Asia/Shanghai')).toBeNull();
  expect(instantToLocal(Date.UTC(2026, 11, 4, 2, 42, 59), 'Asia/Shanghai')).toBe('2026-12-04T10:42');
  expect(instantToLocal(Date.UTC(2026, 6, 1, 13, 0), 'America/New_York')).toBe('2026-07-01T09:00');
});
