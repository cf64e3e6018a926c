import { describe, expect, it } from 'vitest';
import { compareIds, idTimeMs, isStreamId } from '../../server/redis/ids.ts';

describe('compareIds', () => {
  it('orders by the time part numerically, not as text', () => {
    // As strings "9-0" > "10-0"; as stream ids 9 ms comes first.
    expect(compareIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareIds('10-0', '9-0')).toBeGreaterThan(0);
    expect(compareIds('1764300000000-0', '999999999999-0')).toBeGreaterThan(0);
  });

  it('orders by the sequence part numerically when the times are equal', () => {
    expect(compareIds('5-9', '5-10')).toBeLessThan(0);
    expect(compareIds('5-10', '5-9')).toBeGreaterThan(0);
    expect(compareIds('5-0', '5-1')).toBeLessThan(0);
  });

  it('is zero for equal ids', () => {
    expect(compareIds('1764300000000-3', '1764300000000-3')).toBe(0);
    expect(compareIds('0-0', '0-0')).toBe(0);
  });

  it('stays exact beyond 2^53, where Number would round', () => {
    // 2^53 = 9007199254740992; these two differ only in the last digit.
    expect(compareIds('9007199254740993-0', '9007199254740992-0')).toBeGreaterThan(0);
    expect(compareIds('1-18446744073709551615', '1-18446744073709551614')).toBeGreaterThan(0);
  });

  it('sorts a list into stream order', () => {
    const ids = ['100-1', '20-5', '100-0', '3-0', '20-10'];
    expect([...ids].sort(compareIds)).toEqual(['3-0', '20-5', '20-10', '100-0', '100-1']);
  });

  it('rejects text that is not a stream id', () => {
    expect(() => compareIds('abc', '1-0')).toThrow('not a stream id: "abc"');
    expect(() => compareIds('1-0', '1')).toThrow('not a stream id: "1"');
  });
});

describe('idTimeMs', () => {
  it('is the time part of the id', () => {
    expect(idTimeMs('1764300000000-0')).toBe(1764300000000);
    expect(idTimeMs('1764300000123-42')).toBe(1764300000123);
    expect(idTimeMs('0-1')).toBe(0);
  });

  it('rejects malformed ids', () => {
    expect(() => idTimeMs('-1-0')).toThrow('not a stream id');
    expect(() => idTimeMs('')).toThrow('not a stream id');
  });
});

describe('isStreamId', () => {
  it('accepts <ms>-<seq> only', () => {
    expect(isStreamId('1764300000000-0')).toBe(true);
    expect(isStreamId('1764300000000')).toBe(false);
    expect(isStreamId('1-0-0')).toBe(false);
    expect(isStreamId('a-0')).toBe(false);
  });
});
