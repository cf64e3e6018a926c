// GET /api/v1/snapshot?at=<ms or ISO> (CONTRACT §9): the snapshot a live node would have shown at that moment,
// scoped like the live one; without `at` the live route answers. The seek runs in the node's seek thread
// (server/replay/seek-thread.ts), one at a time, off the live event loop; one later in the same quarter than the
// last folds on from it (server/replay/seeker.ts).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ArchiveStore } from '../archive/store.ts';
import type { Principals } from '../auth/principals.ts';
import { canView } from '../auth/scope.ts';
import { authenticate } from '../http/authenticate.ts';
import { parseInstant } from '../stream/instant.ts';
import { SeekThreadStopped, type SeekWorker } from './seek-worker.ts';

export function pastSnapshotRouter(principals: Principals, store: ArchiveStore, seeks: SeekWorker): Router {
  const router = express.Router();
  const onlyWithAt = (req: Request, _res: Response, next: NextFunction) =>
    next(req.query.at === undefined ? 'router' : undefined);
  router.get(
    '/api/v1/snapshot',
    onlyWithAt,
    authenticate(principals),
    async (req: Request, res: Response, next: NextFunction) => {
      const p = req.principal!;
      if (!canView(p)) return void res.status(403).json({ error: 'forbidden' });
      const at = typeof req.query.at === 'string' ? parseInstant(req.query.at) : undefined;
      if (at === undefined)
        return void res.status(400).json({ error: 'at: ms since the epoch or an ISO 8601 instant' });
      try {
        const span = await store.span();
        if (!span || at < span.firstTs || at > Date.now())
          return void res.status(404).json({ error: 'at: outside the archive' });
        res
          .set('Cache-Control', 'no-store')
          .type('json')
          .send(await seeks.seek(at, p));
      } catch (err) {
        if (err instanceof SeekThreadStopped) return void res.status(503).json({ error: `replay: ${err.message}` });
        next(err);
      }
    },
  );
  return router;
}
