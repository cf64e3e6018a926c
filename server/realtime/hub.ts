// socket.io: authenticate each connection, send it a snapshot, then the planned updates, scoped by role.
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import type { Snapshot } from '../../shared/snapshot.ts';
import { canView, scopeSnapshot, scopeUpdate } from '../auth/scope.ts';
import type { Principal, Principals } from '../auth/principals.ts';
import type { LiveModel } from '../live.ts';
import { MIN_INTERVAL_MS, UpdatePlanner } from './updates.ts';

interface SocketData {
  principal: Principal;
}

const VIEWERS = 'viewers';
const agentRoom = (id: string) => `agent:${id}`;

export class Hub {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly planner = new UpdatePlanner();
  private readonly timer: NodeJS.Timeout;

  constructor(
    http: HttpServer,
    private readonly live: LiveModel,
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
      void socket.join(p.role === 'agent' ? agentRoom(p.agentId!) : VIEWERS);
      socket.emit('snapshot', scopeSnapshot(this.snapshotNow(), p));
    });
    this.timer = setInterval(() => this.tick(), MIN_INTERVAL_MS / 2);
  }

  private snapshotNow(): Snapshot {
    return this.live.snapshot(Date.now());
  }

  private tick(): void {
    const now = Date.now();
    const state = this.live.state;
    if (!this.planner.due(state, now)) return;
    const started = performance.now();
    const update = this.planner.plan(state, this.live.view(now), now);
    update.alerts = [];
    this.io.to(VIEWERS).emit('update', update);
    for (const [room, members] of this.io.of('/').adapter.rooms) {
      if (!room.startsWith('agent:') || members.size === 0) continue;
      const agentId = room.slice('agent:'.length);
      this.io.to(room).emit('update', scopeUpdate(update, { role: 'agent', name: agentId, agentId }));
    }
    const ms = performance.now() - started;
    if (ms > 100) this.log.warn({ ms: Math.round(ms) }, 'slow update tick');
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.io.close();
  }
}
