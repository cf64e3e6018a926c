// The seek thread (node:worker_threads; started by server/replay/seek-worker.ts through seek-thread-boot.mjs): a
// node's seeks into the archive run here, off the live event loop. Decoding a checkpoint and folding up to a quarter
// of a large floor takes seconds, during which the live screens of the node would otherwise stall. The thread has
// its own pool on the history database, its Seeker (and so the positions it keeps) and the replay sessions'
// positions; it answers with snapshots only. One request at a time, in the order asked (seekQueue).
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { DayClock } from '../../shared/time.ts';
import { CheckpointCache } from '../archive/checkpoint-cache.ts';
import { ArchiveStore } from '../archive/store.ts';
import { scopeSnapshot } from '../auth/scope.ts';
import { createPool } from '../db/pool.ts';
import { explainAs } from '../http/explained.ts';
import { ScheduleStore } from '../schedules/store.ts';
import { pastAttendance } from './day-end.ts';
import { PastFloor } from './past-floor.ts';
import type { SeekAnswer, SeekRequest, SeekResult, SeekThreadData } from './seek-protocol.ts';
import { foldForward, seekQueue, type Sought } from './seek.ts';
import { Seeker } from './seeker.ts';

const { databaseUrl, config, logLevel } = workerData as SeekThreadData;
const log = pino({ level: logLevel }).child({ thread: 'seek' });
const pool = createPool(databaseUrl, log);
const store = new ArchiveStore(
  pool,
  new DayClock(config.timezone),
  new CheckpointCache(config.replay.checkpointCacheMb * 1024 * 1024),
);
const schedules = new ScheduleStore(pool);
const seeker = new Seeker(store, config);
const queue = seekQueue();

/**
 * A replay's position, whether every step folded in stream order (so it is still the stream's fold: keep()), and
 * its pictures' alert book.
 */
interface Session {
  position: Sought;
  inOrder: boolean;
  floor: PastFloor;
}
const sessions = new Map<number, Session>();

async function answer(request: SeekRequest): Promise<SeekResult> {
  switch (request.kind) {
    case 'seek': {
      const position = await seeker.seek(request.at);
      const picture = new PastFloor().picture(position.state, request.at, request.past);
      const json = JSON.stringify(scopeSnapshot(picture, request.principal));
      // Viewed: the next seek later in the same quarter folds on from here.
      seeker.keep(position);
      return json;
    }
    case 'explain': {
      const position = await seeker.seek(request.at);
      try {
        return explainAs(request.principal, position.state, request.question, request.at);
      } finally {
        seeker.keep(position);
      }
    }
    case 'attendance':
      return pastAttendance(store, schedules, config, request.date, request.now, request.principal);
    case 'open': {
      const session = await opened(request.session, request.at);
      return session.floor.picture(session.position.state, request.at, request.past);
    }
    case 'step': {
      const held = sessions.get(request.session);
      // Not held (the thread was restarted under the replay): sought afresh, which is the same state.
      const session = held ?? (await opened(request.session, request.to));
      try {
        if (request.to > session.position.at)
          session.inOrder &&= (await foldForward(store, config, session.position, request.to)).inOrder;
      } catch (err) {
        // Part of the step may be folded already: the state is no longer a fold of the stream to hand on.
        session.inOrder = false;
        throw err;
      }
      return session.floor.picture(session.position.state, session.position.at, request.past);
    }
    case 'close': {
      const session = sessions.get(request.session);
      sessions.delete(request.session);
      if (session?.inOrder) seeker.keep(session.position);
      return null;
    }
  }
}

async function opened(id: number, at: number): Promise<Session> {
  const session = { position: await seeker.seek(at), inOrder: true, floor: new PastFloor() };
  sessions.set(id, session);
  return session;
}

parentPort!.on('message', (request: SeekRequest) => {
  void queue(() => answer(request)).then(
    (result) => parentPort!.postMessage({ id: request.id, ok: true, result } as SeekAnswer),
    (err: Error) => {
      log.warn({ err: err.message, kind: request.kind }, 'seek failed');
      parentPort!.postMessage({ id: request.id, ok: false, error: err.message } as SeekAnswer);
    },
  );
});
