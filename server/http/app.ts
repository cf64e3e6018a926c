// REST and pages: the snapshot and health endpoints, and the built wallboard with its client-side routes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Health } from '../../shared/snapshot.ts';
import { bearer, type Principal, type Principals } from '../auth/principals.ts';
import { canView, scopeSnapshot } from '../auth/scope.ts';
import type { LiveModel } from '../live.ts';

export interface AppDeps {
  live: LiveModel;
  principals: Principals;
  health: () => Promise<Health>;
  /** Folder of the built wallboard (vite's outDir). */
  staticDir: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');

  const authenticate = (req: Request, res: Response, next: NextFunction) => {
    const principal = deps.principals.resolve(bearer(req.get('authorization')));
    if (!principal) return void res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
    req.principal = principal;
    next();
  };

  app.get('/api/v1/health', async (_req, res) => {
    const h = await deps.health();
    res.status(h.status === 'ok' ? 200 : 503).json(h);
  });

  app.get('/api/v1/snapshot', authenticate, (req, res) => {
    const p = req.principal!;
    if (!canView(p)) return void res.status(403).json({ error: 'forbidden' });
    res.set('Cache-Control', 'no-store').json(scopeSnapshot(deps.live.snapshot(Date.now()), p));
  });

  app.use('/api', (_req, res) => void res.status(404).json({ error: 'not found' }));

  app.get('/', (req, res) => {
    const q = req.originalUrl.indexOf('?');
    res.redirect(302, '/wall/default' + (q >= 0 ? req.originalUrl.slice(q) : ''));
  });

  const index = path.join(deps.staticDir, 'index.html');
  app.use(express.static(deps.staticDir, { index: false, maxAge: '1h' }));
  app.get(['/wall/:board', '/supervisor', '/agent'], (_req, res) => {
    if (!existsSync(index)) return void res.status(503).type('text').send('The wallboard is not built: run `npm run build`.');
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });

  return app;
}
