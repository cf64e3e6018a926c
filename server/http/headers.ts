// Security headers on every response (pages, API, errors): a CSP that fits the built wallboard, who may frame it,
// no Referer (a wall's address carries its ?token=), no MIME sniffing. See docs/security.md.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The built app (Vite) is module scripts and stylesheets from /assets, the console's loaded by import(); Svelte sets dynamic styles through the
 * CSSOM, which style-src does not govern; socket.io connects to the same origin ('self' covers ws:/wss: there).
 * The favicon is a data: URL.
 */
export function securityHeaders(frameAncestors: readonly string[]): RequestHandler {
  const selfOnly = frameAncestors.length === 1 && frameAncestors[0] === "'self'";
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': [...frameAncestors],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // X-Frame-Options can only say SAMEORIGIN or DENY: with other framers configured, CSP alone decides.
    xFrameOptions: selfOnly ? { action: 'sameorigin' } : false,
    // HSTS is the TLS terminator's to set: sent from here over plain HTTP it is ignored, and a wrong max-age
    // would pin the company's sibling hosts to HTTPS.
    strictTransportSecurity: false,
  });
}
