// GET /metrics for Prometheus, on the main port: open to loopback callers (a local agent or sidecar), anyone
// else needs the admin token. A request relayed by a proxy on this host comes from loopback too: one that carries
// forwarding headers is someone else's, whether or not http.trustProxy believes them.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Principals } from '../auth/principals.ts';
import type { NodeMetrics } from '../metrics.ts';
import { allow, authenticate } from './authenticate.ts';

export function metricsRouter(principals: Principals, metrics: NodeMetrics): Router {
  const router = express.Router();
  const adminUnlessLoopback = (req: Request, res: Response, next: NextFunction) => {
    if (isLoopbackAddress(req.ip) && !forwarded(req)) return next();
    authenticate(principals)(req, res, (err?: unknown) => (err ? next(err) : allow('admin')(req, res, next)));
  };
  router.get('/metrics', adminUnlessLoopback, async (_req: Request, res: Response, next: NextFunction) => {
    try {
      res
        .set('Content-Type', metrics.contentType)
        .set('Cache-Control', 'no-store')
        .send(await metrics.text());
    } catch (err) {
      next(err);
    }
  });
  return router;
}

export function isLoopbackAddress(ip: string | undefined): boolean {
  if (!ip) return false;
  return ip === '::1' || /^127\./.test(ip) || /^::ffff:127\./.test(ip);
}

function forwarded(req: Request): boolean {
  return (
    req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined || req.get('x-real-ip') !== undefined
  );
}
