// GET /api/v1/boards/:board: a big screen's definition (pages, rotation, language, theme, thresholds, ticker),
// for the display, supervisor and admin tokens that may open boards.
import express, { type Router } from 'express';
import { boardById, type Board } from '../../shared/boards.ts';
import type { Role } from '../../shared/config.ts';
import type { Principals } from '../auth/principals.ts';
import { authenticate } from './authenticate.ts';

export const BOARDS_PATH = '/api/v1/boards';
const BOARD_ROLES: ReadonlySet<Role> = new Set(['display', 'supervisor', 'admin']);

export function boardsRouter(boards: readonly Board[], principals: Principals): Router {
  const router = express.Router();
  router.get(`${BOARDS_PATH}/:board`, authenticate(principals), (req, res) => {
    if (!BOARD_ROLES.has(req.principal!.role)) {
      return void res.status(403).json({ error: 'forbidden: boards need a display, supervisor or admin token' });
    }
    const board = boardById(boards, String(req.params.board));
    if (!board) return void res.status(404).json({ error: 'unknown board' });
    res.set('Cache-Control', 'no-store').json(board);
  });
  return router;
}
