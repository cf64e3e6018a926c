// GET /api/v1/audit: the latest audit entries, newest first (admins only).
import express, { type Request, type Response, type Router } from 'express';
import type { AuditLog } from '../audit.ts';
import type { Principals } from '../auth/principals.ts';
import { allow, authenticate, limitParam } from './authenticate.ts';

export function auditRouter(principals: Principals, audit: AuditLog): Router {
  const router = express.Router();
  router.get('/api/v1/audit', authenticate(principals), allow('admin'), async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json(await audit.latest(limitParam(req, 100)));
  });
  return router;
}
