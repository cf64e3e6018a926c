// socket.io: authenticate each connection, send it a snapshot, then the planned updates, scoped by role.
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { canView, scopeSnapshot, scopeUpdate } from '../auth/scope.ts';
import type { Principal, Principals } from '../auth/principals.ts';
import type { AlertService } from '../alerts/service.ts';
import type { LiveModel } from '../live.ts';
import { MIN_INTERVAL_MS, UpdatePlanner } from './updates.ts';

interface SocketData {
  principal: Principal;
}

// One room per kind of audience, so each update is scoped once per room rather than once per socket.
const roomOf = (p: Principal) => (p.role === 'agent' ? `agent:${p.agentId}` : `role:${p.role}`);
const ROOM_PRINCIPALS: Record<string, Principal> = Object.fromEntries(
  (['admin', 'supervisor', 'display'] as const).map((role) => [`role:${role}`, { role, name: role }]),
);
const agentPrincipal = (room: string): Principal => {
  const agentId = room.slice('agent:'.length);
  return { role: 'agent', name: agentId, agentId };
};

export class Hub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly planner = new UpdatePlanner();
  private readonly timer: NodeJS.Timeout;

  constructor(
    http: HttpServer,
    private readonly live: LiveModel,
    private readonly alerts: AlertService,
    principals: Principals,
    private readonly log: Logger,
  ) {
    this.io = new Server(http, { serveClient: false, cors: { origin: false } });
    this.io.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token ?? socket.handshake.query.token;
      const principal = principals.resolve(typeof token === 'string' ? token : null);
      if (!principal) return next(new Error('unauthorized'));
      if (!canView(principal)) return next(new Error('forbidden'));
      socket.data.principal = principal;
      next();
    });
    this.io.on('connection', (socket) => {
      const p = socket.data.principal;
      void socket.join(roomOf(p));
      socket.emit('snapshot', scopeSnapshot(this.snapshotNow(), p));
    });
    this.timer = setInterval(() => this.tick(), MIN_INTERVAL_MS);
  }

  private snapshotNow(): Snapshot {
    return this.live.snapshot(Date.now());
  }

  /** Every 250 ms: alerts are evaluated; an update goes out when something changed or 5 s have passed. */
  private tick(): void {
    const now = Date.now();
    const state = this.live.state;
    const started = performance.now();
    const view = this.live.view(now);
    const changes = this.alerts.tick(view, now, { lastEventTs: this.live.lastEntryAt });
    if (!this.planner.due(state, now) && changes.length === 0) return;
    const update = this.planner.plan(state, view, now);
    update.alerts = [...this.alerts.active(), ...changes.filter((c) => c.kind === 'resolved').map((c) => c.alert)];
    for (const [room, members] of this.io.of('/').adapter.rooms) {
      if (members.size === 0) continue;
      const principal = ROOM_PRINCIPALS[room] ?? (room.startsWith('agent:') ? agentPrincipal(room) : null);
      if (principal) this.io.to(room).emit('update', scopeUpdate(update, principal));
    }
    const ms = performance.now() - started;
    if (ms > 100) this.log.warn({ ms: Math.round(ms) }, 'slow update tick');
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.io.close();
  }
}
