// POST /login, POST /logout, GET /me: cookie sessions for people (tokens stay for machines and walls).
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit.ts';
import type { LoginLimit } from '../auth/login-limit.ts';
import { actorOf, meOfPrincipal, principalOf, type Principals } from '../auth/principals.ts';
import { SESSION_COOKIE, SESSION_TTL_SEC, type SessionStore } from '../auth/sessions.ts';
import type { UserStore } from '../auth/users.ts';
import { authenticate } from './authenticate.ts';
import { bodyErrors, jsonBody } from './body.ts';
import { logSafeName } from '../redact.ts';

export interface AuthDeps {
  principals: Principals;
  users: UserStore;
  sessions: SessionStore;
  loginLimit: LoginLimit;
  audit: AuditLog;
  log: Logger;
}

export function authRouter(d: AuthDeps): Router {
  const router = express.Router();

  router.post('/api/v1/login', jsonBody(), async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.password !== 'string') {
      return void res.status(400).json({ error: 'send { "username": "…", "password": "…" } as JSON' });
    }
    const { username, password } = body;
    const ip = req.ip ?? 'unknown';
    // The name goes into Redis keys before it is known to be valid: keep those short (a real one has ≤ 64 chars).
    const limitKey = username.slice(0, 100);
    const wait = await d.loginLimit.reserve(limitKey, ip);
    if (wait > 0)
      return void res
        .status(429)
        .set('Retry-After', String(wait))
        .json({ error: `too many attempts, try again in ${wait} s` });
    const user = await d.users.verify(username, password);
    if (!user) {
      // Only a name that exists is written out: anything else may be a password typed in the wrong field.
      const known = (await d.users.get(username)) !== null;
      d.log.info({ ...(known ? { username: logSafeName(username) } : { unknownUser: true }), ip }, 'failed login');
      return void res.status(401).json({ error: 'invalid username or password' });
    }
    await d.loginLimit.succeeded(limitKey, ip);
    const sessionId = await d.sessions.create(user.username);
    res.cookie(SESSION_COOKIE, sessionId, { ...cookieOptions(req), maxAge: SESSION_TTL_SEC * 1000 });
    await d.audit.record(user.username, 'auth.login', { ip });
    res.json({ user: meOfPrincipal(principalOf(user)) });
  });

  router.post('/api/v1/logout', authenticate(d.principals), async (req: Request, res: Response) => {
    if (req.sessionId) {
      await d.sessions.delete(req.sessionId);
      await d.audit.record(actorOf(req.principal!), 'auth.logout', {});
    }
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });

  router.get('/api/v1/me', authenticate(d.principals), (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store').json(meOfPrincipal(req.principal!));
  });

  router.use('/api/v1/login', bodyErrors);
  return router;
}

function cookieOptions(req: Request) {
  // Strict: see docs/security.md (pages need no cookie to load; every request that uses it comes from our pages).
  return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: req.secure };
}
