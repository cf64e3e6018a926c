// GET /api/v1/snapshot?at=<ms or ISO> (CONTRACT §9): the snapshot a live node would have shown at that moment,
// scoped like the live one; without `at` the live route answers. Seeks run one at a time (seekQueue): each folds up
// to a quarter of an hour of the floor, and a burst of them must not starve the live node; one later in the same
// quarter than the last folds on from it (server/replay/seeker.ts).
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { ArchiveStore } from '../archive/store.ts';
import type { Principals } from '../auth/principals.ts';
import { canView, scopeSnapshot } from '../auth/scope.ts';
import type { EngineState } from '../engine/index.ts';
import { authenticate } from '../http/authenticate.ts';
import { parseInstant } from '../stream/instant.ts';
import { PastFloor, type PastSources } from './past-floor.ts';
import type { SeekQueue } from './seek.ts';
import type { Seeker } from './seeker.ts';

/**
 * Reads the engine state at a past moment: `read` gets it synchronously, then the position goes back to the seeker
 * (the next seek later in the same quarter folds on from it). null: `at` is outside the archive.
 */
export type AtMoment = <T>(at: number, read: (state: EngineState) => T) => Promise<T | null>;

/** The node's one way into the past for its routes, through its seek queue. */
export function atMoment(store: ArchiveStore, seeker: Seeker, seeks: SeekQueue): AtMoment {
  return async (at, read) => {
    const span = await store.span();
    if (!span || at < span.firstTs || at > Date.now()) return null;
    const position = await seeks(() => seeker.seek(at));
    try {
      return read(position.state);
    } finally {
      seeker.keep(position);
    }
  };
}

export const OUTSIDE_ARCHIVE = 'at: outside the archive';
export const BAD_INSTANT = 'at: ms since the epoch or an ISO 8601 instant';

export function pastSnapshotRouter(principals: Principals, moment: AtMoment, past: PastSources): Router {
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
        // The figures are read from the state at once; the bulletins come after.
        const picture = await moment(at, (state) => new PastFloor(past).snapshot(state, at));
        if (!picture) return void res.status(404).json({ error: OUTSIDE_ARCHIVE });
        res.set('Cache-Control', 'no-store').json(scopeSnapshot(picture, p));
      } catch (err) {
        next(err);
      }
    },
  );
  return router;
}
