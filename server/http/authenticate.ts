// REST authentication: a bearer token or the session cookie, then a role check per route.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../shared/config.ts';
import type { Principal, Principals } from '../auth/principals.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** Set when the caller came with a session cookie. */
    sessionId?: string;
  }
}

export function authenticate(principals: Principals): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    principals
      .authenticate({ authorization: req.get('authorization'), cookie: req.get('cookie') })
      .then((resolved) => {
        if (!resolved) return void res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
        req.principal = resolved.principal;
        if (resolved.sessionId) req.sessionId = resolved.sessionId;
        next();
      })
      .catch(next);
  };
}

/** After authenticate(): 403 unless the caller has one of the roles. */
export function allow(...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!roles.includes(req.principal!.role)) return void res.status(403).json({ error: 'forbidden' });
    next();
  };
}

/** `?limit=` as a positive integer, else the default. */
export function limitParam(req: Request, fallback: number): number {
  const n = Number(req.query.limit);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
