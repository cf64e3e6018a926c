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
import { extrasAt, type PastSources } from './past-floor.ts';
import { SeekThreadStopped, type SeekWorker } from './seek-worker.ts';

export const OUTSIDE_ARCHIVE = 'at: outside the archive';
export const BAD_INSTANT = 'at: ms since the epoch or an ISO 8601 instant';

/** The routes' way into the past: the seek thread, for moments the archive holds. */
export interface PastRoutes {
  store: ArchiveStore;
  seeks: SeekWorker;
  /** What a past picture shows besides the figures (past-floor.ts). */
  sources: PastSources;
}

/** True when the archive holds `at` (from its first event to now). */
export async function inArchive(store: ArchiveStore, at: number): Promise<boolean> {
  const span = await store.span();
  return span !== null && at >= span.firstTs && at <= Date.now();
}

/** Answers a route's error: a stopped seek thread is a 503 to ask again, anything else the app's error handler. */
export function pastFailed(err: unknown, res: Response, next: NextFunction): void {
  if (err instanceof SeekThreadStopped) return void res.status(503).json({ error: `replay: ${err.message}` });
  next(err);
}

export function pastSnapshotRouter(principals: Principals, past: PastRoutes): Router {
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
      if (at === undefined) return void res.status(400).json({ error: BAD_INSTANT });
      try {
        if (!(await inArchive(past.store, at))) return void res.status(404).json({ error: OUTSIDE_ARCHIVE });
        const json = await past.seeks.seek(at, p, await extrasAt(past.sources, at));
        res.set('Cache-Control', 'no-store').type('json').send(json);
      } catch (err) {
        pastFailed(err, res, next);
      }
    },
  );
  return router;
}
