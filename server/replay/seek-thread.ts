// The seek thread (node:worker_threads; started by server/replay/seek-worker.ts through seek-thread-boot.mjs): a
// node's seeks into the archive run here, off the live event loop. Decoding a checkpoint and folding up to a quarter
// of a large floor takes seconds, during which the live screens of the node would otherwise stall. The thread has
// its own pool on the history database, its Seeker (and so the positions it keeps) and the replay sessions'
// positions; it answers with snapshots only. One request at a time, in the order asked (seekQueue).
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import type { Snapshot } from '../../shared/snapshot.ts';
import { DayClock } from '../../shared/time.ts';
import { CheckpointCache } from '../archive/checkpoint-cache.ts';
import { ArchiveStore } from '../archive/store.ts';
import { scopeSnapshot } from '../auth/scope.ts';
import { createPool } from '../db/pool.ts';
import type { SeekAnswer, SeekRequest, SeekThreadData } from './seek-protocol.ts';
import { foldForward, pastSnapshot, seekQueue, type Sought } from './seek.ts';
import { Seeker } from './seeker.ts';

const { databaseUrl, config, logLevel } = workerData as SeekThreadData;
const log = pino({ level: logLevel }).child({ thread: 'seek' });
const store = new ArchiveStore(
  createPool(databaseUrl, log),
  new DayClock(config.timezone),
  new CheckpointCache(config.replay.checkpointCacheMb * 1024 * 1024),
);
const seeker = new Seeker(store, config);
const queue = seekQueue();

/** A replay's position, and whether every step folded in stream order (so it is still the stream's fold: keep()). */
interface Session {
  position: Sought;
  inOrder: boolean;
}
const sessions = new Map<number, Session>();

async function answer(request: SeekRequest): Promise<Snapshot | string | null> {
  switch (request.kind) {
    case 'seek': {
      const position = await seeker.seek(request.at);
      const json = JSON.stringify(scopeSnapshot(pastSnapshot(position.state, request.at), request.principal));
      // Viewed: the next seek later in the same quarter folds on from here.
      seeker.keep(position);
      return json;
    }
    case 'open': {
      const position = await seeker.seek(request.at);
      sessions.set(request.session, { position, inOrder: true });
      return pastSnapshot(position.state, request.at);
    }
    case 'step': {
      const session = sessions.get(request.session);
      if (!session) {
        // Not held (the thread was restarted under the replay): sought afresh, which is the same state.
        const position = await seeker.seek(request.to);
        sessions.set(request.session, { position, inOrder: true });
        return pastSnapshot(position.state, request.to);
      }
      try {
        if (request.to > session.position.at)
          session.inOrder &&= (await foldForward(store, config, session.position, request.to)).inOrder;
      } catch (err) {
        // Part of the step may be folded already: the state is no longer a fold of the stream to hand on.
        session.inOrder = false;
        throw err;
      }
      return pastSnapshot(session.position.state, session.position.at);
    }
    case 'close': {
      const session = sessions.get(request.session);
      sessions.delete(request.session);
      if (session?.inOrder) seeker.keep(session.position);
      return null;
    }
  }
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
