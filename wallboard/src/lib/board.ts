// Loads a board's definition from the server (GET /api/v1/boards/:board) with the display's token.
import type { Board } from '../../../shared/boards.ts';

export type BoardResult =
  | { kind: 'ok'; board: Board }
  | { kind: 'unknown' }
  | { kind: 'refused'; reason: 'unauthorized' | 'forbidden' }
  | { kind: 'unreachable'; reason: string };

export async function fetchBoard(board: string, token: string, fetcher: typeof fetch = fetch): Promise<BoardResult> {
  let res: Response;
  try {
    res = await fetcher(`/api/v1/boards/${encodeURIComponent(board)}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch (err) {
    return { kind: 'unreachable', reason: (err as Error).message };
  }
  if (res.status === 404) return { kind: 'unknown' };
  if (res.status === 401) return { kind: 'refused', reason: 'unauthorized' };
  if (res.status === 403) return { kind: 'refused', reason: 'forbidden' };
  if (!res.ok) return { kind: 'unreachable', reason: `HTTP ${res.status}` };
  return { kind: 'ok', board: (await res.json()) as Board };
}
