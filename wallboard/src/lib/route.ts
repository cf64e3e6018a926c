// Which page a path asks for. The server redirects `/` itself and falls back to index.html for the rest.
// Other screens add their own branch here (e.g. /supervisor, /agent, /login).

export type Route =
  | { page: 'wall'; board: string }
  | { page: 'login' | 'supervisor' | 'agent' | 'boards' | 'reports' }
  | { page: 'not-found'; path: string };

const CONSOLE_PAGES = {
  '/login': 'login',
  '/supervisor': 'supervisor',
  '/agent': 'agent',
  '/boards': 'boards',
  '/reports': 'reports',
} as const;

export function parseRoute(pathname: string): Route {
  const consolePage = CONSOLE_PAGES[pathname.replace(/(.)\/$/, '$1') as keyof typeof CONSOLE_PAGES];
  if (consolePage) return { page: consolePage };
  const wall = /^\/wall\/([^/]+)\/?$/.exec(pathname);
  if (wall?.[1]) {
    try {
      return { page: 'wall', board: decodeURIComponent(wall[1]) };
    } catch {
      // A malformed %-escape names no board.
    }
  }
  return { page: 'not-found', path: pathname };
}
