// What keeps the wall from recomputing and redrawing what did not change: derived values that keep their identity
// while equal (lib/keep-equal.ts), and the clock offset a tick holds between ticks (lib/tick-offset.ts).
import { describe, expect, test } from 'vitest';
import { keepEqual, sameColumns, sameItems } from '../../wallboard/src/lib/keep-equal.ts';
import { RESYNC_MS, settledOffset } from '../../wallboard/src/lib/tick-offset.ts';

describe('keepEqual', () => {
  test('returns the previous value while equal, the new one (kept from then on) once it differs', () => {
    const keep = keepEqual<number[][]>(sameColumns);
    const first = [
      [1, 2],
      [3, null as unknown as number],
    ];
    expect(keep(first)).toBe(first);
    // Same values in new arrays: the first object comes back, so a chart reading it is not woken.
    expect(
      keep([
        [1, 2],
        [3, null as unknown as number],
      ]),
    ).toBe(first);
    const changed = [
      [1, 2],
      [4, null as unknown as number],
    ];
    expect(keep(changed)).toBe(changed);
    expect(
      keep([
        [1, 2],
        [4, null as unknown as number],
      ]),
    ).toBe(changed);
    // One more point is a change even when the old ones hold.
    const longer = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(keep(longer)).toBe(longer);
  });

  test('sameColumns tells NaN from NaN as equal and 0 from -0 apart (Object.is), and columns of other lengths apart', () => {
    expect(sameColumns([[Number.NaN]], [[Number.NaN]])).toBe(true);
    expect(sameColumns([[0]], [[-0]])).toBe(false);
    expect(sameColumns([[1], [2]], [[1]])).toBe(false);
    expect(sameColumns([[1, 2]], [[1]])).toBe(false);
  });

  test('sameItems pairs items off in order with the given test', () => {
    const line = (text: string, severity = 'info') => ({ text, severity });
    const eq = (a: { text: string; severity: string }, b: { text: string; severity: string }) =>
      a.text === b.text && a.severity === b.severity;
    expect(sameItems([line('a'), line('b')], [line('a'), line('b')], eq)).toBe(true);
    expect(sameItems([line('a'), line('b')], [line('b'), line('a')], eq)).toBe(false);
    expect(sameItems([line('a')], [line('a', 'warning')], eq)).toBe(false);
  });
});

describe('settledOffset', () => {
  test('keeps the tick’s offset through the few-ms moves every update brings', () => {
    // Tick at offset +1,000 ms; updates then estimate 1,004, 996, 1,250: all within 250 ms, so the tick's 1,000.
    expect(settledOffset(1000, 1004)).toBe(1000);
    expect(settledOffset(1000, 996)).toBe(1000);
    expect(settledOffset(1000, 1000 + RESYNC_MS)).toBe(1000);
  });

  test('takes a new estimate at once when it moved more than RESYNC_MS (first snapshot, server clock set)', () => {
    // Before the first snapshot the offset is 0; the server turns out 3 s ahead: 3,000 at once, not at the next tick.
    expect(settledOffset(0, 3000)).toBe(3000);
    expect(settledOffset(1000, 1000 - RESYNC_MS - 1)).toBe(1000 - RESYNC_MS - 1);
  });
});
