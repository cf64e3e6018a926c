// The board editor's pure parts: the schema check that names the field, and the draft edits of the form.
import { describe, expect, it } from 'vitest';
import { checkBoard } from '../../shared/board-edit.ts';
import {
  copyDraft,
  errorAt,
  freeId,
  moved,
  newDraft,
  ruleFrom,
  tickerLines,
  toggled,
} from '../../wallboard/src/console/boards/board-draft.ts';

describe('checkBoard', () => {
  it('takes the id from the address and applies the schema defaults', () => {
    const c = checkBoard('ops', { pages: [{ kind: 'agents' }] });
    expect(c).toMatchObject({
      ok: true,
      board: { id: 'ops', language: 'en', theme: 'dark', rotateSec: 20, sound: false, ticker: [] },
    });
  });
  it('names the field at fault', () => {
    expect(checkBoard('ops', { pages: [{ kind: 'queues', columns: 9 }] })).toMatchObject({
      ok: false,
      field: 'pages.0.columns',
    });
    expect(checkBoard('ops', { pages: [{ kind: 'queues' }], extra: 1, more: 2 })).toEqual({
      ok: false,
      field: 'extra',
      error: 'unknown keys: extra, more',
    });
    expect(checkBoard('ops', [])).toMatchObject({ ok: false, field: '' });
    expect(checkBoard('ops', { id: 'lobby', pages: [{ kind: 'queues' }] })).toMatchObject({ ok: false, field: 'id' });
  });
  it('a new draft is a valid board as it stands', () => {
    expect(checkBoard('b1', newDraft('b1')).ok).toBe(true);
  });
});

describe('draft edits', () => {
  it('moves one step and not past the ends', () => {
    expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
  it('toggles an item in or out, once', () => {
    expect(toggled(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
  });
  it('finds a free id and copies deeply', () => {
    expect(freeId('lobby-copy', ['lobby'])).toBe('lobby-copy');
    expect(freeId('lobby-copy', ['lobby-copy', 'lobby-copy-2'])).toBe('lobby-copy-3');
    const original = checkBoard('lobby', { name: 'Lobby', pages: [{ kind: 'queues' }] });
    if (!original.ok) throw new Error('fixture');
    const copy = copyDraft(original.board, 'lobby-copy');
    copy.pages[0]!.tiles.pop();
    expect(copy).toMatchObject({ id: 'lobby-copy', name: 'Lobby (copy)' });
    expect(original.board.pages[0]!.tiles).toHaveLength(8);
  });
  it('reads ticker lines and threshold inputs', () => {
    expect(tickerLines(' one \n\n two\n')).toEqual(['one', 'two']);
    expect(ruleFrom('', ' ', false)).toBeNull();
    expect(ruleFrom('30', '60', false)).toEqual({ amber: 30, red: 60, higherIsBetter: false });
    // Half a rule goes to the server as it is, which names the missing bound.
    expect(
      checkBoard('b', { pages: [{ kind: 'queues' }], thresholds: { default: { asaSec: ruleFrom('30', '', false) } } }),
    ).toMatchObject({ ok: false, field: 'thresholds.default.asaSec.red' });
  });
  it('places an error at its field or an enclosing one, not a sibling with the same prefix', () => {
    expect(errorAt('pages.0.kind', 'pages.0')).toBe(true);
    expect(errorAt('pages.10.kind', 'pages.1')).toBe(false);
    expect(errorAt('rotateSec', 'rotateSec')).toBe(true);
    expect(errorAt(null, 'rotateSec')).toBe(false);
  });
});
