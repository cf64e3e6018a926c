// Prometheus metrics of one node (prom-client), in a registry of its own: most values are read from the live
// parts when scraped, so nothing on the hot path pays for them; only ticks and dead letters are counted as they
// happen.
import client from 'prom-client';
import { ROLES, type Role } from '../shared/config.ts';
import type { EngineStats } from './engine/state.ts';
import type { DeadLetterCause } from './ingest/dead-letter.ts';
import { LoopBlockMeter } from './loop-block.ts';

export interface MetricsSources {
  stats: () => EngineStats;
  consumer: () => { redis: 'up' | 'down'; lagMs: number | null };
  /** Time of the last saved checkpoint (ms epoch), 0 before the first. */
  checkpointSavedAt: () => number;
  leaseHeld: () => boolean;
  clock?: () => number;
}

const TICK_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export class NodeMetrics {
  readonly registry = new client.Registry();
  private readonly tick: client.Histogram;
  private readonly dead: client.Counter;
  private readonly deadByCause: client.Counter<'cause'>;
  /** The role of every connected socket; set once the socket server exists. */
  socketRoles: () => Iterable<Role> = () => [];

  constructor(s: MetricsSources) {
    const self = this;
    const registers = [this.registry];
    const clock = s.clock ?? Date.now;
    const startedAt = clock();
    client.collectDefaultMetrics({ register: this.registry, prefix: 'floorboard_' });

    // Totals kept by the engine: a counter re-read at each scrape.
    const total = (name: string, help: string, read: () => number) =>
      new client.Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    total(
      'floorboard_events_folded_total',
      'Events folded into the engine state since it was first built.',
      () => s.stats().folded,
    );
    total(
      'floorboard_duplicate_events_total',
      'Events ignored because their id was seen before.',
      () => s.stats().duplicates,
    );
    total(
      'floorboard_anomalies_total',
      'Events that contradicted the state (folded as sensibly as possible).',
      () => s.stats().anomalies,
    );
    this.dead = new client.Counter({
      name: 'floorboard_dead_letters_total',
      help: 'Stream entries this node could not fold and copied to <stream>:dead.',
      registers,
    });
    this.deadByCause = new client.Counter({
      name: 'floorboard_dead_letter_causes_total',
      help: 'Dead letters by cause: ts out of range, entry too large, fold failed, invalid.',
      labelNames: ['cause'],
      registers,
    });

    new client.Gauge({
      name: 'floorboard_ingest_lag_seconds',
      help: 'How far behind the newest stream entry this node is (0 when caught up).',
      registers,
      collect() {
        this.set((s.consumer().lagMs ?? 0) / 1000);
      },
    });
    new client.Gauge({
      name: 'floorboard_redis_up',
      help: '1 when both stream connections to Redis are ready.',
      registers,
      collect() {
        this.set(s.consumer().redis === 'up' ? 1 : 0);
      },
    });
    new client.Gauge({
      name: 'floorboard_checkpoint_age_seconds',
      help: 'Time since the engine state was last checkpointed (since start when never).',
      registers,
      collect() {
        const savedAt = s.checkpointSavedAt();
        this.set((clock() - (savedAt || startedAt)) / 1000);
      },
    });
    new client.Gauge({
      name: 'floorboard_sockets',
      help: 'Connected socket.io clients by role.',
      labelNames: ['role'],
      registers,
      collect() {
        const counts = new Map<Role, number>(ROLES.map((r) => [r, 0]));
        for (const role of self.socketRoles()) counts.set(role, (counts.get(role) ?? 0) + 1);
        for (const [role, n] of counts) this.set({ role }, n);
      },
    });
    new client.Gauge({
      name: 'floorboard_lease_held',
      help: '1 on the node that holds the cluster lease (posts alert changes, trims the stream).',
      registers,
      collect() {
        this.set(s.leaseHeld() ? 1 : 0);
      },
    });
    // The longest the event loop was blocked since the last scrape (each scrape starts a new interval): a
    // checkpoint or a slow tick that stalls every screen shows here, not in an average.
    const loopBlock = new LoopBlockMeter();
    new client.Gauge({
      name: 'floorboard_eventloop_block_seconds',
      help: 'Longest event-loop block since the previous scrape (perf_hooks.monitorEventLoopDelay max).',
      registers,
      collect() {
        this.set(loopBlock.takeMaxSeconds());
      },
    });
    this.tick = new client.Histogram({
      name: 'floorboard_tick_duration_seconds',
      help: 'Time of an update tick that sent updates: view, alert evaluation, scoping and emitting.',
      buckets: TICK_BUCKETS_S,
      registers,
    });
  }

  observeTick(ms: number): void {
    this.tick.observe(ms / 1000);
  }

  deadLettered(cause: DeadLetterCause): void {
    this.dead.inc();
    this.deadByCause.inc({ cause });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
