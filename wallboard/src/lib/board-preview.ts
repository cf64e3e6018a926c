// The board editor's live preview: the editor frames /wall/<id>?preview and posts each draft to it. Only this
// origin's pages may post, and only a draft the config file's schema accepts is shown.
import { boardSchema, type Board } from '../../../shared/boards.ts';

const DRAFT_MESSAGE = 'floorboard:board-draft';
export const READY_MESSAGE = 'floorboard:preview-ready';

/** In the framed wall: calls `show` with each valid draft, after telling the editor it is ready. Returns a stop. */
export function listenForDrafts(show: (board: Board) => void): () => void {
  const onMessage = (e: MessageEvent) => {
    if (e.origin !== location.origin || (e.data as { type?: unknown })?.type !== DRAFT_MESSAGE) return;
    const parsed = boardSchema.safeParse((e.data as { board?: unknown }).board);
    // A preview never chimes: the editor is not the floor.
    if (parsed.success) show({ ...parsed.data, sound: false });
  };
  window.addEventListener('message', onMessage);
  window.parent.postMessage({ type: READY_MESSAGE }, location.origin);
  return () => window.removeEventListener('message', onMessage);
}

/** In the editor: sends a draft to the framed wall. */
export function postDraft(frame: Window, board: unknown): void {
  frame.postMessage({ type: DRAFT_MESSAGE, board }, location.origin);
}
