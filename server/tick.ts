// The tick pipeline, in one place: after a folded batch (trailing edge, 250 ms after the last update), every
// 250 ms anyway, and so at least every 5 s: view → alerts → the update (if one is due) → the hub. The two lanes
// (server/realtime/lanes.ts) ride on it: the live lane after every folded batch (≤ 50 ms later, coalesced) and on
// every tick (alerts, the clock's waits), the window lane on the first tick a second after its last.
import type { Logger } from 'pino';
import type { Patch } from '../shared/patch.ts';
import type { Update } from '../shared/snapshot.ts';
import type { AlertService } from './alerts/service.ts';
import type { AgentOf } from './auth/scope.ts';
import type { BulletinService } from './bulletins/service.ts';
import type { View } from './engine/index.ts';
import type { LiveModel } from './live.ts';
import { LIVE_COALESCE_MS, type LanePlanner } from './realtime/lanes.ts';
import { MIN_INTERVAL_MS, UpdatePlanner } from './realtime/updates.ts';
import { roundForWire } from './realtime/wire.ts';

/** Where a planned update goes: the socket layer (server/realtime/hub.ts), which scopes it per room. */
export interface UpdateSink {
  /** False while no socket of today's protocol is connected: no update is planned then. */
  readonly hasUpdateClients: boolean;
  /** False while no two-lane socket is connected: no live patch is planned after a fold then (nor a view made for
   *  it, which today's updates would then find cached). */
  readonly hasLaneClients: boolean;
  publish(wire: Update, agentOf: AgentOf): void;
  publishPatch(patch: Patch, agentOf: AgentOf): void;
}

export interface TickDeps {
  live: LiveModel;
  alerts: AlertService;
  bulletins: BulletinService;
  sink: UpdateSink;
  /** The two lanes' planner, shared with the hub (which hands its baseline to new two-lane clients). */
  lanes: LanePlanner;
  log: Logger;
  /** Told how long each tick that sent an update took (the node's /metrics histogram). @defaultValue nobody */
  observe?: (ms: number) => void;
}

/** A tick that sent an update and took longer than this is logged. */
const SLOW_TICK_MS = 100;

export class Tick {
  private readonly planner = new UpdatePlanner();
  private timer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  /** When the timer runs the next tick (+∞: none is set, e.g. while one runs or after close). */
  private nextTickAt = Number.POSITIVE_INFINITY;
  private closed = false;
  private bulletinsVersion = -1;

  constructor(private readonly deps: TickDeps) {
    this.scheduleTick(MIN_INTERVAL_MS);
  }

  /**
   * A batch of entries is folded (the consumer's batchDone): it goes out now if the last update is 250 ms old,
   * else 250 ms after it (a trailing edge), rather than waiting for a tick whose phase has nothing to do with when
   * the entries came.
   */
  folded(): void {
    this.scheduleTick(this.planner.lastEmitAt + MIN_INTERVAL_MS - Date.now());
    if (this.liveTimer || this.closed || !this.deps.sink.hasLaneClients) return;
    // Leading edge when the last live patch is 50 ms old; else the batches folded meanwhile go out together.
    const wait = Math.max(0, this.deps.lanes.lastLiveAt + LIVE_COALESCE_MS - Date.now());
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      const now = Date.now();
      this.sendLive(this.deps.live.view(now), now);
    }, wait);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.liveTimer);
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
    const { live, alerts, bulletins, sink, log } = this.deps;
    const state = live.state;
    const started = performance.now();
    const view = live.view(now);
    const changes = alerts.tick(view, now, { lastEventTs: live.lastEntryAt });
    // With no two-lane socket left the baseline is dropped: the next one to connect starts from a fresh one.
    if (!sink.hasLaneClients) this.deps.lanes.reset();
    else {
      this.sendLive(view, now);
      if (now >= this.deps.lanes.windowDueAt) {
        const patch = this.deps.lanes.window(view, now);
        if (patch) sink.publishPatch(patch, (agentId) => state.agents.get(agentId));
      }
    }
    if (!sink.hasUpdateClients) return;
    const bulletinsVersion = bulletins.version(now);
    const bulletinsChanged = bulletinsVersion !== this.bulletinsVersion;
    if (!this.planner.isDue(state, now) && changes.length === 0 && !bulletinsChanged) return;
    const update = this.planner.plan(state, view, now);
    if (bulletinsChanged) {
      update.bulletins = bulletins.active(now);
      this.bulletinsVersion = bulletinsVersion;
    }
    update.stale = live.stale(now);
    update.alerts = [...alerts.active(), ...changes.filter((c) => c.kind === 'resolved').map((c) => c.alert)];
    sink.publish(roundForWire(update), (agentId) => state.agents.get(agentId));
    const ms = performance.now() - started;
    this.deps.observe?.(ms);
    if (ms > SLOW_TICK_MS) log.warn({ ms: Math.round(ms) }, 'slow update tick');
  }

  /** The live lane's patch, if anything it carries changed. */
  private sendLive(view: View, now: number): void {
    const { live, alerts, bulletins, lanes, sink } = this.deps;
    const extras = { stale: live.stale(now), bulletins: bulletins.active(now), alerts: alerts.active() };
    const patch = lanes.live(view, extras, now);
    if (patch) sink.publishPatch(patch, (agentId) => live.state.agents.get(agentId));
  }
}
