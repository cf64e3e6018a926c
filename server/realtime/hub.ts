// socket.io: authenticate each connection, send it a snapshot, then the planned updates, scoped by role.
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type ServerToClientEvents, SocketRefusal } from '../../shared/socket.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { canView, scopeSnapshot, scopeUpdate, splitForAgents } from '../auth/scope.ts';
import { AGENTS_ROOM, roomOf, roomPrincipal } from './rooms.ts';
import type { Principal, Principals } from '../auth/principals.ts';
import type { AlertService } from '../alerts/service.ts';
import type { BulletinService } from '../bulletins/service.ts';
import type { LiveModel } from '../live.ts';
import { MIN_INTERVAL_MS, UpdatePlanner } from './updates.ts';
import { roundForWire } from './wire.ts';

interface SocketData {
  principal: Principal;
  /** The cookie of a login session, rechecked so a socket does not outlive its session. */
  sessionCookie?: string;
}

/** How often sockets opened with a login session check that it still stands (logout, password change, user removed
 *  or rescoped — from any node or the CLI). */
export const SESSION_RECHECK_MS = 10_000;

export class Hub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly planner = new UpdatePlanner();
  private timer: NodeJS.Timeout | undefined;
  /** When the timer runs the next tick (+∞: none is set, e.g. while one runs or after close). */
  private nextTickAt = Number.POSITIVE_INFINITY;
  private closed = false;
  /** Told how long each tick that sent updates took (the node's /metrics histogram). */
  onTick: (ms: number) => void = () => undefined;
  private readonly sessionTimer: NodeJS.Timeout;
  private bulletinsVersion = -1;
  /** The alert list as last sent, so agents' desktops are sent it only when it changes. */
  private lastAlerts = '';

  constructor(
    http: HttpServer,
    private readonly live: LiveModel,
    private readonly alerts: AlertService,
    private readonly bulletins: BulletinService,
    principals: Principals,
    private readonly log: Logger,
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
      void socket.join(p.role === 'agent' ? [roomOf(p), AGENTS_ROOM] : roomOf(p));
      socket.emit('snapshot', scopeSnapshot(this.snapshotNow(), p));
    });
    live.onFolded = () => this.folded();
    this.scheduleTick(MIN_INTERVAL_MS);
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

  private snapshotNow(): Snapshot {
    return this.live.snapshot(Date.now());
  }

  /**
   * New entries are folded: they go out now if the last update is 250 ms old, else 250 ms after it (a trailing
   * edge), rather than waiting for a tick whose phase has nothing to do with when they came.
   */
  private folded(): void {
    this.scheduleTick(this.planner.lastEmitAt + MIN_INTERVAL_MS - Date.now());
  }

  /** Brings the next tick forward to `delayMs` from now; a later one than already set changes nothing. */
  private scheduleTick(delayMs: number): void {
    const wait = Math.max(0, delayMs);
    const at = Date.now() + wait;
    if (this.closed || at >= this.nextTickAt) return;
    clearTimeout(this.timer);
    this.nextTickAt = at;
    this.timer = setTimeout(() => this.tick(), wait);
  }

  /**
   * At least every 250 ms, and when entries were folded: alerts are evaluated; an update goes out when something
   * changed or 5 s have passed, never sooner than 250 ms after the last.
   */
  private tick(): void {
    this.nextTickAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    // A timer may fire a millisecond before Date.now() says it is due.
    const early = this.planner.lastEmitAt + MIN_INTERVAL_MS - now;
    if (early > 0) return this.scheduleTick(early);
    try {
      this.evaluateAndSend(now);
    } finally {
      this.scheduleTick(now + MIN_INTERVAL_MS - Date.now());
    }
  }

  private evaluateAndSend(now: number): void {
    const state = this.live.state;
    const started = performance.now();
    const view = this.live.view(now);
    const changes = this.alerts.tick(view, now, { lastEventTs: this.live.lastEntryAt });
    const bulletinsVersion = this.bulletins.version(now);
    const bulletinsChanged = bulletinsVersion !== this.bulletinsVersion;
    if (!this.planner.isDue(state, now) && changes.length === 0 && !bulletinsChanged) return;
    const update = this.planner.plan(state, view, now);
    if (bulletinsChanged) {
      update.bulletins = this.bulletins.active(now);
      this.bulletinsVersion = bulletinsVersion;
    }
    update.stale = this.live.stale(now);
    update.alerts = [...this.alerts.active(), ...changes.filter((c) => c.kind === 'resolved').map((c) => c.alert)];
    const wire = roundForWire(update);
    const agentOf = (agentId: string) => state.agents.get(agentId);
    const alerts = JSON.stringify(update.alerts);
    const alertsChanged = alerts !== this.lastAlerts;
    this.lastAlerts = alerts;
    const rooms = this.io.of('/').adapter.rooms;
    const forAgents = splitForAgents(wire, agentOf, alertsChanged);
    if (rooms.get(AGENTS_ROOM)?.size) this.io.to(AGENTS_ROOM).emit('update', forAgents.shared);
    for (const [room, members] of rooms) {
      if (members.size === 0) continue;
      const principal = roomPrincipal(room);
      if (!principal) continue;
      if (principal.role !== 'agent') {
        this.io.to(room).emit('update', scopeUpdate(wire, principal, agentOf));
        continue;
      }
      const own = forAgents.own(principal);
      if (own) this.io.to(room).emit('update', own);
    }
    const ms = performance.now() - started;
    this.onTick(ms);
    if (ms > 100) this.log.warn({ ms: Math.round(ms) }, 'slow update tick');
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.sessionTimer);
    await this.io.close();
  }
}

/** Browsers always send Origin on a socket.io handshake; non-browser clients that send none use tokens. */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
