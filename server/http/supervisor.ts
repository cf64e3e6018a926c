// The supervisor's drill-down: one queue in detail, one agent's day, and the calls behind a figure. The engine
// answers (engine/queries.ts); this file decides who may ask about what.
import express, { type Request, type Response, type Router } from 'express';
import { WINDOW_NAMES, type WindowName } from '../../shared/snapshot.ts';
import type { Principals } from '../auth/principals.ts';
import { agentVisible, queueVisible } from '../auth/scope.ts';
import { EXPLAINED_METRICS, type ExplainedMetric, type ExplainQuestion } from '../../shared/supervisor.ts';
import { agentTimeline, queueDetail } from '../engine/queries.ts';
import type { LiveModel } from '../live.ts';
import { BAD_INSTANT, inArchive, OUTSIDE_ARCHIVE, type PastRoutes, pastFailed } from '../replay/http.ts';
import { parseInstant } from '../stream/instant.ts';
import { allow, authenticate } from './authenticate.ts';
import { type Explained, explainAs } from './explained.ts';

const forbidden = (res: Response) => void res.status(403).json({ error: 'forbidden' });

export function supervisorRouter(principals: Principals, live: LiveModel, past: PastRoutes): Router {
  const router = express.Router();
  const auth = authenticate(principals);

  router.get('/api/v1/queues/:id/detail', auth, allow('admin', 'supervisor'), (req: Request, res: Response) => {
    const p = req.principal!;
    const id = String(req.params.id);
    const detail = queueDetail(live.state, id, Date.now());
    if (!detail) return void res.status(404).json({ error: `no queue "${id}"` });
    if (!queueVisible(p, id)) return forbidden(res);
    res
      .set('Cache-Control', 'no-store')
      .json({ ...detail, agents: detail.agents.filter((a) => agentVisible(p, a.id, live.state.agents.get(a.id))) });
  });

  router.get(
    '/api/v1/agents/:id/timeline',
    auth,
    allow('admin', 'supervisor', 'agent'),
    (req: Request, res: Response) => {
      const p = req.principal!;
      const id = String(req.params.id);
      const agent = live.state.agents.get(id);
      // An agent asking about anyone else is refused whether or not that agent exists.
      if (p.role === 'agent' && id !== p.agentId) return forbidden(res);
      if (!agent) return void res.status(404).json({ error: `no agent "${id}"` });
      if (!agentVisible(p, id, agent)) return forbidden(res);
      res.set('Cache-Control', 'no-store').json(agentTimeline(live.state, id, Date.now()));
    },
  );

  // `at` (extension): the same question about the replayed floor at that past moment.
  router.get('/api/v1/explain', auth, allow('admin', 'supervisor'), async (req: Request, res: Response, next) => {
    const p = req.principal!;
    const q = parseExplain(req.query);
    if (typeof q === 'string') return void res.status(400).json({ error: q });
    let out: Explained;
    if (req.query.at === undefined) out = explainAs(p, live.state, q, Date.now());
    else {
      const at = typeof req.query.at === 'string' ? parseInstant(req.query.at) : undefined;
      if (at === undefined) return void res.status(400).json({ error: BAD_INSTANT });
      try {
        out = (await inArchive(past.store, at))
          ? await past.seeks.explain(at, q, p)
          : { status: 404, body: { error: OUTSIDE_ARCHIVE } };
        if (out.status === 200) out.body = { ...out.body, at, replay: true };
      } catch (err) {
        return pastFailed(err, res, next);
      }
    }
    res.status(out.status).set('Cache-Control', 'no-store').json(out.body);
  });

  return router;
}

/** The question, or what is wrong with it. */
function parseExplain(query: Request['query']): ExplainQuestion | string {
  const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
  const scope = str('scope') ?? 'center';
  const window = str('window') ?? 'today';
  const metric = str('metric');
  const id = str('id');
  if (scope !== 'center' && scope !== 'queue') return `scope must be center or queue, not "${scope}"`;
  if (scope === 'queue' && !id) return 'scope=queue needs id=<queueId>';
  if (!(WINDOW_NAMES as readonly string[]).includes(window)) return `window must be one of ${WINDOW_NAMES.join(', ')}`;
  if (!metric || !(EXPLAINED_METRICS as readonly string[]).includes(metric))
    return `metric must be one of ${EXPLAINED_METRICS.join(', ')}`;
  return {
    scope,
    ...(scope === 'queue' ? { id: id! } : {}),
    window: window as WindowName,
    metric: metric as ExplainedMetric,
  };
}
