// The seek thread's checkpoint cache (server/archive/checkpoint-cache.ts): least recently used dropped first, the
// budget counted in bytes, a checkpoint larger than the whole budget not kept.
import { expect, it } from 'vitest';
import { CheckpointCache } from '../../server/archive/checkpoint-cache.ts';

const bytes = (n: number) => Buffer.alloc(n);

it('keeps the most recently used checkpoints within its budget of bytes', () => {
  const cache = new CheckpointCache(10);
  cache.set(1, bytes(4));
  cache.set(2, bytes(4)); // 8 of 10
  expect(cache.get(1)?.length).toBe(4); // 1 is now the most recent: order 2, 1
  cache.set(3, bytes(4)); // 12 > 10: drops 2 (least recent), 8 left
  expect(cache.get(2)).toBeUndefined();
  expect(cache.get(1)?.length).toBe(4);
  expect(cache.get(3)?.length).toBe(4);
  cache.set(3, bytes(6)); // replaced: 4 + 6 = 10, within
  expect(cache.get(1)?.length).toBe(4);
  expect(cache.get(3)?.length).toBe(6);
  cache.set(4, bytes(11)); // larger than the budget: not kept, nothing dropped
  expect(cache.get(4)).toBeUndefined();
  expect(cache.get(1)?.length).toBe(4);
});

it('with a budget of 0 keeps nothing', () => {
  const cache = new CheckpointCache(0);
  cache.set(1, bytes(1));
  expect(cache.get(1)).toBeUndefined();
});
