// Alerts over REST: the active list and history (scoped like the snapshot), acknowledgement, and rule edits.
import { REPLAY_ALERT_PREFIX } from '../replay/past-floor.ts';
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { parseRules } from '../../shared/alerts.ts';
import type { AlertService } from '../alerts/service.ts';
import { actorOf, type Principals } from '../auth/principals.ts';
import { alertActionable, alertVisible, type AgentOf } from '../auth/scope.ts';
import { ALERT_RULES_KEY } from '../redis/keys.ts';
import { allow, authenticate, limitParam } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';
import { requireRedis } from './redis-unavailable.ts';

export interface AlertRoutesDeps {
  principals: Principals;
  alerts: AlertService;
  /** Where an agent is now (agent alerts are scoped by its team and queues). */
  agentOf: AgentOf;
  redis: Redis;
}

const HISTORY_DEFAULT = 100;
const HISTORY_MAX = 1_000;
const COMMENT_MAX = 500;

export function alertsRouter(d: AlertRoutesDeps): Router {
  const router = express.Router();
  router.use('/api/v1/alerts', authenticate(d.principals));
  const managers = allow('admin', 'supervisor');
  const writable = requireRedis(d.redis);

  router.get('/api/v1/alerts', allow('admin', 'supervisor', 'display', 'agent'), (req: Request, res: Response) => {
    const p = req.principal!;
    res.set('Cache-Control', 'no-store').json(d.alerts.active().filter((a) => alertVisible(a, p, d.agentOf)));
  });

  router.get('/api/v1/alerts/history', managers, async (req: Request, res: Response) => {
    const p = req.principal!;
    const limit = Math.min(HISTORY_MAX, limitParam(req, HISTORY_DEFAULT));
    // A scoped supervisor's share is found among the latest changes of everyone.
    const scoped = p.role === 'supervisor' && (p.teams || p.queues);
    const changes = await d.alerts.history(scoped ? HISTORY_MAX : limit);
    res
      .set('Cache-Control', 'no-store')
      .json(changes.filter((c) => alertVisible(c.alert, p, d.agentOf)).slice(0, limit));
  });

  router.get('/api/v1/alerts/rules', managers, async (_req: Request, res: Response) => {
    const edited = (await d.redis.exists(ALERT_RULES_KEY)) === 1;
    res.set('Cache-Control', 'no-store').json({ rules: d.alerts.rules(), edited });
  });

  router.put('/api/v1/alerts/rules', allow('admin'), writable, jsonBody(), async (req: Request, res: Response) => {
    try {
      parseRules(req.body);
    } catch (err) {
      return void res.status(400).json({ error: (err as Error).message });
    }
    res.json({ rules: await d.alerts.setRules(req.body, actorOf(req.principal!)) });
  });

  router.delete('/api/v1/alerts/rules', allow('admin'), writable, async (req: Request, res: Response) => {
    res.json({ rules: await d.alerts.resetRules(actorOf(req.principal!)) });
  });

  router.post('/api/v1/alerts/:id/ack', managers, writable, jsonBody(), async (req: Request, res: Response) => {
    const p = req.principal!;
    const id = String(req.params.id);
    const comment = (req.body as { comment?: unknown } | undefined)?.comment;
    if (comment !== undefined && (typeof comment !== 'string' || comment.length > COMMENT_MAX)) {
      return void res.status(400).json({ error: `comment must be a string of at most ${COMMENT_MAX} characters` });
    }
    // A replayed picture's alert is the past: there is nothing to acknowledge, and it must not touch a live one.
    if (id.startsWith(REPLAY_ALERT_PREFIX))
      return void res
        .status(409)
        .json({ error: `"${id}" is an alert of a replay (the past): it cannot be acknowledged` });
    // An alert outside a scoped supervisor's teams or queues is not theirs to see, so it is not found.
    const alert = d.alerts.active().find((a) => a.id === id);
    if (alert && !alertVisible(alert, p, d.agentOf))
      return void res.status(404).json({ error: `no active alert "${id}"` });
    if (alert && !alertActionable(alert, p, d.agentOf)) {
      return void res
        .status(403)
        .json({ error: `forbidden: "${id}" is outside your teams and queues (you may see it, not acknowledge it)` });
    }
    const r = await d.alerts.acknowledge(id, actorOf(p), comment?.trim() || undefined);
    if (r.ok) return void res.json(r.alert);
    res.status(r.code === 'not-found' ? 404 : 409).json({ error: r.error });
  });

  router.use('/api/v1/alerts', bodyErrors);
  return router;
}
