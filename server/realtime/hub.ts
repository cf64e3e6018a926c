// socket.io: authenticate each connection, send it a snapshot, then publish what the tick (server/tick.ts) plans,
// scoped per room (rooms.ts): `update`s to the clients of today's protocol, the two lanes' `patch`es to those that
// asked for them at connect (`auth.lanes: 2`, shared/patch.ts).
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, SocketRefusal } from '../../shared/socket.ts';
import { LANES_PROTOCOL, type Patch } from '../../shared/patch.ts';
import type { Snapshot, Update } from '../../shared/snapshot.ts';
import {
  type AgentOf,
  canView,
  scopePatch,
  scopeSnapshot,
  scopeUpdate,
  splitForAgents,
  splitPatchForAgents,
} from '../auth/scope.ts';
import type { LanePlanner } from './lanes.ts';
import { AGENTS_ROOM, LANES_ROOM, roomOf, roomPrincipal, UPDATES_ROOM } from './rooms.ts';
import type { Principal, Principals } from '../auth/principals.ts';
import type { LiveModel } from '../live.ts';
import type { UpdateSink } from '../tick.ts';

interface SocketData {
  principal: Principal;
  /** The cookie of a login session, rechecked so a socket does not outlive its session. */
  sessionCookie?: string;
}

/** How often sockets opened with a login session check that it still stands (logout, password change, user removed
 *  or rescoped — from any node or the CLI). */
export const SESSION_RECHECK_MS = 10_000;

export class Hub implements UpdateSink {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly sessionTimer: NodeJS.Timeout;
  /** The alert list as last sent, so agents' desktops are sent it only when it changes. */
  private lastAlerts = '';

  constructor(
    http: HttpServer,
    private readonly live: LiveModel,
    principals: Principals,
    private readonly log: Logger,
    private readonly lanes: LanePlanner,
  ) {
    this.io = new Server(http, { serveClient: false, cors: { origin: false } });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token ?? socket.handshake.query.token;
      const { headers } = socket.handshake;
      // A cookie rides along on any page's request to this host: only the wallboard's own pages may use it.
      const cookie =
        typeof token === 'string' || !sameOrigin(headers.origin, headers.host) ? undefined : headers.cookie;
      principals
        .authenticate({ authorization: typeof token === 'string' ? `Bearer ${token}` : undefined, cookie })
        .then((resolved) => {
          if (!resolved) return next(new Error(SocketRefusal.unauthorized));
          if (!canView(resolved.principal)) return next(new Error(SocketRefusal.forbidden));
          socket.data.principal = resolved.principal;
          if (resolved.sessionId && cookie) socket.data.sessionCookie = cookie;
          next();
        })
        .catch((err: Error) => {
          this.log.warn({ err: err.message }, 'could not check a socket session');
          next(new Error(SocketRefusal.unavailable));
        });
    });
    this.io.on('connection', (socket) => {
      const p = socket.data.principal;
      const lanes = (socket.handshake.auth as { lanes?: unknown } | undefined)?.lanes === LANES_PROTOCOL;
      // The protocol rooms are never left (a replay leaves only the principal's rooms), so they need no rejoining.
      void socket.join([
        ...(p.role === 'agent' ? [roomOf(p), AGENTS_ROOM] : [roomOf(p)]),
        lanes ? LANES_ROOM : UPDATES_ROOM,
      ]);
      if (!lanes) return void socket.emit('snapshot', scopeSnapshot(this.live.snapshot(Date.now()), p));
      socket.emit('snapshot', scopeSnapshot(this.laneSnapshot(), p));
      // Back from a replay the socket is sent the live floor as it is now, not the lanes' baseline: it asks again.
      // A whole snapshot is the dearest thing a socket can ask for: asked faster than once a second, the asks are
      // answered together, once, when the second is up (never dropped: the screen needs the baseline).
      let resyncedAt = Number.NEGATIVE_INFINITY;
      let resyncDue = false;
      socket.on('resync', () => {
        if (resyncDue) return;
        resyncDue = true;
        setTimeout(
          () => {
            resyncDue = false;
            resyncedAt = Date.now();
            if (socket.connected) socket.emit('snapshot', scopeSnapshot(this.laneSnapshot(), socket.data.principal));
          },
          Math.max(0, resyncedAt + RESYNC_EVERY_MS - Date.now()),
        );
      });
    });
    this.sessionTimer = setInterval(() => void this.recheckSessions(principals), SESSION_RECHECK_MS);
  }

  private async recheckSessions(principals: Principals): Promise<void> {
    for (const socket of this.io.of('/').sockets.values()) {
      const cookie = socket.data.sessionCookie;
      if (!cookie) continue;
      const still = await principals.authenticate({ authorization: undefined, cookie }).catch(() => undefined);
      // undefined: Redis could not say, so the socket stays until it can. Gone, or the user's role or scope changed:
      // close it; a screen that reconnects gets what the user may see now.
      if (still === undefined) continue;
      if (still === null || JSON.stringify(still.principal) !== JSON.stringify(socket.data.principal))
        socket.disconnect(true);
    }
  }

  /** True while some socket of today's protocol is connected (else no update need be planned for it). */
  get hasUpdateClients(): boolean {
    return (this.io.of('/').adapter.rooms.get(UPDATES_ROOM)?.size ?? 0) > 0;
  }

  get hasLaneClients(): boolean {
    return (this.io.of('/').adapter.rooms.get(LANES_ROOM)?.size ?? 0) > 0;
  }

  /** Sends an update, rounded for the wire, to every room that has sockets, cut to what each may see. */
  publish(wire: Update, agentOf: AgentOf): void {
    const alerts = JSON.stringify(wire.alerts);
    const alertsChanged = alerts !== this.lastAlerts;
    this.lastAlerts = alerts;
    if (!this.hasUpdateClients) return;
    const rooms = this.io.of('/').adapter.rooms;
    const forAgents = splitForAgents(wire, agentOf, alertsChanged);
    if (rooms.get(AGENTS_ROOM)?.size) this.io.to(AGENTS_ROOM).except(LANES_ROOM).emit('update', forAgents.shared);
    for (const [room, members] of rooms) {
      if (members.size === 0) continue;
      const principal = roomPrincipal(room);
      if (!principal) continue;
      if (principal.role !== 'agent') {
        this.io
          .to(room)
          .except(LANES_ROOM)
          .emit('update', scopeUpdate(wire, principal, agentOf));
        continue;
      }
      const own = forAgents.own(principal);
      if (own) this.io.to(room).except(LANES_ROOM).emit('update', own);
    }
  }

  /** Sends a lane's patch to the two-lane sockets of every room, cut to what each may see. A live patch that
   *  is left with nothing for a room is not sent to it; the window lane always is (it is the heartbeat). */
  publishPatch(patch: Patch, agentOf: AgentOf): void {
    if (!this.hasLaneClients) return;
    const rooms = this.io.of('/').adapter.rooms;
    const send = (room: string, p: Patch) => {
      if (patch.lane === 'window' || Object.keys(p).length > PATCH_HEAD_FIELDS)
        this.io.to(room).except(UPDATES_ROOM).emit('patch', p);
    };
    const forAgents = splitPatchForAgents(patch, agentOf);
    if (rooms.get(AGENTS_ROOM)?.size) send(AGENTS_ROOM, forAgents.shared);
    for (const [room, members] of rooms) {
      if (members.size === 0) continue;
      const principal = roomPrincipal(room);
      if (!principal) continue;
      if (principal.role !== 'agent') {
        send(room, scopePatch(patch, principal, agentOf));
        continue;
      }
      const own = forAgents.own(principal);
      if (own) this.io.to(room).except(UPDATES_ROOM).emit('patch', own);
    }
  }

  private laneSnapshot(): Snapshot {
    return this.lanes.snapshot(() => this.live.snapshot(Date.now()));
  }

  async close(): Promise<void> {
    clearInterval(this.sessionTimer);
    await this.io.close();
  }
}

/** A socket's asks for the lanes' baseline are answered at most this often. */
const RESYNC_EVERY_MS = 1_000;

/** lane, seq, asOf, cursor: a patch with no more than these has nothing to say to a room. */
const PATCH_HEAD_FIELDS = 4;

/** Browsers always send Origin on a socket.io handshake; non-browser clients that send none use tokens. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
