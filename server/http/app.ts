// REST and pages: the snapshot and health endpoints, and the built wallboard with its client-side routes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Health } from '../../shared/snapshot.ts';
import type { HttpConfig } from '../../shared/config.ts';
import { isRedisUnavailable } from '../redis/connection.ts';
import { csrfGuard } from './csrf.ts';
import { answerRedisUnavailable } from './redis-unavailable.ts';
import { securityHeaders } from './headers.ts';
import type { AlertService } from '../alerts/service.ts';
import type { AuditLog } from '../audit.ts';
import type { LoginLimit } from '../auth/login-limit.ts';
import type { Principals } from '../auth/principals.ts';
import { canView, scopeSnapshot, type AgentOf } from '../auth/scope.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { UserStore } from '../auth/users.ts';
import type { BulletinService } from '../bulletins/service.ts';
import type { LiveModel } from '../live.ts';
import { actionsRouter } from './actions.ts';
import { alertsRouter } from './alerts.ts';
import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { authenticate } from './authenticate.ts';
import { bulletinsRouter } from './bulletins.ts';
import { supervisorRouter } from './supervisor.ts';
import type { PastRoutes } from '../replay/http.ts';
import { boardEditRouter, boardsRouter } from './boards.ts';
import { eventsRouter, type EventIngestDeps } from './events.ts';
import type { BoardStore } from '../boards/store.ts';
import { actionsConfigSchema, type ActionsConfig } from '../../shared/actions.ts';
import { reportsRouter, type ReportsDeps } from './reports.ts';
import { schedulesRouter, type ScheduleRoutesDeps } from './schedules.ts';

export interface AppDeps {
  live: LiveModel;
  principals: Principals;
  health: () => Promise<Health>;
  /** Folder of the built wallboard (vite's outDir). */
  staticDir: string;
  /** Proxies, origins and framing (the config's `http`). */
  http: HttpConfig;
  /** Where POST /api/v1/events writes. */
  ingest: EventIngestDeps;
  /** The config's boards overlaid by the console's edits (CONTRACT §10); /wall/default is served without any. */
  boards: BoardStore;
  /** The supervisor console's services (issue 4). */
  console: ConsoleDeps;
  /** Supervisor actions (CONTRACT §7); omitted: the default pause reasons. */
  actions?: ActionsConfig;
  /** History reports (CONTRACT §6). */
  reports: ReportsDeps;
  /** Schedules (issue 17): import and export. */
  schedules: Omit<ScheduleRoutesDeps, 'principals' | 'audit' | 'agentOf'>;
  /** `/metrics` (Prometheus): mounted before the app's own not-found page. */
  metrics: express.Router;
  /** `GET /api/v1/snapshot?at=` (CONTRACT §9): answers before the live snapshot, which it leaves to requests without `at`. */
  past: express.Router;
  /** The way into the past, for the explanations of replayed figures. */
  pastRoutes: PastRoutes;
}

interface ConsoleDeps {
  users: UserStore;
  sessions: SessionStore;
  loginLimit: LoginLimit;
  audit: AuditLog;
  alerts: AlertService;
  bulletins: BulletinService;
  log: Logger;
}

/** App setting: where `/` leads instead of /wall/default (the demo's includes its display token). */
export const HOME_PATH = 'floorboard home path';

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip and req.secure believe X-Forwarded-For/-Proto only from the proxies the config names.
  try {
    app.set('trust proxy', deps.http.trustProxy);
  } catch (err) {
    throw new Error(`config http.trustProxy: ${(err as Error).message}`);
  }
  app.use(securityHeaders(deps.http.frameAncestors));
  app.use(csrfGuard(deps.http.allowedOrigins));
  const c = deps.console;
  const agentOf: AgentOf = (agentId) => deps.live.state.agents.get(agentId);

  app.get('/api/v1/health', async (_req, res) => {
    const h = await deps.health();
    res.status(h.status === 'ok' ? 200 : 503).json(h);
  });

  app.use(deps.past);
  app.get('/api/v1/snapshot', authenticate(deps.principals), (req, res) => {
    const p = req.principal!;
    if (!canView(p)) return void res.status(403).json({ error: 'forbidden' });
    res.set('Cache-Control', 'no-store').json(scopeSnapshot(deps.live.snapshot(Date.now()), p));
  });

  app.use(eventsRouter(deps.principals, deps.ingest));
  app.use(boardsRouter(deps.boards, deps.principals));
  app.use(boardEditRouter(deps.boards, deps.principals, c.audit));

  app.use(
    authRouter({
      principals: deps.principals,
      users: c.users,
      sessions: c.sessions,
      loginLimit: c.loginLimit,
      audit: c.audit,
      log: c.log,
    }),
  );
  app.use(alertsRouter({ principals: deps.principals, alerts: c.alerts, agentOf, redis: deps.ingest.redis }));
  app.use(bulletinsRouter({ principals: deps.principals, bulletins: c.bulletins, audit: c.audit, agentOf }));
  app.use(auditRouter(deps.principals, c.audit));
  app.use(supervisorRouter(deps.principals, deps.live, deps.pastRoutes));
  app.use(
    actionsRouter({
      principals: deps.principals,
      live: deps.live,
      redis: deps.ingest.redis,
      stream: deps.ingest.stream,
      users: c.users,
      audit: c.audit,
      config: deps.actions ?? actionsConfigSchema.parse({}),
      log: c.log,
    }),
  );
  app.use(reportsRouter(deps.principals, deps.reports));
  app.use(schedulesRouter({ ...deps.schedules, principals: deps.principals, audit: c.audit, agentOf }));
  app.use(deps.metrics);

  app.use('/api', (_req, res) => void res.status(404).json({ error: 'not found' }));
  app.use('/api', (err: Error, req: Request, res: Response, _next: NextFunction) => {
    if (isRedisUnavailable(err)) return answerRedisUnavailable(res);
    c.log.error({ err: err.message, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  });

  app.get('/', (req, res) => {
    const home = (req.app.get(HOME_PATH) as string | undefined) ?? '/wall/default';
    const q = req.originalUrl.indexOf('?');
    const query = q >= 0 ? req.originalUrl.slice(q + 1) : '';
    res.redirect(302, query ? `${home}${home.includes('?') ? '&' : '?'}${query}` : home);
  });

  const index = path.join(deps.staticDir, 'index.html');
  app.use(express.static(deps.staticDir, { index: false, maxAge: '1h' }));
  // Browsers still ask for /favicon.ico now and then (the page declares favicon.svg): the icon, not a 404 logged on
  // every screen's console.
  app.get('/favicon.ico', (_req, res) => res.sendFile(path.join(deps.staticDir, 'favicon.svg'), { maxAge: '1h' }));
  app.get(['/wall/:board', '/supervisor', '/agent', '/login', '/boards', '/reports'], (_req, res) => {
    if (!existsSync(index))
      return void res.status(503).type('text').send('The wallboard is not built: run `npm run build`.');
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  // Any other page a browser asks for gets the app's own not-found screen (with a 404), not Express's text.
  app.get(/.*/, (req, res, next) => {
    if (!req.accepts('html') || !existsSync(index)) return next();
    res.status(404).set('Cache-Control', 'no-cache').sendFile(index);
  });

  return app;
}
