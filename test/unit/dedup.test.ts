// The bounded memory of event ids (server/engine/dedup.ts): two generations, so at least the last `kept` ids are
// recognised, and never more than twice that.
import { describe, expect, it } from 'vitest';
import { isRepeat, newDedup, remember, type Dedup } from '../../server/engine/dedup.ts';

/** What the fold does with an id: a repeat is turned down, a new one remembered. */
function sight(d: Dedup, id: string, kept: number): boolean {
  if (isRepeat(d, id)) return false;
  remember(d, id, kept);
  return true;
}

describe('repeated event ids', () => {
  it('recognises every one of the last `kept` ids, whenever the generations turn', () => {
    const kept = 5;
    const d = newDedup();
    for (let i = 0; i < 40; i++) {
      expect(sight(d, `e${i}`, kept)).toBe(true);
      // ids i-4 … i are the last five: all known, at any point of the turn of generations
      for (let j = Math.max(0, i - kept + 1); j <= i; j++) expect(isRepeat(d, `e${j}`)).toBe(true);
    }
    // 40 ids in generations of 5: recent holds e35–e39, older e30–e34; e29 and before are forgotten.
    expect(d.recent.size + d.older.size).toBe(10);
    expect(isRepeat(d, 'e30')).toBe(true);
    expect(isRepeat(d, 'e29')).toBe(false);
  });

  it('turns a repeat down without remembering it again', () => {
    const d = newDedup();
    expect(sight(d, 'a', 3)).toBe(true);
    expect(sight(d, 'a', 3)).toBe(false);
    expect(d.recent.size).toBe(1);
  });
});
