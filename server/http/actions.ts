// Supervisor actions over REST (CONTRACT §7): POST /api/v1/actions → 202 { id }; GET /api/v1/actions/:id → its
// state; GET /api/v1/actions/options?agentId= → what the console offers for one agent.
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ActionsConfig } from '../../shared/actions.ts';
import { mayAct } from '../actions/access.ts';
import { ActionService } from '../actions/service.ts';
import type { AuditLog } from '../audit.ts';
import type { Principals } from '../auth/principals.ts';
import type { UserStore } from '../auth/users.ts';
import type { LiveModel } from '../live.ts';
import { authenticate } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';

export interface ActionRoutesDeps {
  principals: Principals;
  live: LiveModel;
  redis: Redis;
  stream: string;
  users: UserStore;
  audit: AuditLog;
  config: ActionsConfig;
  log: Logger;
}

const PATH = '/api/v1/actions';

export function actionsRouter(d: ActionRoutesDeps): Router {
  const service = new ActionService(d);
  const router = express.Router();
  router.use(PATH, authenticate(d.principals));

  router.post(PATH, jsonBody(), async (req: Request, res: Response) => {
    let r: Awaited<ReturnType<typeof service.submit>>;
    try {
      r = await service.submit(req.principal!, req.body);
    } catch (err) {
      // Redis failed: nothing was sent, or the command's fate is unknown; either way the caller may retry.
      d.log.error({ err: (err as Error).message }, 'action not recorded');
      return void res.status(503).json({ error: `could not record the action: ${(err as Error).message}` });
    }
    if (!r.ok) return void res.status(r.status).json({ error: r.error });
    res.status(202).json({ id: r.id });
  });

  // Before /:id, which would otherwise take "options" for an action id (ids are `act-<uuid>`).
  router.get(`${PATH}/options`, async (req: Request, res: Response) => {
    if (!mayAct(req.principal!)) return void res.status(403).json({ error: 'forbidden' });
    const agentId = typeof req.query.agentId === 'string' ? req.query.agentId : '';
    if (!agentId) return void res.status(400).json({ error: 'agentId: required' });
    const options = await service.options(req.principal!, agentId);
    if (!options) return void res.status(404).json({ error: `no agent "${agentId}"` });
    res.set('Cache-Control', 'no-store').json(options);
  });

  router.get(`${PATH}/:id`, async (req: Request, res: Response) => {
    if (!mayAct(req.principal!)) return void res.status(403).json({ error: 'forbidden' });
    const status = await service.status(String(req.params.id));
    if (!status) return void res.status(404).json({ error: `no action "${String(req.params.id)}"` });
    res.set('Cache-Control', 'no-store').json(status);
  });

  router.use(PATH, bodyErrors);
  return router;
}
