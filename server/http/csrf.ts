// Cross-site request forgery: a page on another origin (another port, a sibling subdomain: the same *site*, so
// SameSite does not help) must not make writes with a signed-in supervisor's cookie. Bearer tokens are not sent
// by browsers on their own, so token calls are not affected. See docs/security.md.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { bearer } from '../auth/principals.ts';
import { SESSION_COOKIE, readCookie } from '../auth/sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Login sets the cookie rather than using it, but a forged login would sign the victim in as the attacker. */
const LOGIN_PATH = '/api/v1/login';

/**
 * For state-changing requests that carry the session cookie and no bearer token: the body must be declared
 * `application/json` (another origin cannot send that without a CORS preflight, which this server never grants),
 * and `Origin` (or, without it, `Sec-Fetch-Site`) must say the request comes from this server's own pages or an
 * origin in `allowedOrigins`. A request with neither header is not from a browser (browsers send Origin on every
 * POST, PUT and DELETE) and passes.
 */
export function csrfGuard(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || bearer(req.get('authorization'))) return next();
    const withCookie = readCookie(req.get('cookie'), SESSION_COOKIE) !== null;
    const login = req.path === LOGIN_PATH;
    if (!withCookie && !login) return next();
    const refuse = (error: string) => void res.status(403).json({ error });
    if (withCookie && !isJson(req.get('content-type'))) {
      return refuse('refused: a signed-in write must be sent with Content-Type: application/json');
    }
    const origin = req.get('origin');
    if (origin !== undefined) {
      if (allowed.has(origin) || hostOf(origin) === req.get('host')) return next();
      return refuse(
        `refused: cross-origin request from ${JSON.stringify(origin.slice(0, 200))} (a reverse proxy's public origin goes in http.allowedOrigins)`,
      );
    }
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return refuse(`refused: cross-origin request (Sec-Fetch-Site: ${site.slice(0, 40)})`);
    next();
  };
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** host[:port] of an Origin as it appears in a Host header; null for `null` and other non-URLs. */
function hostOf(origin: string): string | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : null;
  } catch {
    return null;
  }
}
