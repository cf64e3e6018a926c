// Replay over the socket (CONTRACT §9): a console or board asks `replay: { at, speed }`; the socket leaves its live
// room and is sent the past floor, a snapshot a second, moving `speed` times as fast as it happened (folding the
// archive forward from where it was, in the node's seek thread), until it asks `live` and rejoins its room. Clients
// that never ask see nothing of this.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Snapshot } from '../../shared/snapshot.ts';
import type { ClientToServerEvents, ReplayAnswer, ServerToClientEvents } from '../../shared/socket.ts';
import type { ArchiveStore } from '../archive/store.ts';
import type { Principal } from '../auth/principals.ts';
import { scopeSnapshot } from '../auth/scope.ts';
import type { LiveModel } from '../live.ts';
import { AGENTS_ROOM, roomOf } from '../realtime/rooms.ts';
import { parseInstant } from '../stream/instant.ts';
import { extrasAt, type PastSources } from './past-floor.ts';
import { WallRelay, type WallCommand, type WallRelayOptions } from './relay.ts';
import { SeekThreadStopped, type SeekWorker } from './seek-worker.ts';

const MAX_REPLAY_SPEED = 3600;
/** How often a replaying socket is sent the past floor (a whole snapshot: replays are few, screens are not). */
const STEP_MS = 1_000;

const requestSchema = z.strictObject({
  at: z.union([z.number().int().nonnegative(), z.string()]),
  speed: z.number().min(0).max(MAX_REPLAY_SPEED).default(1),
  board: z.string().min(1).optional(),
});

type FloorSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

export interface ReplayDeps {
  store: ArchiveStore;
  seeks: SeekWorker;
  live: LiveModel;
  log: Logger;
  /** The alerts and bulletins of the past (past-floor.ts). */
  past: PastSources;
  /** Where a board's walls are told, on every node (relay.ts). */
  relay: Pick<WallRelayOptions, 'subscriber' | 'publisher' | 'stream'>;
}

function liveRooms(p: Principal): string[] {
  return p.role === 'agent' ? [roomOf(p), AGENTS_ROOM] : [roomOf(p)];
}

class ReplaySession {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The step under way, if one is: the session is not to be closed before it ends. */
  private stepping: Promise<void> = Promise.resolve();
  /** The past moment shown. */
  private at: number;
  /** Real time and past time the current speed counts from. */
  private anchor: { real: number; past: number };

  constructor(
    private readonly socket: FloorSocket,
    private readonly deps: ReplayDeps,
    /** The seek thread's session: the engine state stays there. */
    private readonly session: number,
    first: { at: number; snapshot: Snapshot },
    private readonly speed: number,
  ) {
    this.at = first.at;
    this.anchor = { real: Date.now(), past: first.at };
    this.send(first.snapshot);
    this.schedule();
  }

  /** Stops sending; once a step under way ends, the thread keeps the position for the next seek. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.stepping;
    await this.deps.seeks.close(this.session).catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped || this.speed === 0) return;
    this.timer = setTimeout(() => {
      this.stepping = this.step();
    }, STEP_MS);
  }

  private async step(): Promise<void> {
    // From the real time elapsed, so a slow fold slows the picture's rate of updates, not the replay's speed.
    const target = Math.max(
      this.at,
      Math.min(this.anchor.past + (Date.now() - this.anchor.real) * this.speed, Date.now()),
    );
    try {
      const snapshot = await this.deps.seeks.step(this.session, target, await extrasAt(this.deps.past, target));
      this.at = target;
      if (!this.stopped) this.send(snapshot);
    } catch (err) {
      // The next step goes on from where this one got (or, after the thread restarted, seeks afresh).
      this.deps.log.warn(
        { err: (err as Error).message },
        'replay: a step failed (the archive or the audit trail); will retry',
      );
    }
    this.schedule();
  }

  private send(snapshot: Snapshot): void {
    this.socket.emit('snapshot', scopeSnapshot(snapshot, this.socket.data.principal));
  }
}

/** What one socket can be told: start a replay (or re-seek), or go back to the live floor. */
interface Controls {
  start(request: z.infer<typeof requestSchema>): Promise<ReplayAnswer>;
  live(): void;
}

/** Attaches replay to the sockets; the relay it returns is to be started (and closed) by the caller. */
export function attachReplay(io: Server<ClientToServerEvents, ServerToClientEvents>, deps: ReplayDeps): WallRelay {
  const controls = new Map<string, Controls>();
  /** A relayed command applied to the board's walls on this node (the sockets of room board:<id>). */
  async function forBoard(command: WallCommand): Promise<number> {
    const sockets = await io.in(`board:${command.board}`).fetchSockets();
    const { replay } = command;
    for (const s of sockets) {
      const c = controls.get(s.id);
      if (c) await (replay ? c.start(replay) : c.live());
    }
    return sockets.length;
  }
  const relay = new WallRelay({ ...deps.relay, log: deps.log, apply: forBoard });

  io.on('connection', (raw) => {
    const socket = raw as FloorSocket;
    let session: ReplaySession | null = null;
    const p = () => socket.data.principal;
    const mine: Controls = { start, live };
    controls.set(socket.id, mine);
    socket.on('replay', (request, answer) => {
      void (async (): Promise<ReplayAnswer> => {
        if (p().role === 'agent' || p().role === 'feed') return { ok: false, error: 'forbidden' };
        const parsed = requestSchema.safeParse(request);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          return { ok: false, error: `replay: ${issue.path.join('.') || 'request'}: ${issue.message}` };
        }
        const { board, ...rest } = parsed.data;
        if (board === undefined) return start(rest);
        if (p().role === 'display') return { ok: false, error: 'forbidden' };
        const first = await validate(rest.at);
        if (typeof first === 'string') return { ok: false, error: first };
        // Every node starts its walls at the instant checked here: they share the archive.
        const walls = await relay.send({ board, replay: { at: first, speed: rest.speed } }).catch(() => null);
        if (walls === null) return { ok: false, error: 'replay: the walls could not be told' };
        return { ok: true, at: first, speed: rest.speed, walls };
      })().then((a) => (typeof answer === 'function' ? answer(a) : undefined));
    });
    socket.on('live', (request) => {
      const board = (request as { board?: unknown } | undefined)?.board;
      if (typeof board === 'string' && (p().role === 'admin' || p().role === 'supervisor'))
        relay
          .send({ board })
          .catch((err: Error) => deps.log.warn({ err: err.message }, 'replay: could not tell the walls to go live'));
      else live();
    });
    socket.on('disconnect', () => {
      void session?.stop();
      controls.delete(socket.id);
    });

    function live(): void {
      if (!session) return;
      void session.stop();
      session = null;
      backToLive();
    }

    function replace(next: ReplaySession): void {
      void session?.stop();
      session = next;
    }

    function backToLive(): void {
      void socket.join(liveRooms(p()));
      socket.emit('snapshot', scopeSnapshot(deps.live.snapshot(Date.now()), p()));
    }

    async function start(request: { at: number | string; speed: number }): Promise<ReplayAnswer> {
      const at = await validate(request.at);
      if (typeof at === 'string') return { ok: false, error: at };
      // The replay under way is stopped first: its state is where the seeker folds on from when `at` is later in
      // the same quarter (the replay bar scrubbing forward, or playing on after a pause).
      const old = session;
      session = null;
      await old?.stop();
      try {
        const opened = await deps.seeks.open(at, await extrasAt(deps.past, at));
        if (socket.disconnected) {
          await deps.seeks.close(opened.session);
          return { ok: false, error: 'disconnected' };
        }
        for (const room of liveRooms(p())) void socket.leave(room);
        // Another start may have begun a replay meanwhile: this one, asked later, wins.
        replace(new ReplaySession(socket, deps, opened.session, { at, snapshot: opened.snapshot }, request.speed));
        return { ok: true, at, speed: request.speed };
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'replay: seeking failed');
        if (old && !session) backToLive();
        return {
          ok: false,
          error: err instanceof SeekThreadStopped ? `replay: ${err.message}` : 'replay: the archive could not be read',
        };
      }
    }
  });

  return relay;

  /** The instant asked for, or why it cannot be replayed. */
  async function validate(raw: number | string): Promise<number | string> {
    const at = typeof raw === 'number' ? raw : parseInstant(raw);
    if (at === undefined) return 'replay: at: ms since the epoch or an ISO 8601 instant';
    const span = await deps.store.span();
    if (!span || at < span.firstTs || at > Date.now()) return 'replay: at: outside the archive';
    return at;
  }
}
