// Boards over REST (CONTRACT §10). GET /api/v1/boards/:board is a big screen's definition, for the display,
// supervisor and admin tokens that may open boards; the list is for admins and supervisors; saving, resetting and
// deleting (the console's board editor) for admins, each audited by the store.
import express, { type Request, type Response, type Router } from 'express';
import { checkBoard } from '../../shared/board-edit.ts';
import { boardById, type Board } from '../../shared/boards.ts';
import type { Role } from '../../shared/config.ts';
import type { AuditLog } from '../audit.ts';
import { actorOf, type Principals } from '../auth/principals.ts';
import type { BoardStore } from '../boards/store.ts';
import { allow, authenticate, limitParam } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';

const BOARDS_PATH = '/api/v1/boards';
const BOARD_ROLES: ReadonlySet<Role> = new Set(['display', 'supervisor', 'admin']);
/** How far back GET …/history looks in the audit stream. */
const HISTORY_SCAN = 1_000;

/** A fixed list (screens tested without Redis) or the store. */
export type BoardSource = readonly Board[] | BoardStore;

export function boardsRouter(boards: BoardSource, principals: Principals): Router {
  const get = Array.isArray(boards)
    ? (id: string) => boardById(boards as readonly Board[], id)
    : (id: string) => (boards as BoardStore).get(id);
  const router = express.Router();
  router.get(`${BOARDS_PATH}/:board`, authenticate(principals), (req, res) => {
    if (!BOARD_ROLES.has(req.principal!.role)) {
      return void res.status(403).json({ error: 'forbidden: boards need a display, supervisor or admin token' });
    }
    const board = get(String(req.params.board));
    if (!board) return void res.status(404).json({ error: 'unknown board' });
    res.set('Cache-Control', 'no-store').json(board);
  });
  return router;
}

/** The editor's routes: list, save, reset or delete, and one board's edit history from the audit stream. */
export function boardEditRouter(store: BoardStore, principals: Principals, audit: AuditLog): Router {
  const router = express.Router();
  router.use(BOARDS_PATH, authenticate(principals));

  router.get(BOARDS_PATH, allow('admin', 'supervisor'), (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json(store.list());
  });

  router.put(`${BOARDS_PATH}/:board`, allow('admin'), jsonBody(), async (req: Request, res: Response) => {
    // express.json reads only application/json bodies; anything else arrives unread.
    if (req.body === undefined)
      return void res.status(415).json({ error: 'send the board as Content-Type: application/json', field: '' });
    const checked = checkBoard(String(req.params.board), req.body);
    if (!checked.ok) {
      const where = checked.field ? `${checked.field}: ` : '';
      return void res.status(400).json({ error: `${where}${checked.error}`, field: checked.field });
    }
    const { entry, created } = await store.put(checked.board, actorOf(req.principal!));
    res.status(created ? 201 : 200).json(entry);
  });

  router.delete(`${BOARDS_PATH}/:board`, allow('admin'), async (req: Request, res: Response) => {
    const id = String(req.params.board);
    const removed = await store.remove(id, actorOf(req.principal!));
    if (removed) return void res.json(removed);
    if (store.get(id))
      return void res.status(409).json({
        error: `board "${id}" is the config file's as it stands: there is nothing to reset (remove it from the file to delete it)`,
      });
    res.status(404).json({ error: 'unknown board' });
  });

  router.get(`${BOARDS_PATH}/:board/history`, allow('admin'), async (req: Request, res: Response) => {
    const id = String(req.params.board);
    const limit = limitParam(req, 50);
    const entries = (await audit.latest(HISTORY_SCAN)).filter(
      (e) => e.what.startsWith('board.') && e.detail.board === id,
    );
    res.set('Cache-Control', 'no-store').json(entries.slice(0, limit));
  });

  router.use(BOARDS_PATH, bodyErrors);
  return router;
}
