// Boards as data (CONTRACT §10): what GET /api/v1/boards lists, and how a board sent to PUT /api/v1/boards/<id>
// is checked — by the config file's own schema, the first problem named by its field's path.
import type { z } from 'zod';
import { boardSchema, type Board } from './boards.ts';

/** Where a board's definition comes from: the config file, the built-in `default`, or only the console. */
const BOARD_ORIGINS = ['file', 'built-in', 'console'] as const;
export type BoardOrigin = (typeof BOARD_ORIGINS)[number];

/** One line of GET /api/v1/boards. */
export interface BoardEntry {
  /** The definition in force: the edited one when there is one, else the file's. */
  board: Board;
  origin: BoardOrigin;
  /** A file or built-in board that an admin saved from the console (DELETE resets it to the file's). */
  edited: boolean;
  /** Who saved the edited definition, and when; null for a file board as the file has it. */
  updatedBy: string | null;
  updatedAt: number | null;
}

/** DELETE /api/v1/boards/<id>: a file board goes back to the file's definition, a console board is gone. */
export type BoardRemoval = { result: 'reset'; entry: BoardEntry } | { result: 'deleted' };

/** A 400 from PUT: the dotted path of the field at fault (`pages.0.kind`; `` for the body itself) and why. */
interface BoardProblem {
  field: string;
  error: string;
}

export type BoardCheck = { ok: true; board: Board } | ({ ok: false } & BoardProblem);

/**
 * Checks a board the way the config file's `boards:` entries are checked. `id`, when the body has one, must be
 * the URL's; when it has none, the URL's is used.
 */
export function checkBoard(id: string, body: unknown): BoardCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, field: '', error: 'the body must be a JSON object (one board)' };
  if (Object.hasOwn(body, 'id') && (body as { id: unknown }).id !== id) {
    return { ok: false, field: 'id', error: `must be the board id of the address ("${id}") or left out` };
  }
  const parsed = boardSchema.safeParse({ ...body, id });
  if (parsed.success) return { ok: true, board: parsed.data };
  return { ok: false, ...problemOf(parsed.error) };
}

function problemOf(error: z.ZodError): BoardProblem {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return {
      field: [...path, issue.keys[0]!].join('.'),
      error: `unknown key${issue.keys.length > 1 ? `s: ${issue.keys.join(', ')}` : ''}`,
    };
  }
  return { field: path.join('.'), error: issue.message };
}
