// One server node: Redis, the engine fed by the stream consumer, checkpoints, HTTP and socket.io, wired together.
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from '../shared/config.ts';
import type { Health } from '../shared/snapshot.ts';
import { AlertService } from './alerts/service.ts';
import { AuditLog } from './audit.ts';
import { LoginLimit } from './auth/login-limit.ts';
import { Principals } from './auth/principals.ts';
import { SessionStore } from './auth/sessions.ts';
import { UserStore } from './auth/users.ts';
import { BoardStore } from './boards/store.ts';
import { BulletinService } from './bulletins/service.ts';
import { Checkpointer, loadCheckpoint } from './checkpoint.ts';
import { applyConfig, createState } from './engine/index.ts';
import { createApp, HOME_PATH } from './http/app.ts';
import { metricsRouter } from './http/metrics.ts';
import { deadLetterCause, deadLetterCount } from './ingest/dead-letter.ts';
import { StreamConsumer } from './ingest/consumer.ts';
import { INGEST_STALLED, StallWatch } from './ingest/stall.ts';
import { Lease } from './lease.ts';
import { foldLimits } from './engine/index.ts';
import { LiveModel } from './live.ts';
import { NodeMetrics } from './metrics.ts';
import { pushBoards } from './realtime/boards.ts';
import { Hub } from './realtime/hub.ts';
import { LanePlanner } from './realtime/lanes.ts';
import { startHistory, type History } from './history/service.ts';
import { addAdherence, floorAdherence, type FloorAdherence } from './engine/adherence.ts';
import { AttendanceDays } from './schedules/attendance-days.ts';
import { ScheduleCache } from './schedules/cache.ts';
import { ScheduleStore } from './schedules/store.ts';
import { startArchive, type Archive } from './archive/service.ts';
import { pastSnapshotRouter } from './replay/http.ts';
import { SeekWorker } from './replay/seek-worker.ts';
import { attachReplay } from './replay/socket.ts';
import { BulletinHistory } from './replay/past-bulletins.ts';
import { createRedis, whenReady } from './redis/connection.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded.ts';
import { checkpointKey, groupName, leaseKey } from './redis/keys.ts';
import { Retention } from './retention.ts';
import { Tick } from './tick.ts';
import { isLoopback, type Settings } from './settings.ts';
import { redactUrl } from './redact.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_STATIC_DIR = path.resolve(here, '../dist/wallboard');
const DEAD_COUNT_EVERY_MS = 2_000;

export interface NodeOptions {
  settings: Settings;
  config: Config;
  log: Logger;
  staticDir?: string;
  /** Where the private Redis (and PostgreSQL) keep their data when REDIS_URL (DATABASE_URL) is unset. */
  dataDir?: string;
  checkpointEveryMs?: number;
  /** Where `/` leads (see AppDeps). */
  homePath?: string;
}

export interface RunningNode {
  url: string;
  port: number;
  redisUrl: string;
  live: LiveModel;
  consumer: StreamConsumer;
  alerts: AlertService;
  bulletins: BulletinService;
  /** This node's hold on the cluster's lease: the holder posts alert changes and trims the streams. */
  lease: Lease;
  metrics: NodeMetrics;
  /** History and reports (CONTRACT §6): the database, its store and the interval writer. */
  history: History;
  /** The event archive and its checkpoints (CONTRACT §9), on the history database. */
  archive: Archive;
  /** Where this node's replay seeks run (tests end its thread to see a crash answered). */
  seekWorker: SeekWorker;
  health(): Promise<Health>;
  /** Saves a checkpoint now (tests use it to make restarts deterministic). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export async function startNode(o: NodeOptions): Promise<RunningNode> {
  const { settings, config, log } = o;
  const principals = new Principals(config, settings.adminToken);
  if (!isLoopback(settings.host) && !principals.hasAdmin) {
    throw new Error(`refusing to listen on ${settings.host} without an admin credential: set FLOORBOARD_ADMIN_TOKEN`);
  }

  let embedded: EmbeddedRedis | null = null;
  const redisUrl = settings.redisUrl ?? (embedded = await startEmbeddedRedis(o.dataDir ?? '.floorboard', log)).url;
  const redis = createRedis(redisUrl, 'commands', log);
  const closeAll: [name: string, close: () => Promise<unknown>][] = [];
  // Closing has a budget: with Redis already gone (Ctrl-C reaches a private redis-server too) a final write would
  // otherwise wait for it forever, and the process would never exit. Steps past the budget are started, not awaited.
  const cleanup = async () => {
    const deadline = Date.now() + CLOSE_BUDGET_MS;
    for (const [name, close] of closeAll.reverse()) {
      const outcome = await withTimeout(close(), Math.max(0, deadline - Date.now())).catch((err: Error) => err);
      if (outcome === TIMED_OUT) log.warn({ step: name, budgetMs: CLOSE_BUDGET_MS }, 'closing: gave up waiting');
      else if (outcome instanceof Error) log.warn({ step: name, err: outcome.message }, 'while closing');
    }
  };
  closeAll.push(['private redis', async () => embedded?.stop()]);
  closeAll.push(['redis connection', async () => redis.quit()]);
  // Sign-in, sessions, the audit trail and bulletins answer people waiting on a page: they fail fast (503).
  const requests = createRedis(redisUrl, 'requests', log, { failFast: true });
  closeAll.push(['request connection', async () => requests.disconnect()]);

  try {
    try {
      await redis.ping();
    } catch (err) {
      throw new Error(`cannot reach Redis at ${redactUrl(redisUrl)}: ${(err as Error).message}`);
    }
    await whenReady(requests);

    const key = checkpointKey(settings.stream, settings.nodeId);
    const saved = await loadCheckpoint(redis, key, config.timezone, log);
    const state = saved ?? createState(config);
    if (saved) applyConfig(state, config);
    log.info(
      { cursor: state.cursor, folded: state.stats.folded },
      saved ? 'resuming from checkpoint' : 'folding the stream from its start',
    );
    // The services a snapshot carries are made below, once Redis and the lease are up; screens ask only after that.
    const feedProblem = (): string | null =>
      consumer.status().redis === 'down' ? 'redis unreachable' : stall.isStalled() ? INGEST_STALLED : null;
    const live = new LiveModel(state, foldLimits(config), {
      alerts: () => alerts.active(),
      bulletins: (now) => bulletins.active(now),
      feedProblem,
    });
    // The tick starts once the sockets exist (below): a batch folded before then has no screen to tell.
    let tick: Tick | null = null;

    const checkpointer = new Checkpointer(redis, key, () => live.state, log, o.checkpointEveryMs);
    const metrics = new NodeMetrics({
      stats: () => live.state.stats,
      consumer: () => ({ ...consumer.status(), lagMs: lagMs() }),
      checkpointSavedAt: () => checkpointer.lastSavedAt,
      leaseHeld: () => lease.held(),
    });
    const consumer = new StreamConsumer({
      redisUrl,
      stream: settings.stream,
      group: groupName(settings.nodeId),
      consumer: settings.nodeId,
      sink: {
        fold: (id, event) => live.fold(id, event),
        dead: (id, reason) => {
          live.skip(id);
          metrics.deadLettered(deadLetterCause(reason));
        },
        batchDone: () => tick?.folded(),
        held: () => checkpointer.held(),
      },
      log,
      startAfter: saved ? state.cursor : null,
      maxEntryBytes: config.ingest.maxEntryBytes,
    });
    await consumer.start();
    closeAll.push(['final checkpoint', () => checkpointer.close()]);
    closeAll.push(['stream consumer', () => consumer.stop()]);
    const stall = new StallWatch({
      redis,
      stream: settings.stream,
      cursor: () => consumer.status().lastEntryId,
      stallAfterMs: config.ingest.stallAfterSec * 1000,
    });
    stall.start();
    closeAll.push(['stall watch', () => stall.stop()]);
    // The consumer measures lag by what it reads; stuck, it reads nothing, so the oldest waiting entry tells.
    const lagMs = () => stall.lagMs(Date.now()) ?? consumer.status().lagMs;

    const lease = new Lease({ redis, key: leaseKey(settings.stream), owner: settings.nodeId, log });
    await lease.start();
    closeAll.push(['lease', () => lease.stop()]);
    const history = await startHistory({
      databaseUrl: settings.databaseUrl,
      dataDir: o.dataDir ?? '.floorboard',
      config,
      state: () => live.state,
      caughtUp: () => consumer.status().lagMs === 0,
      lastEntryAt: () => live.lastEntryAt,
      lease,
      redis,
      stream: settings.stream,
      log,
    });
    closeAll.push(['history', () => history.close()]);
    // Schedules (issue 17): stored beside the history; adherence is judged by the activities around now.
    const scheduleStore = new ScheduleStore(history.pool);
    const schedules = new ScheduleCache(scheduleStore, log);
    await schedules.reload();
    schedules.start();
    closeAll.push(['schedules', async () => schedules.stop()]);
    // Adherence moves by the second (screens tick the time out themselves): worked out at most once a second.
    let adherence: { at: number; version: number; floor: FloorAdherence | null } | null = null;
    live.adherence = {
      version: () => schedules.version,
      add: (v, now) => {
        if (!adherence || adherence.version !== schedules.version || now < adherence.at || now - adherence.at >= 1_000)
          adherence = {
            at: now,
            version: schedules.version,
            floor: floorAdherence(live.state, schedules.agents, config.schedules, now),
          };
        addAdherence(v, adherence.floor);
      },
    };
    const archive = startArchive({
      pool: history.pool,
      config,
      redis,
      stream: settings.stream,
      lease,
      log,
      registry: metrics.registry,
    });
    closeAll.push(['archive', () => archive.close()]);
    // Every seek into the archive (replays, past pictures and explanations, past days' attendance) runs in the
    // seek thread, off this loop.
    const seekWorker = new SeekWorker({
      databaseUrl: history.url,
      config,
      log,
      timeoutMs: config.replay.seekTimeoutSec * 1000,
    });
    closeAll.push(['seek thread', () => seekWorker.stop()]);
    const retention = new Retention({
      redis,
      stream: settings.stream,
      hours: config.retention.streamHours,
      leader: () => lease.held(),
      log,
    });
    retention.start();
    closeAll.push(['retention', () => retention.stop()]);
    // Boards as data (CONTRACT §10): the file's boards overlaid by the console's edits, watched on every node.
    const boards = new BoardStore({ redis: requests, fileBoards: config.boards, log });
    await boards.load();
    closeAll.push(['boards', () => boards.close()]);

    const alerts = new AlertService({
      redis,
      rules: config.alerts.rules,
      webhookUrl: config.alerts.webhookUrl,
      log,
      leader: () => lease.held(),
    });
    await alerts.load();
    // Closed before Redis: it waits for its pending writes.
    closeAll.push(['alerts', () => alerts.close()]);

    const bulletins = new BulletinService({ redis: requests, log });
    await bulletins.load();
    closeAll.push(['bulletins', () => bulletins.close()]);
    const users = new UserStore(requests);
    const sessions = new SessionStore(requests);
    principals.useSessions(sessions, users);
    const audit = new AuditLog(requests, log);
    const bulletinHistory = new BulletinHistory(audit);
    // What a replayed picture shows besides the figures (server/replay/past-floor.ts).
    const past = { rules: () => alerts.rules(), bulletins: (at: number) => bulletinHistory.at(at) };
    const pastRoutes = { store: archive.store, seeks: seekWorker, sources: past };
    const consoleDeps = {
      users,
      sessions,
      loginLimit: new LoginLimit(requests),
      audit,
      alerts,
      bulletins,
      log,
    };

    let dead = { count: 0, at: 0 };
    const health = async (): Promise<Health> => {
      const st = consumer.status();
      if (Date.now() - dead.at > DEAD_COUNT_EVERY_MS && st.redis === 'up') {
        dead = { count: await deadLetterCount(redis, settings.stream).catch(() => dead.count), at: Date.now() };
      }
      const problem = feedProblem();
      const reasons = problem ? [problem] : [];
      return {
        status: reasons.length ? 'degraded' : 'ok',
        redis: st.redis,
        lagMs: lagMs(),
        dead: dead.count,
        ...(reasons.length ? { reasons } : {}),
        ...live.state.stats,
      };
    };

    const attendanceDays = new AttendanceDays({
      store: scheduleStore,
      config,
      state: () => live.state,
      seeks: seekWorker,
    });
    const app = createApp({
      live,
      principals,
      health,
      staticDir: o.staticDir ?? DEFAULT_STATIC_DIR,
      ingest: {
        redis,
        stream: settings.stream,
        maxEntryBytes: config.ingest.maxEntryBytes,
        limits: foldLimits(config),
      },
      console: consoleDeps,
      boards,
      actions: config.actions,
      http: config.http,
      reports: { live, store: history.store, config, attendance: attendanceDays },
      schedules: {
        store: scheduleStore,
        cache: schedules,
        config,
        state: () => live.state,
        seeks: seekWorker,
        attendanceDays,
      },
      metrics: metricsRouter(principals, metrics),
      past: pastSnapshotRouter(principals, pastRoutes),
      pastRoutes,
    });
    const http = createServer(app);
    if (o.homePath) app.set(HOME_PATH, o.homePath);
    const lanes = new LanePlanner();
    const hub = new Hub(http, live, principals, log, lanes);
    tick = new Tick({ live, alerts, bulletins, sink: hub, lanes, log, observe: (ms) => metrics.observeTick(ms) });
    pushBoards(hub.io, boards);
    // A subscribed connection can do nothing else: the relay has its own.
    const relaySubscriber = createRedis(redisUrl, 'replay-relay', log);
    closeAll.push(['replay relay connection', async () => relaySubscriber.disconnect()]);
    const relay = attachReplay(hub.io, {
      store: archive.store,
      seeks: seekWorker,
      live,
      log,
      past,
      relay: { subscriber: relaySubscriber, publisher: redis, stream: settings.stream },
    });
    await relay.start();
    closeAll.push(['replay relay', () => relay.close()]);
    metrics.socketRoles = () => [...hub.io.of('/').sockets.values()].map((socket) => socket.data.principal.role);
    closeAll.push(['sockets', () => hub.close()]);
    closeAll.push(['tick', async () => tick?.close()]);
    await listen(http, settings.port, settings.host);
    // Screens hold keep-alive connections open; closing must not wait for them to go idle.
    closeAll.push([
      'http',
      () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
    ]);
    const port = (http.address() as { port: number }).port;

    return {
      url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`,
      port,
      redisUrl,
      live,
      consumer,
      alerts,
      bulletins,
      lease,
      metrics,
      history,
      archive,
      seekWorker,
      health,
      checkpoint: () => checkpointer.save(),
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function listen(http: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new Error(`port ${port} on ${host} is already in use (set PORT to another)`));
      else if (err.code === 'EADDRNOTAVAIL')
        reject(new Error(`cannot listen on ${host}: no such local address (HOST)`));
      else reject(err);
    });
    http.listen(port, host, () => resolve());
  });
}

/** How long closing may take in all before the node stops waiting (the stream consumer alone may take 3 s). */
const CLOSE_BUDGET_MS = 6_000;
const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
