// Bulletins over REST: the active ones the caller is addressed by, and posting, editing and expiring them.
import express, { type Request, type Response, type Router } from 'express';
import {
  bulletinInputSchema,
  type Bulletin,
  type BulletinInput,
  type BulletinTargets,
} from '../../shared/bulletins.ts';
import type { Principal } from '../auth/principals.ts';
import type { AuditLog } from '../audit.ts';
import { actorOf, type Principals } from '../auth/principals.ts';
import { bulletinRefusal, bulletinVisible, type AgentOf } from '../auth/scope.ts';
import { BulletinError, type BulletinService } from '../bulletins/service.ts';
import { allow, authenticate } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';

export interface BulletinRoutesDeps {
  principals: Principals;
  bulletins: BulletinService;
  audit: AuditLog;
  agentOf: AgentOf;
}

const PATH = '/api/v1/bulletins';

export function bulletinsRouter(d: BulletinRoutesDeps): Router {
  const router = express.Router();
  router.use(PATH, authenticate(d.principals));
  const managers = allow('admin', 'supervisor');

  router.get(PATH, allow('admin', 'supervisor', 'display', 'agent'), (req: Request, res: Response) => {
    const p = req.principal!;
    res
      .set('Cache-Control', 'no-store')
      .json(d.bulletins.active(Date.now()).filter((b) => bulletinVisible(b, p, d.agentOf)));
  });

  /** The active bulletin `id` when the caller may change it; otherwise answers 404 (not theirs to see) or 403. */
  const changeable = (req: Request, res: Response): Bulletin | null => {
    const id = String(req.params.id);
    const b = d.bulletins.find(id, Date.now());
    if (!b || !bulletinVisible(b, req.principal!, d.agentOf))
      return (void res.status(404).json({ error: `no active bulletin "${id}"` }), null);
    return allowed(res, b.targets, req.principal!) ? b : null;
  };

  router.post(PATH, managers, jsonBody(), async (req: Request, res: Response) => {
    const input = parse(req, res);
    if (!input || !allowed(res, input.targets ?? {}, req.principal!)) return;
    const b = await write(res, () => d.bulletins.post(input, actorOf(req.principal!)));
    if (!b) return;
    await d.audit.record(actorOf(req.principal!), 'bulletin.post', {
      id: b.id,
      text: b.text,
      severity: b.severity,
      targets: b.targets,
      expiresAt: b.expiresAt,
    });
    res.status(201).json(b);
  });

  router.put(`${PATH}/:id`, managers, jsonBody(), async (req: Request, res: Response) => {
    const input = parse(req, res);
    if (!input) return;
    const old = changeable(req, res);
    if (!old || (input.targets && !allowed(res, input.targets, req.principal!))) return;
    const id = old.id;
    const b = await write(res, () => d.bulletins.edit(id, input));
    if (b === undefined) return;
    if (b === null) return void res.status(404).json({ error: `no active bulletin "${id}"` });
    await d.audit.record(actorOf(req.principal!), 'bulletin.edit', {
      id,
      text: b.text,
      severity: b.severity,
      targets: b.targets,
      expiresAt: b.expiresAt,
    });
    res.json(b);
  });

  router.delete(`${PATH}/:id`, managers, async (req: Request, res: Response) => {
    const old = changeable(req, res);
    if (!old) return;
    const id = old.id;
    if (!(await d.bulletins.expire(id))) return void res.status(404).json({ error: `no active bulletin "${id}"` });
    await d.audit.record(actorOf(req.principal!), 'bulletin.expire', { id });
    res.status(204).end();
  });

  router.use(PATH, bodyErrors);
  return router;
}

/** Whether the caller may address bulletins so; answers 403 with the reason when not. */
function allowed(res: Response, targets: BulletinTargets, p: Principal): boolean {
  const refusal = bulletinRefusal(targets, p);
  if (refusal) res.status(403).json({ error: refusal });
  return refusal === null;
}

function parse(req: Request, res: Response): BulletinInput | null {
  const parsed = bulletinInputSchema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join('.');
  res.status(400).json({ error: where ? `${where}: ${issue.message}` : issue.message });
  return null;
}

/** Runs a write; a BulletinError (bad input found late) becomes a 400 and the result undefined. */
async function write<T>(res: Response, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (err) {
    if (!(err instanceof BulletinError)) throw err;
    res.status(400).json({ error: err.message });
    return undefined;
  }
}
