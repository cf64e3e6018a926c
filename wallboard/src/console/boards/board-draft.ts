// The board editor's draft: a board being edited, as plain JSON (the shape of one `boards:` entry), and the small
// edits the form makes to it. The server's schema is the judge; nothing here second-guesses it.
import { boardSchema, type Board, type BoardPage, type ThresholdRule } from '../../../../shared/boards.ts';

/** What the form edits: a board's JSON, with any keys the form does not know kept as they are. */
export type Draft = Omit<Board, 'pages'> & { pages: BoardPage[] } & Record<string, unknown>;

/** A new board: one queues page, everything else at the schema's defaults (the schema fills them in). */
export function newDraft(id: string): Draft {
  return { ...boardSchema.parse({ id, pages: [newPage('queues')] }), name: '' };
}

export function newPage(kind: BoardPage['kind']): BoardPage {
  return { kind, tiles: ['asa', 'aht', 'abandonRate', 'occupancy'], columns: 2 };
}

/** A copy under another id (the console's "copy"); deep, so editing it leaves the original alone. */
export function copyDraft(board: Board, id: string): Draft {
  const copy = structuredClone(board) as Draft;
  copy.id = id;
  copy.name = board.name ? `${board.name} (copy)` : '';
  return copy;
}

/** A free id like `lobby-copy`, `lobby-copy-2`, … among those taken. */
export function freeId(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Moves the item at `from` one step up (-1) or down (+1); a move past either end changes nothing. */
export function moved<T>(list: readonly T[], from: number, step: -1 | 1): T[] {
  const to = from + step;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  [out[from], out[to]] = [out[to]!, out[from]!];
  return out;
}

/** The list with `item` added at the end or taken out. */
export function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  const rest = list.filter((x) => x !== item);
  return on ? [...rest, item] : rest;
}

/** An optional id list as the form shows it: absent means all. */
export function idsOf(list: readonly string[] | undefined): string[] {
  return list ? [...list] : [];
}

/** Ticker lines from the textarea: one a line, blank lines dropped. */
export function tickerLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * A threshold rule from the form's two inputs: empty amber and red mean no rule; a half-filled rule is sent as it
 * is (NaN becomes null in JSON), so the server names the missing bound.
 */
export function ruleFrom(amber: string, red: string, higherIsBetter: boolean): ThresholdRule | null {
  if (amber.trim() === '' && red.trim() === '') return null;
  return {
    amber: amber.trim() === '' ? (null as unknown as number) : Number(amber),
    red: red.trim() === '' ? (null as unknown as number) : Number(red),
    higherIsBetter,
  };
}

/** Whether a server error's field (`pages.0.kind`) is at or inside a form element's path (`pages.0`). */
export function errorAt(field: string | null, path: string): boolean {
  return field !== null && (field === path || field.startsWith(`${path}.`));
}
